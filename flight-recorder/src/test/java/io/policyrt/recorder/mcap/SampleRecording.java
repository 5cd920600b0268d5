package io.policyrt.recorder.mcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A recording shaped like the flight recorder's: a JSON tick channel with a JSON schema, a ROS 1
 * Twist, a ROS 2 Twist with its QoS metadata, and a schemaless JSON event channel; plus metadata.
 * Keeps every message it wrote, so tests compare what they read back with it.
 */
final class SampleRecording {
  /** 2025-12-05T00:00:00Z in ns: log times are wall-clock epoch nanoseconds. */
  static final long START_NANOS = 1_764_892_800_000_000_000L;
  static final long PERIOD_NANOS = 10_000_000L;

  static final String TICK_SCHEMA = "{\"type\":\"object\",\"properties\":{"
      + "\"tick\":{\"type\":\"integer\"},\"v_mps\":{\"type\":\"number\"},"
      + "\"omega_radps\":{\"type\":\"number\"},\"stop_reason\":{\"type\":\"string\"}}}";
  static final String VECTOR3 = "float64 x\nfloat64 y\nfloat64 z\n";
  static final String TWIST_ROS1 = "geometry_msgs/Vector3 linear\ngeometry_msgs/Vector3 angular\n"
      + "=".repeat(80) + "\nMSG: geometry_msgs/Vector3\n" + VECTOR3;
  static final String TWIST_ROS2 = "geometry_msgs/msg/Vector3 linear\n"
      + "geometry_msgs/msg/Vector3 angular\n" + "=".repeat(80)
      + "\nMSG: geometry_msgs/msg/Vector3\n" + VECTOR3;
  static final String QOS = "- history: 3\n  depth: 0\n  reliability: 1\n  durability: 2\n"
      + "  deadline:\n    sec: 2147483647\n    nsec: 4294967295\n  lifespan:\n"
      + "    sec: 2147483647\n    nsec: 4294967295\n  liveliness: 1\n"
      + "  liveliness_lease_duration:\n    sec: 2147483647\n    nsec: 4294967295\n"
      + "  avoid_ros_namespace_conventions: false\n";

  final List<McapMessage> written = new ArrayList<>();
  int tick;
  int cmdVel;
  int odom;
  int event;

  /** Registers the schemas and channels and writes the metadata. */
  void register(McapWriter w) throws IOException {
    int tickSchema = w.registerSchema("policyrt.Tick", McapEncodings.SCHEMA_JSONSCHEMA,
        TICK_SCHEMA.getBytes(StandardCharsets.UTF_8));
    int twist1 = w.registerSchema("geometry_msgs/Twist", McapEncodings.SCHEMA_ROS1MSG,
        TWIST_ROS1.getBytes(StandardCharsets.UTF_8));
    int twist2 = w.registerSchema("geometry_msgs/msg/Twist", McapEncodings.SCHEMA_ROS2MSG,
        TWIST_ROS2.getBytes(StandardCharsets.UTF_8));
    tick = w.registerChannel("/policyrt/tick", McapEncodings.MESSAGE_JSON, tickSchema, Map.of());
    cmdVel = w.registerChannel("/cmd_vel", McapEncodings.MESSAGE_ROS1, twist1,
        ordered(McapEncodings.METADATA_CALLERID, "/teleop", McapEncodings.METADATA_LATCHING,
            "false"));
    odom = w.registerChannel("/cmd_vel_ros2", McapEncodings.MESSAGE_CDR, twist2,
        Map.of(McapEncodings.METADATA_OFFERED_QOS_PROFILES, QOS));
    event = w.registerChannel("/policyrt/event", McapEncodings.MESSAGE_JSON, 0, Map.of());
    w.writeMetadata("software", ordered("revision", "0123abcd", "version", "0.1.0-SNAPSHOT"));
    w.writeMetadata("configuration", ordered("record.compression", w.options().compression()
        .name().toLowerCase(), "loop.period_s", "0.01"));
  }

  /** Key/value pairs in the order given (written to the file in that order). */
  static Map<String, String> ordered(String... keysAndValues) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  static String tickJson(int i) {
    return String.format("{\"tick\":%d,\"v_mps\":%s,\"omega_radps\":%s,\"stop_reason\":\"%s\"}",
        i, Double.toString(0.5 + i / 1000.0), Double.toString(-0.25 + i / 4000.0),
        i % 7 == 0 ? "STALE_ODOMETRY" : "NONE");
  }

  static byte[] twist(int i, boolean cdr) {
    ByteBuffer b = ByteBuffer.allocate((cdr ? 4 : 0) + 48).order(ByteOrder.LITTLE_ENDIAN);
    if (cdr) {
      b.put(new byte[] {0, 1, 0, 0}); // CDR little-endian encapsulation
    }
    b.putDouble(0.5 + i / 1000.0).putDouble(0).putDouble(0);
    b.putDouble(0).putDouble(0).putDouble(-0.25 + i / 4000.0);
    return b.array();
  }

  /** Writes {@code ticks} ticks from tick {@code from}: 1 tick, a Twist on each ROS channel, an
   *  event every 10th tick; log times one period apart and distinct across channels. */
  void writeTicks(McapWriter w, int from, int ticks) throws IOException {
    for (int i = from; i < from + ticks; i++) {
      long t = START_NANOS + i * PERIOD_NANOS;
      write(w, tick, i, t, tickJson(i).getBytes(StandardCharsets.UTF_8));
      write(w, cmdVel, i, t + 1000, twist(i, false));
      write(w, odom, i, t + 2000, twist(i, true));
      if (i % 10 == 0) {
        write(w, event, i / 10, t + 3000,
            ("{\"event\":\"lap\",\"tick\":" + i + "}").getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  private void write(McapWriter w, int channel, long seq, long t, byte[] data) throws IOException {
    // Published 0.5 ms before it was recorded, as a transport's receive stamp would say.
    w.writeMessage(channel, seq, t, t - 500_000, data, 0, data.length);
    written.add(new McapMessage(channel, seq, t, t - 500_000, data));
  }

  static Path write(Path file, McapWriterOptions options, int ticks) throws IOException {
    SampleRecording r = new SampleRecording();
    try (McapWriter w = McapWriter.create(file, options)) {
      r.register(w);
      r.writeTicks(w, 0, ticks);
    }
    return file;
  }

  /** Every message of a file, in file order, by a full scan. */
  static List<McapMessage> readAll(Path file) throws IOException {
    List<McapMessage> got = new ArrayList<>();
    try (McapReader r = McapReader.open(file)) {
      r.scan((c, m) -> got.add(m));
    }
    return got;
  }
}
