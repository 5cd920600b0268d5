package io.policyrt.benchmarks.latency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policyrt.controller.loop.TriggerMode;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** Rounds of one leg add up to one result: every count and every histogram sample is kept. */
class LegResultTest {
    private static final LegSpec LEG = new LegSpec(LegSpec.Transport.MQTT, LegSpec.Node.POLICYRT, TriggerMode.TIMER, 200);

    private static Histogram of(long... valuesNanos) {
        Histogram h = new Histogram(3);
        for (long v : valuesNanos) {
            h.recordValue(v);
        }
        return h;
    }

    private static LegResult round(long missed, long sampleNanos) {
        NodeStats node = new NodeStats(of(sampleNanos), of(sampleNanos), of(sampleNanos), missed, "tick",
                Map.of("infer", of(sampleNanos)));
        return new LegResult(LEG, 5.0, 1000, 990, 3, 1, of(sampleNanos, sampleNanos), node, of(sampleNanos));
    }

    @Test
    void two_rounds_add_counts_and_histograms() {
        LegResult sum = round(2, 1_000).plus(round(5, 9_000));
        assertThat(sum.measuredSeconds()).isEqualTo(10.0);
        assertThat(sum.odometrySent()).isEqualTo(2000);
        assertThat(sum.commands()).isEqualTo(1980);
        assertThat(sum.stops()).isEqualTo(6);
        assertThat(sum.withoutEcho()).isEqualTo(2);
        assertThat(sum.node().missedDeadlines()).isEqualTo(7);
        assertThat(sum.endToEnd().getTotalCount()).isEqualTo(4);
        // 1 us from the first round, 9 us from the second: both are kept.
        assertThat(sum.node().processing().getTotalCount()).isEqualTo(2);
        assertThat(sum.node().processing().getMaxValue()).isBetween(9_000L, 9_010L);
        assertThat(sum.node().phases().get("infer").getTotalCount()).isEqualTo(2);
        assertThat(sum.noiseFloor().getTotalCount()).isEqualTo(2);
    }

    @Test
    void a_node_that_does_not_count_deadlines_still_does_not_after_adding() {
        NodeStats python = new NodeStats(of(500_000), null, null, -1, "message", Map.of());
        NodeStats sum = python.plus(python);
        assertThat(sum.missedDeadlines()).isEqualTo(-1);
        assertThat(sum.wakeLateness()).isNull();
        assertThat(sum.processing().getTotalCount()).isEqualTo(2);
    }

    @Test
    void rounds_of_different_legs_do_not_add() {
        LegResult other = new LegResult(new LegSpec(LegSpec.Transport.MQTT, LegSpec.Node.POLICYRT, TriggerMode.TIMER, 1000), 1, 1, 1, 0,
                0, of(1), round(0, 1).node(), null);
        assertThatThrownBy(() -> round(0, 1).plus(other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("timer 1000 Hz");
    }
}
