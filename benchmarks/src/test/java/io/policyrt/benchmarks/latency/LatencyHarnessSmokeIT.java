package io.policyrt.benchmarks.latency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A very short run of the latency harness from the shaded jar (two rounds of 1 s per leg), every
 * node and transport, the Python and rospy peers included (it starts a real mosquitto on a free
 * loopback port per MQTT leg and a real rosmaster per ROS 1 leg). Asserts
 * that every leg ran, measured and reported sane fields, and that the files are written; never
 * how fast anything is.
 */
class LatencyHarnessSmokeIT {
    private static final List<String> LEGS = List.of("in-process-policyrt-on-message", "in-process-policyrt-timer-200hz",
            "mqtt-floor-on-message", "mqtt-policyrt-on-message", "mqtt-policyrt-timer-200hz", "mqtt-python-on-message",
            "mqtt-naive-java-timer-200hz", "ros1-floor-on-message", "ros1-policyrt-on-message", "ros1-policyrt-timer-200hz", "ros1-rospy-on-message", "ros1-rospy-timer-200hz");

    @Test
    void a_short_run_measures_every_leg_and_writes_tables_json_and_plots(@TempDir Path dir) throws Exception {
        MosquittoProcess.binary(); // fails naming the Debian package when missing
        RosMasterProcess.binary();
        Path out = dir.resolve("results");
        String log = ShadedJar.run(dir, 600, List.of("-cp", ShadedJar.jar().toString(), LatencyHarness.class.getName(),
                "--seconds", "2", "--rounds", "2", "--warmup-seconds", "1", "--sensor-rate-hz", "100", "--timer-rates-hz", "200",
                "--python", System.getProperty("policyrt.python", "/usr/bin/python3"), "--out", out.toString()));

        for (String file : List.of("results.md", "results.json", "latency-in-process-end-to-end.png", "latency-mqtt-end-to-end.png",
                "latency-in-process-timer-loops.png", "latency-mqtt-timer-loops.png",
                "latency-ros1-end-to-end.png", "latency-ros1-timer-loops.png")) {
            assertThat(out.resolve(file)).as(file).isRegularFile();
            assertThat(Files.size(out.resolve(file))).as(file).isPositive();
        }
        byte[] png = Files.readAllBytes(out.resolve("latency-mqtt-end-to-end.png"));
        assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");

        JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertThat(json.get("command").asText()).startsWith("bench ");
        Map<String, JsonNode> legs = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (JsonNode leg : json.get("legs")) {
            legs.put(leg.get("id").asText(), leg);
            order.add(leg.get("id").asText());
        }
        assertThat(order).as("legs in run order; log:\n%s", log).containsExactlyElementsOf(LEGS);
        for (String id : LEGS) {
            JsonNode leg = legs.get(id);
            assertThat(leg.get("odometry_sent").asLong()).as(id).isPositive();
            long commands = leg.get("commands").asLong();
            assertThat(commands).as(id + " commands").isPositive();
            // The stream is valid throughout: most commands drive, whatever the machine's load.
            assertThat(leg.get("stop_commands").asLong()).as(id + " stop commands").isLessThanOrEqualTo(commands / 2);
            JsonNode metrics = leg.get("metrics");
            assertSane(id, metrics.get("end_to_end"));
            assertSane(id, metrics.get("processing"));
            assertSane(id, metrics.get("noise_floor"));
            if (!id.contains("python") && !id.contains("rospy") && !id.contains("floor")) { // the echo has no loop to time
                assertSane(id, metrics.get("wake_lateness"));
                assertSane(id, metrics.get("input_age"));
                assertThat(leg.get("missed_deadlines").asLong()).as(id).isGreaterThanOrEqualTo(0);
            }
            if (id.equals("ros1-rospy-timer-200hz")) { // rospy.Rate's lateness; the peer keeps no input age
                assertSane(id, metrics.get("wake_lateness"));
                assertThat(leg.get("missed_deadlines").asLong()).as(id).isGreaterThanOrEqualTo(0);
            }
        }
        List<String> comparisons = new ArrayList<>();
        for (JsonNode r : json.get("ratios")) {
            comparisons.add(r.get("comparison").asText() + ": " + r.get("metric").asText());
            assertThat(r.get("ratio_p99").asDouble()).isPositive().isFinite();
        }
        assertThat(comparisons).as("the floor is no peer").noneMatch(c -> c.startsWith("transport floor"));
        assertThat(comparisons).contains("Python paho-mqtt + PyTorch vs PolicyRT, mqtt, on-message: end-to-end",
                "naive Java vs PolicyRT, mqtt, timer 200 Hz: end-to-end", "naive Java vs PolicyRT, mqtt, timer 200 Hz: processing",
                "rospy + PyTorch vs PolicyRT, ros1, on-message: end-to-end", "rospy + PyTorch vs PolicyRT, ros1, timer 200 Hz: end-to-end",
                "rospy + PyTorch vs PolicyRT, ros1, timer 200 Hz: wake-up lateness");
        assertThat(Files.readString(out.resolve("work/mqtt-python-on-message/round-2/python-peer.log")))
                .as("the Python peer checked its PyTorch network against ONNX Runtime").contains("onnx runtime check: max |diff|");
        assertThat(Files.readString(out.resolve("work/ros1-rospy-on-message/round-2/rospy-peer.log")))
                .as("the rospy peer checked its PyTorch network against ONNX Runtime").contains("onnx runtime check: max |diff|");
        assertThat(Files.readString(out.resolve("results.md"))).contains("| mqtt / PolicyRT / on-message |",
                "| ros1 / rospy + PyTorch / on-message |", "## Ratios within this run", "## End-to-end over the transport floor",
                "| ros1 / PolicyRT / on-message |");
        List<String> overFloor = new ArrayList<>();
        for (JsonNode o : json.get("over_floor")) {
            overFloor.add(o.get("leg").asText() + " over " + o.get("floor").asText());
            assertThat(o.get("added_p99_us").asDouble()).isFinite();
        }
        assertThat(overFloor).contains("mqtt-policyrt-on-message over mqtt-floor-on-message",
                "ros1-policyrt-on-message over ros1-floor-on-message", "mqtt-python-on-message over mqtt-floor-on-message",
                "ros1-rospy-on-message over ros1-floor-on-message");
    }

    private static void assertSane(String leg, JsonNode m) {
        assertThat(m).as(leg).isNotNull();
        assertThat(m.get("count").asLong()).as(leg + " samples").isPositive();
        double p50 = m.get("p50_us").asDouble();
        double p99 = m.get("p99_us").asDouble();
        double p999 = m.get("p99_9_us").asDouble();
        double max = m.get("max_us").asDouble();
        assertThat(p50).as(leg).isGreaterThanOrEqualTo(0).isLessThanOrEqualTo(p99);
        assertThat(p99).as(leg).isLessThanOrEqualTo(p999);
        assertThat(p999).as(leg).isLessThanOrEqualTo(max);
        assertThat(max).as(leg).isFinite().isLessThan(10_000_000); // below the histograms' 10 s ceiling
    }
}
