package io.policyrt.launch.ros1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.testing.Eventually;
import io.policyrt.controller.time.SystemNanoClock;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.ros1.testing.RawTcprosPublisher;
import io.policyrt.drivers.ros1.testing.RosMaster;
import io.policyrt.drivers.ros1.testing.RosPeer;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.runtime.ControllerRuntime;
import io.policyrt.launch.transport.LinkSetup;
import io.policyrt.recorder.InboundStream;
import io.policyrt.recorder.mcap.McapChannel;
import io.policyrt.recorder.mcap.McapReader;
import io.policyrt.recorder.mcap.McapSchema;
import io.policyrt.recorder.mcap.McapSummary;
import io.policyrt.ros1.msg.RosMessageType;
import io.policyrt.ros1.msg.nav_msgs.Odometry;
import io.policyrt.ros1.msg.nav_msgs.Path;
import io.policyrt.ros1.msg.policyrt_msgs.ObstacleTrack;
import io.policyrt.ros1.msg.std_msgs.Bool;
import io.policyrt.sim.expert.PurePursuitPolicy;
import io.policyrt.sim.ros1.Ros1SimServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A controller run over a real rosmaster recorded to MCAP: the simulated robot publishes odometry,
 * obstacle and path; rostopic (rospy) publishes e-stop "not pressed"; a raw publisher sends two
 * e-stop frames no std_msgs/Bool can be read from. Every message of every channel is in the file
 * as the bytes it came as ({@code ros1}, with the connection header's definition as its
 * {@code ros1msg} schema), with its verdict; the frames decode with Debian's genpy classes.
 */
class Ros1RecordingIT {
    private static final Map<String, RosMessageType<?>> TYPES = Map.of("/odom", Odometry.TYPE, "/obstacle", ObstacleTrack.TYPE,
            "/path", Path.TYPE, "/estop", Bool.TYPE);

    @TempDir
    java.nio.file.Path dir;

    @Test
    void every_inbound_message_is_recorded_as_its_ros1_frame_with_its_verdict_and_genpy_decodes_them() throws Exception {
        java.nio.file.Path file = dir.resolve("ros1.mcap");
        Map<String, Long> received = new HashMap<>();
        try (RosMaster master = RosMaster.start(dir.resolve("master"))) {
            RuntimeConfig c = Ros1ClosedLoopIT.config(master.uri());
            c.record.file = file.toString();
            Policy policy = new PurePursuitPolicy();
            Ros1SimServer sim = Ros1Wiring.simServer(c, new LinkSetup(SystemNanoClock.INSTANCE, null, "test", policy.spec().robotRadiusM()));
            ControllerRuntime controller = ControllerRuntime.open(c, policy, null, "test");
            try (RosPeer notPressed = RosPeer.rostopic(master, dir, "pub", "-r", "20", "/estop", "std_msgs/Bool", "data: false");
                 RawTcprosPublisher broken = RawTcprosPublisher.start(master, "/broken_button", "/estop", Bool.TYPE)) {
                sim.start();
                controller.start();
                Eventually.until("the controller's first command reaches the robot", sim::commanded);
                sim.beginEpisode();
                InboundChannel<?, ?> estop = controller.link().channel("/estop");
                Eventually.until("rostopic's e-stop messages arrive", () -> estop.accepted() >= 5);
                broken.awaitSubscribers(1);
                broken.sendFrame();                   // zero-length: a std_msgs/Bool needs one byte
                broken.sendFrame((byte) 0, (byte) 7); // a Bool and a byte left over
                Eventually.until("both malformed frames counted", () -> estop.rejected(Reject.MALFORMED) == 2);
                Eventually.until("a second of odometry", () -> controller.link().channel("/odom").accepted() >= 50);
            } finally {
                controller.close();
                sim.close();
            }
            for (InboundChannel<?, ?> ch : controller.link().channels()) {
                received.put(ch.name(), ch.accepted() + ch.rejectedTotal());
            }
            assertThat(controller.recording().recorder().inboundDropped()).isZero();
        }
        assertThat(received.keySet()).containsExactlyInAnyOrderElementsOf(TYPES.keySet());

        ObjectMapper json = new ObjectMapper();
        Map<String, Long> verdicts = new HashMap<>();
        Map<String, byte[]> first = new HashMap<>();
        List<byte[]> malformed = new ArrayList<>();
        McapSummary s;
        try (McapReader reader = McapReader.open(file)) {
            s = reader.summary();
            reader.scan((channel, m) -> {
                if (channel.topic().equals(InboundStream.VERDICT_TOPIC)) {
                    verdicts.merge(json.readTree(m.data()).get("topic").asText(), 1L, Long::sum);
                } else if (TYPES.containsKey(channel.topic())) {
                    first.putIfAbsent(channel.topic(), m.data());
                    if (channel.topic().equals("/estop") && (m.data().length != 1)) {
                        malformed.add(m.data());
                    }
                }
            });
        }
        assertThat(s.complete()).isTrue();
        for (Map.Entry<String, RosMessageType<?>> e : TYPES.entrySet()) {
            String topic = e.getKey();
            McapChannel channel = s.channel(topic);
            assertThat(channel).as(topic).isNotNull();
            assertThat(channel.messageEncoding()).as(topic).isEqualTo("ros1");
            assertThat(channel.metadata()).as(topic).containsEntry("md5sum", e.getValue().md5sum());
            McapSchema schema = s.schema(channel.schemaId());
            assertThat(schema.encoding()).as(topic).isEqualTo("ros1msg");
            assertThat(schema.name()).as(topic).isEqualTo(e.getValue().name());
            assertThat(new String(schema.data(), StandardCharsets.UTF_8)).as(topic).isEqualTo(e.getValue().definition());
            // every message the channel took, accepted or refused, is in the file with its verdict
            assertThat(s.messageCount(topic)).as(topic).isEqualTo(received.get(topic));
            assertThat(verdicts.get(topic)).as(topic).isEqualTo(received.get(topic));
        }
        assertThat(new String(s.schema(s.channel("/odom").schemaId()).data(), StandardCharsets.UTF_8))
                .contains("=".repeat(80) + "\nMSG: std_msgs/Header\n");
        assertThat(malformed).as("the malformed frames as they came").containsExactly(new byte[0], new byte[] {0, 7});

        // The frames decode with Debian's genpy classes, as rosbag would decode them.
        String decoded = python("import sys, binascii\n"
                + "from nav_msgs.msg import Odometry, Path\n"
                + "from std_msgs.msg import Bool\n"
                + "o = Odometry().deserialize(binascii.unhexlify(sys.argv[1]))\n"
                + "p = Path().deserialize(binascii.unhexlify(sys.argv[2]))\n"
                + "b = Bool().deserialize(binascii.unhexlify(sys.argv[3]))\n"
                + "print(o.header.frame_id, o.child_frame_id, o.header.stamp.secs > 0, p.header.frame_id, len(p.poses) > 10, b.data)\n",
                hex(first.get("/odom")), hex(first.get("/path")), hex(first.get("/estop")));
        assertThat(decoded.trim()).isEqualTo(Ros1SimServer.ODOM_FRAME + " base_link True " + Ros1SimServer.ODOM_FRAME + " True False");
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static String python(String script, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(RosPeer.python(), "-c", script));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("genpy: %s (install Debian's %s)", out, RosPeer.PYTHON_PACKAGES).isZero();
        return out;
    }
}
