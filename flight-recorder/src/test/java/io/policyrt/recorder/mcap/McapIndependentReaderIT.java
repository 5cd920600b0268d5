package io.policyrt.recorder.mcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our files read by another implementation: the MCAP TypeScript library ({@code @mcap/core}, with
 * {@code @mcap/support} for zstd and lz4 chunks), installed from the npm registry into
 * {@code target/mcap-reader} and run with node. Its indexed reader uses our summary, Chunk Index
 * and Message Index records and checks the summary CRC and the chunk CRCs; its stream reader walks
 * every record; the script checks our Data End CRC with a CRC32 of its own. The ROS 1 message
 * bytes it extracts are decoded by Debian's genpy class ({@code python3-geometry-msgs}).
 */
class McapIndependentReaderIT {
  static final Path WORK = Path.of("target", "mcap-reader");
  static final String MISSING = " was not found on PATH: the independent-reader test runs the MCAP"
      + " TypeScript library with node and installs it with npm. Install Debian's packages"
      + " 'nodejs' and 'npm' (apt-get install nodejs npm; ./run-tests does it).";

  @BeforeAll
  static void installReader() throws Exception {
    requireTool("node");
    requireTool("npm");
    Files.createDirectories(WORK);
    copyResource("package.json");
    copyResource("read-mcap.mjs");
    if (!Files.exists(WORK.resolve("node_modules/@mcap/core/package.json"))
        || !Files.exists(WORK.resolve("node_modules/@mcap/support/package.json"))) {
      String out = run(List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error"),
          600);
      assertThat(Files.exists(WORK.resolve("node_modules/@mcap/core/package.json")))
          .as("npm install of @mcap/core and @mcap/support: %s", out).isTrue();
    }
  }

  @Test
  void the_mcap_typescript_library_reads_our_files_with_each_compression() throws Exception {
    List<String> files = new ArrayList<>();
    for (Compression c : Compression.values()) {
      Path file = WORK.resolve("run-" + c.name().toLowerCase() + ".mcap").toAbsolutePath();
      SampleRecording.write(file, McapWriterOptions.defaults().withCompression(c)
          .withChunkSizeBytes(4096), 500);
      files.add(file.toString());
    }
    List<String> command = new ArrayList<>(List.of("node", "read-mcap.mjs"));
    command.addAll(files);
    String out = run(command, 300);

    String[] perFile = out.split("(?m)^file ");
    assertThat(perFile).as(out).hasSize(1 + files.size());
    for (int i = 0; i < files.size(); i++) {
      String report = perFile[i + 1];
      String compression = Compression.values()[i].wireName();
      assertThat(report).as(out)
          .contains("header profile= library=policyrt-flight-recorder")
          .contains("schema 1 policyrt.Tick jsonschema " + SampleRecording.TICK_SCHEMA.length())
          .contains("schema 2 geometry_msgs/Twist ros1msg")
          .contains("schema 3 geometry_msgs/msg/Twist ros2msg")
          .contains("channel 1 /policyrt/tick json schema=1 metadata={}")
          .contains("channel 2 /cmd_vel ros1 schema=2 metadata={\"callerid\":\"/teleop\"")
          .contains("channel 3 /cmd_vel_ros2 cdr schema=3 metadata={\"offered_qos_profiles\":"
              + "\"- history: 3\\n  depth: 0")
          .contains("channel 4 /policyrt/event json schema=0")
          .contains("statistics messages=1550 chunks=")
          .contains("metadata=2 start=" + SampleRecording.START_NANOS)
          .contains("compression=" + compression + "\n")
          // Message counts through the indexes and through the record stream.
          .contains("indexed /cmd_vel 500\n", "indexed /cmd_vel_ros2 500\n",
              "indexed /policyrt/event 50\n", "indexed /policyrt/tick 500\n")
          .contains("stream /cmd_vel 500\n", "stream /cmd_vel_ros2 500\n",
              "stream /policyrt/event 50\n", "stream /policyrt/tick 500\n")
          .contains("indexed-order ascending")
          // Decoded values: tick 0 and 499 as JSON, the Twists as little-endian doubles.
          .contains("value /policyrt/tick seq=0 log=" + SampleRecording.START_NANOS
              + " publish=" + (SampleRecording.START_NANOS - 500_000)
              + " {\"tick\":0,\"v_mps\":0.5,\"omega_radps\":-0.25,\"stop_reason\":\"STALE_ODOMETRY\"}")
          .contains("value /policyrt/tick seq=499 log="
              + (SampleRecording.START_NANOS + 499 * SampleRecording.PERIOD_NANOS)
              + " publish=" + (SampleRecording.START_NANOS + 499 * SampleRecording.PERIOD_NANOS
                  - 500_000)
              + " {\"tick\":499,\"v_mps\":0.999,\"omega_radps\":-0.12525,\"stop_reason\":\"NONE\"}")
          .contains("value /cmd_vel seq=1 ", "linear.x=0.501 angular.z=-0.24975")
          .contains("value /cmd_vel_ros2 seq=499 ", "linear.x=0.999 angular.z=-0.12525")
          .contains("value /policyrt/event seq=1 ", "{\"event\":\"lap\",\"tick\":10}")
          .contains("metadata software {\"revision\":\"0123abcd\",")
          .contains("metadata configuration {\"record.compression\":\""
              + Compression.values()[i].name().toLowerCase() + "\"")
          .contains("datacrc ok");

      // ROS 1 bytes the TypeScript library extracted, decoded by Debian's genpy class.
      String hex = report.replaceAll("(?s).*\nros1hex /cmd_vel ([0-9a-f]+)\n.*", "$1");
      String python = System.getProperty("policyrt.python", "/usr/bin/python3");
      String decoded = run(List.of(python, "-c", "import sys\n"
          + "try:\n    from geometry_msgs.msg import Twist\n"
          + "except ImportError:\n"
          + "    sys.exit('geometry_msgs is missing: install Debian package python3-geometry-msgs')\n"
          + "t = Twist()\nt.deserialize(bytes.fromhex(sys.argv[1]))\n"
          + "print(Twist._type, t.linear.x, t.linear.y, t.angular.z)", hex), 60);
      assertThat(decoded.trim()).isEqualTo("geometry_msgs/Twist 0.999 0.0 -0.12525");
    }
  }

  @Test
  void the_mcap_typescript_library_reads_a_flight_recording_of_ticks_and_inbound_verdicts()
      throws Exception {
    Path file = WORK.resolve("flight.mcap").toAbsolutePath();
    io.policyrt.controller.testing.ControlTickFixture f =
        io.policyrt.controller.testing.ControlTickFixture.create();
    f.policy.returning(io.policyrt.controller.testing.TestSpecs.normalized(0.5,
        io.policyrt.controller.testing.TestSpecs.V_LOW_MPS,
        io.policyrt.controller.testing.TestSpecs.V_HIGH_MPS), 0.25f);
    io.policyrt.recorder.FlightRecorder recorder = io.policyrt.recorder.FlightRecorder.start(
        io.policyrt.recorder.FlightRecorder.Settings.of(file), f.policy.spec().featureNames(),
        f.policy.spec().actionNames(), java.util.Map.of("software", java.util.Map.of("revision", "abc")));
    f.tick.tap(recorder.tickTap());
    io.policyrt.recorder.InboundStream odom = recorder.inbound(
        io.policyrt.recorder.InboundStream.Layout.decodedValues("/odom", "ros1",
            io.policyrt.controller.domain.Odometry.class), 1024);
    f.publishStraightPath(0, 20, 0.5);
    io.policyrt.controller.domain.Odometry o = new io.policyrt.controller.domain.Odometry();
    for (int i = 0; i < 500; i++) {
      f.advanceMillis(20);
      f.publishOdometry(1 + 0.001 * i, 0, 0, 0, 0);
      odom.recordValue(f.now(), "NONE", true, "/sim", o.set(f.now(), 1 + 0.001 * i, 0, 0, 0, 0));
      f.tick.run();
    }
    recorder.close();
    assertThat(recorder.ticksRecorded()).isEqualTo(500);

    String out = run(List.of("node", "read-mcap.mjs", file.toString()), 300);
    assertThat(out)
        .contains("schema 1 policyrt.Tick jsonschema ")
        .contains("channel 1 /policyrt/tick json schema=1 metadata={}")
        .contains("channel 2 /policyrt/inbound json schema=2 metadata={}")
        .contains("channel 3 /policyrt/path json schema=3 metadata={}")
        .contains("/odom json schema=4 metadata={\"recorded\":")
        .contains("statistics messages=1501 chunks=") // the path once, when the ticks first followed it
        .contains("indexed /odom 500\n", "indexed /policyrt/inbound 500\n", "indexed /policyrt/tick 500\n",
            "indexed /policyrt/path 1\n")
        .contains("stream /odom 500\n", "stream /policyrt/inbound 500\n", "stream /policyrt/tick 500\n")
        .contains("metadata software {\"revision\":\"abc\"}")
        .contains("datacrc ok");
    // The last tick as the TypeScript library decoded it: the command that left, by field name.
    String last = out.replaceAll("(?s).*\nvalue /policyrt/tick seq=499 log=\\d+ publish=\\d+ (\\{[^\n]*\\})\n.*", "$1");
    com.fasterxml.jackson.databind.JsonNode tick = new com.fasterxml.jackson.databind.ObjectMapper().readTree(last);
    assertThat(tick.get("tick").asLong()).isEqualTo(499);
    assertThat(tick.get("stop_reason").asText()).isEqualTo("NONE");
    assertThat(tick.at("/command/v_mps").asDouble()).isEqualTo(f.tick.lastVelocity().vMps());
    assertThat(tick.at("/odometry/x_m").asDouble()).isEqualTo(1.499);
  }

  /** Fails, never skips, when a tool is missing, naming the Debian packages that provide it. */
  static void requireTool(String tool) throws Exception {
    try {
      run(List.of(tool, "--version"), 60);
    } catch (IOException e) {
      fail(tool + MISSING);
    }
  }

  @Test
  void a_missing_node_fails_the_test_naming_the_debian_packages() {
    assertThatThrownBy(() -> requireTool("node-not-installed"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("node-not-installed" + MISSING)
        .hasMessageContaining("Debian's packages 'nodejs' and 'npm'");
  }

  private static void copyResource(String name) throws IOException {
    try (InputStream in = McapIndependentReaderIT.class.getResourceAsStream("/mcap-reader/" + name)) {
      assertThat(in).as("test resource mcap-reader/" + name).isNotNull();
      Files.copy(in, WORK.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Runs a command in {@link #WORK}; fails the test with its output unless it exits 0. */
  private static String run(List<String> command, long timeoutSeconds) throws Exception {
    Path log = Files.createTempFile("mcap-reader", ".log");
    try {
      Process p = new ProcessBuilder(command).directory(WORK.toFile().exists()
              ? WORK.toFile() : new java.io.File("."))
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n"
            + Files.readString(log, StandardCharsets.UTF_8));
      }
      String out = Files.readString(log, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        fail(String.join(" ", command) + " exited with " + p.exitValue() + ":\n" + out);
      }
      return out;
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
