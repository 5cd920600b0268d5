package io.policyrt.benchmarks.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.policyrt.controller.loop.TriggerMode;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The report states what each on-message leg adds over the transport floor of its transport, and
 * never counts the floor as a peer. Fixed histograms, no timing.
 */
class HarnessReportFloorTest {
    private static Histogram uniform(long fromNanos, long stepNanos, int count) {
        Histogram h = new Histogram(3);
        for (int i = 0; i < count; i++) {
            h.recordValue(fromNanos + i * stepNanos);
        }
        return h;
    }

    private static LegResult leg(LegSpec.Transport transport, LegSpec.Node node, TriggerMode mode, Histogram endToEnd) {
        NodeStats stats = new NodeStats(uniform(1_000, 10, 100), null, null, -1, "message", Map.of());
        return new LegResult(new LegSpec(transport, node, mode, 200), 8.0, 1600, 1600, 0, 0, endToEnd, stats, null);
    }

    // End to end, 1,000 samples each in 0.1 us steps: the floor 100..199.9 us (p50 150), PolicyRT 150..249.9 us (p50 200),
    // rospy 400..499.9 us (p50 450), so PolicyRT adds 50 us and rospy 300 us at every percentile, within the histogram's
    // 3 significant digits.
    private final List<LegResult> legs = List.of(
            leg(LegSpec.Transport.ROS1, LegSpec.Node.FLOOR, TriggerMode.ON_MESSAGE, uniform(100_000, 100, 1000)),
            leg(LegSpec.Transport.ROS1, LegSpec.Node.POLICYRT, TriggerMode.ON_MESSAGE, uniform(150_000, 100, 1000)),
            leg(LegSpec.Transport.ROS1, LegSpec.Node.POLICYRT, TriggerMode.TIMER, uniform(2_000_000, 100, 1000)),
            leg(LegSpec.Transport.ROS1, LegSpec.Node.ROSPY, TriggerMode.ON_MESSAGE, uniform(400_000, 100, 1000)),
            leg(LegSpec.Transport.MQTT, LegSpec.Node.POLICYRT, TriggerMode.ON_MESSAGE, uniform(300_000, 100, 1000)));
    private final HarnessReport report = new HarnessReport(legs, "bench", "test machine");

    @Test
    void on_message_legs_are_stated_over_the_floor_of_their_own_transport() {
        List<HarnessReport.OverFloor> over = report.overFloor();
        // Not the timer leg (its end-to-end includes the wait for the tick), and not MQTT, which has no floor leg here.
        assertThat(over).extracting(o -> o.leg.spec().id()).containsExactly("ros1-policyrt-on-message", "ros1-rospy-on-message");
        assertThat(over.get(0).added(50)).isCloseTo(50, within(0.5));
        assertThat(over.get(0).added(99)).isCloseTo(50, within(0.5));
        assertThat(over.get(1).added(99)).isCloseTo(300, within(0.5));
        assertThat(report.markdown()).contains("## End-to-end over the transport floor [us]",
                "| ros1 / PolicyRT / on-message | 150 | 200 |", "| ros1 / rospy + PyTorch / on-message | 150 | 450 | 300 |");
    }

    @Test
    void the_floor_is_no_peer_in_the_ratios_and_the_json_carries_the_added_latency() throws Exception {
        assertThat(report.ratios()).extracting(r -> r.label).containsOnly("rospy + PyTorch vs PolicyRT, ros1, on-message");
        JsonNode json = new ObjectMapper().readTree(report.json());
        JsonNode first = json.get("over_floor").get(0);
        assertThat(first.get("leg").asText()).isEqualTo("ros1-policyrt-on-message");
        assertThat(first.get("floor").asText()).isEqualTo("ros1-floor-on-message");
        assertThat(first.get("added_p99_us").asDouble()).isCloseTo(50, within(0.5));
    }
}
