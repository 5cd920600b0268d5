package io.policyrt.launch.ros2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.policyrt.controller.testing.Eventually;
import io.policyrt.controller.time.SystemNanoClock;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.ros2.Ros2Link;
import io.policyrt.drivers.ros2.msg.Ros2MessageDefinitions;
import io.policyrt.drivers.ros2.testing.CyclonePeer;
import io.policyrt.launch.config.ConfigLoader;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.runtime.ControllerRuntime;
import io.policyrt.recorder.InboundStream;
import io.policyrt.recorder.mcap.McapChannel;
import io.policyrt.recorder.mcap.McapReader;
import io.policyrt.recorder.mcap.McapSummary;
import io.policyrt.sim.expert.PurePursuitPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A controller run over ROS 2 recorded to MCAP, fed by a Cyclone DDS peer (rmw_cyclonedds's wire
 * format): odometry with known values, a latched path, e-stop samples of which one holds no
 * boolean. Every sample of every channel is in the file as the CDR it came as ({@code cdr}, with
 * the rosbag2-style {@code ros2msg} definition as schema and {@code offered_qos_profiles}), with
 * its verdict; Foxglove's own ROS 2 libraries (npm {@code @foxglove/rosmsg} and
 * {@code @foxglove/rosmsg2-serialization}, run with node) parse the schemas and decode the samples
 * to the values the peer sent.
 */
class Ros2RecordingIT {
    static final Path WORK = Path.of("target", "ros2-decoder");
    private static final Map<String, String> TYPES = Map.of("/odom", "nav_msgs/msg/Odometry", "/path", "nav_msgs/msg/Path", "/estop",
            "std_msgs/msg/Bool");

    @TempDir
    Path dir;

    @Test
    void every_sample_is_recorded_as_its_cdr_with_its_ros2msg_schema_and_qos_and_decodes_to_what_was_sent() throws Exception {
        installDecoder();
        Path file = dir.resolve("ros2.mcap");
        int domain = ThreadLocalRandom.current().nextInt(20, 200);
        RuntimeConfig c = new RuntimeConfig();
        c.transport.kind = "ros2";
        c.policy.file = "expert";
        c.ros2.domainId = domain;
        c.ros2.localhostOnly = true;
        c.ros2.obstacleSource = "none";
        c.safety.obstacleRequired = false;
        c.run.stopAtPathEnd = false;
        c.record.file = file.toString();
        ConfigLoader.validate(c, "test");
        Map<String, Long> received = new HashMap<>();
        Map<String, String> qos = new HashMap<>();
        long stampSec = SystemNanoClock.INSTANCE.nanoTime() / 1_000_000_000L;
        int odometrySamples = 30;
        try (CyclonePeer peer = CyclonePeer.start(domain);
             ControllerRuntime rt = ControllerRuntime.open(c, new PurePursuitPolicy(), null, "test")) {
            peer.send("pub odom /odom be vol");
            peer.send("pub path /path rel tl");
            peer.send("pub octet_bool /estop rel vol");
            peer.send("path /path " + stampSec + " 0 40");
            rt.start();
            Ros2Link link = (Ros2Link) rt.link();
            Eventually.until("the peer's writers match", Duration.ofSeconds(30),
                    () -> link.participant().subscriptionMatches(link.topics().odometry()) == 1
                            && link.participant().subscriptionMatches(link.topics().estop()) == 1
                            && link.channel("/path").accepted() == 1);
            for (int i = 0; i < odometrySamples; i++) {
                // x, y, yaw, v, w, each sample 1 ms later
                peer.send("odom /odom " + stampSec + " " + (1_000_000 * (i + 1)) + " 1.25 -0.5 0 0.4 0.1");
            }
            peer.send("bool /estop 0");
            peer.send("bool /estop 2"); // a byte that is no boolean: refused, and engages
            InboundChannel<?, ?> odom = link.channel("/odom");
            InboundChannel<?, ?> estop = link.channel("/estop");
            // Best-effort odometry may lose a sample on a loaded machine: the file must hold what the channel took.
            Eventually.until("the samples arrive", () -> odom.accepted() + odom.rejectedTotal() > 0
                    && estop.accepted() == 1 && estop.rejected(Reject.MALFORMED) == 1);
            for (InboundChannel<?, ?> ch : link.channels()) {
                qos.put(ch.name(), ch.name().equals("/odom") ? link.topics().odometry().qos().reliability().name()
                        : ch.name().equals("/path") ? link.topics().path().qos().reliability().name()
                        : link.topics().estop().qos().reliability().name());
            }
            rt.close();
            for (InboundChannel<?, ?> ch : link.channels()) {
                received.put(ch.name(), ch.accepted() + ch.rejectedTotal());
            }
            assertThat(rt.recording().recorder().inboundDropped()).isZero();
        }
        assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(TYPES.keySet());

        // Our reader: encodings, schemas, QoS metadata, counts and verdicts.
        ObjectMapper json = new ObjectMapper();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Map<String, Long> verdicts = new HashMap<>();
        List<JsonNode> estopVerdicts = new ArrayList<>();
        McapSummary s;
        try (McapReader reader = McapReader.open(file)) {
            s = reader.summary();
            reader.scan((channel, m) -> {
                if (channel.topic().equals(InboundStream.VERDICT_TOPIC)) {
                    JsonNode v = json.readTree(m.data());
                    verdicts.merge(v.get("topic").asText(), 1L, Long::sum);
                    if (v.get("topic").asText().equals("/estop")) {
                        estopVerdicts.add(v);
                    }
                }
            });
        }
        for (Map.Entry<String, String> e : TYPES.entrySet()) {
            String topic = e.getKey();
            McapChannel channel = s.channel(topic);
            assertThat(channel).as(topic).isNotNull();
            assertThat(channel.messageEncoding()).as(topic).isEqualTo("cdr");
            assertThat(s.schema(channel.schemaId()).encoding()).as(topic).isEqualTo("ros2msg");
            assertThat(s.schema(channel.schemaId()).name()).as(topic).isEqualTo(e.getValue());
            assertThat(new String(s.schema(channel.schemaId()).data(), StandardCharsets.UTF_8)).as(topic)
                    .isEqualTo(Ros2MessageDefinitions.fullText(e.getValue()));
            JsonNode profiles = yaml.readTree(channel.metadata().get("offered_qos_profiles"));
            assertThat(profiles.isArray()).as(topic).isTrue();
            assertThat(profiles.get(0).get("reliability").asText()).as(topic).isEqualTo(qos.get(topic).toLowerCase());
            assertThat(profiles.get(0).get("history").asText()).as(topic).isEqualTo("keep_last");
            assertThat(profiles.get(0).get("deadline").get("sec").asLong()).as(topic).isEqualTo(9223372036L);
            assertThat(s.messageCount(topic)).as(topic).isEqualTo(received.get(topic));
            assertThat(verdicts.get(topic)).as(topic).isEqualTo(received.get(topic));
        }
        assertThat(estopVerdicts).extracting(v -> v.get("verdict").asText()).containsExactly("NONE", "MALFORMED");
        assertThat(estopVerdicts.get(1).get("bytes").asInt()).as("the refused sample's bytes are recorded").isPositive();

        // Foxglove's libraries: the schemas parse, every sample decodes, the values are the peer's.
        String out = run(List.of("node", "decode-cdr.mjs", file.toAbsolutePath().toString()), 120);
        assertThat(out).doesNotContain("undecodable");
        for (String topic : TYPES.keySet()) {
            assertThat(out).contains("count " + topic + " " + received.get(topic) + "\n");
        }
        JsonNode firstOdom = json.readTree(line(out, "first /odom "));
        assertThat(firstOdom.at("/header/stamp/sec").asLong()).isEqualTo(stampSec);
        assertThat(firstOdom.at("/header/stamp/nanosec").asLong() % 1_000_000).isZero();
        assertThat(firstOdom.at("/pose/pose/position/x").asDouble()).isEqualTo(1.25);
        assertThat(firstOdom.at("/pose/pose/position/y").asDouble()).isEqualTo(-0.5);
        assertThat(firstOdom.at("/twist/twist/linear/x").asDouble()).isEqualTo(0.4);
        assertThat(firstOdom.at("/twist/twist/angular/z").asDouble()).isEqualTo(0.1);
        JsonNode firstPath = json.readTree(line(out, "first /path "));
        assertThat(firstPath.get("poses")).hasSize(40);
        assertThat(firstPath.at("/poses/1/pose/position/x").asDouble()).isEqualTo(0.05); // 5 cm apart along x
        assertThat(json.readTree(line(out, "first /estop ")).get("data").asBoolean()).isFalse();
    }

    private static String line(String out, String prefix) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(prefix) + "(.*)$").matcher(out);
        assertThat(m.find()).as("a line '%s...' in:\n%s", prefix, out).isTrue();
        return m.group(1);
    }

    /** Installs the decoder's npm packages into {@link #WORK} once per build. */
    private static void installDecoder() throws Exception {
        for (String tool : List.of("node", "npm")) {
            try {
                run(List.of(tool, "--version"), 60);
            } catch (IOException e) {
                fail(tool + " was not found on PATH: this test decodes the recording with node and installs its libraries with npm. "
                        + "Install Debian's packages 'nodejs' and 'npm' (apt-get install nodejs npm).");
            }
        }
        Files.createDirectories(WORK);
        for (String name : List.of("package.json", "decode-cdr.mjs")) {
            try (InputStream in = Ros2RecordingIT.class.getResourceAsStream("/ros2-decoder/" + name)) {
                assertThat(in).as("test resource ros2-decoder/" + name).isNotNull();
                Files.copy(in, WORK.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (!Files.exists(WORK.resolve("node_modules/@foxglove/rosmsg2-serialization/package.json"))) {
            String out = run(List.of("npm", "install", "--no-audit", "--no-fund", "--loglevel=error"), 600);
            assertThat(Files.exists(WORK.resolve("node_modules/@foxglove/rosmsg2-serialization/package.json")))
                    .as("npm install of the decoder's packages: %s", out).isTrue();
        }
    }

    /** Runs a command in {@link #WORK}; fails the test with its output unless it exits 0. */
    private static String run(List<String> command, long timeoutSeconds) throws Exception {
        Path log = Files.createTempFile("ros2-decoder", ".log");
        try {
            Process p = new ProcessBuilder(command).directory(WORK.toFile().exists() ? WORK.toFile() : new java.io.File("."))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s:\n" + Files.readString(log));
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                fail(String.join(" ", command) + " exited " + p.exitValue() + ":\n" + out);
            }
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
