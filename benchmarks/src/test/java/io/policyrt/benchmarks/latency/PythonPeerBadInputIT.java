package io.policyrt.benchmarks.latency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.policyrt.benchmarks.PolicyFiles;
import io.policyrt.benchmarks.RepositoryRoot;
import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.policy.PolicyLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python peer against bad input on a real mosquitto: malformed odometry payloads are dropped
 * (and logged) without stopping the node, a NaN pose gets a zero command that still echoes its
 * stamp, and a good message afterwards gets a driving command within the action bounds.
 */
class PythonPeerBadInputIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void malformed_odometry_is_dropped_and_a_nan_pose_is_answered_with_a_stop(@TempDir Path dir) throws Exception {
        Path policyFile = RepositoryRoot.resolve(PolicyFiles.SHIPPED);
        Path reference = dir.resolve("reference.json");
        try (Policy policy = PolicyLoader.load(policyFile, FeatureRegistry.tracking().names())) {
            OnnxReference.write(policy, reference);
        }
        String topic = LegRunner.TOPIC_BASE;
        try (MosquittoProcess broker = MosquittoProcess.start(dir)) {
            PythonPeerNode node = new PythonPeerNode(System.getProperty("policyrt.python", "/usr/bin/python3"),
                    RepositoryRoot.resolve("policy-export/python"), policyFile, reference, broker.port(), topic, dir);
            node.start();
            MqttClient client = new MqttClient(broker.uri(), "python-peer-bad-input-test", new MemoryPersistence());
            try {
                BlockingQueue<JsonNode> commands = new LinkedBlockingQueue<>();
                client.connect(new MqttConnectOptions());
                client.subscribe(topic + "cmd/vel", 1, (t, m) -> commands.add(JSON.readTree(m.getPayload())));
                client.publish(topic + "path", utf8("{\"stamp_ns\":1,\"target_speed_mps\":0.5,\"x_m\":[0,1,2,3,4],\"y_m\":[0,0,0,0,0]}"), 1, false);
                client.publish(topic + "obstacle", utf8("{\"stamp_ns\":2,\"present\":false}"), 0, false);
                for (String bad : new String[] {"{not json", "[]", "{\"stamp_ns\":5}", "\"odometry\"", "{\"stamp_ns\":6,\"x_m\":\"one\"}"}) {
                    client.publish(topic + "odom", utf8(bad), 0, false);
                }
                client.publish(topic + "odom", utf8("{\"stamp_ns\":111,\"x_m\":NaN,\"y_m\":0,\"yaw_rad\":0,\"v_mps\":0,\"w_radps\":0}"), 0, false);
                client.publish(topic + "odom", utf8("{\"stamp_ns\":222,\"x_m\":1.0,\"y_m\":0.05,\"yaw_rad\":0.1,\"v_mps\":0.3,\"w_radps\":0}"), 0, false);

                JsonNode stop = next(commands);
                assertThat(stop.get("odom_stamp_ns").asLong()).as("first command answers the NaN pose").isEqualTo(111);
                assertThat(stop.get("v_mps").asDouble()).isZero();
                assertThat(stop.get("w_radps").asDouble()).isZero();
                JsonNode drive = next(commands);
                assertThat(drive.get("odom_stamp_ns").asLong()).isEqualTo(222);
                // The bundled policy's bounds: v in [0, 0.8] m/s, w in [-1.5, 1.5] rad/s.
                assertThat(drive.get("v_mps").asDouble()).isBetween(0.0, 0.8);
                assertThat(drive.get("w_radps").asDouble()).isBetween(-1.5, 1.5);
                assertThat(commands.poll(500, TimeUnit.MILLISECONDS)).as("no command for a dropped message").isNull();
            } finally {
                if (client.isConnected()) {
                    client.disconnect();
                }
                client.close();
                NodeStats stats = node.stop();
                node.close();
                assertThat(stats.processing().getTotalCount()).as("timings of the two answered messages").isEqualTo(2);
            }
            assertThat(Files.readString(dir.resolve("python-peer.log"))).contains("dropped a message on " + topic + "odom");
        }
    }

    private static JsonNode next(BlockingQueue<JsonNode> commands) throws InterruptedException {
        JsonNode c = commands.poll(30, TimeUnit.SECONDS);
        assertThat(c).as("a command within 30 s").isNotNull();
        return c;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
