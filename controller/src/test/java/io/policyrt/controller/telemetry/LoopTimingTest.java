package io.policyrt.controller.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LoopTimingTest {

    @Test
    void recorded_values_accumulate_per_metric_and_out_of_range_values_are_clamped() {
        LoopTiming timing = new LoopTiming();
        timing.record(LoopMetric.TICK, 1_000);
        timing.record(LoopMetric.TICK, 3_000);
        timing.record(LoopMetric.WAKE_LATENESS, -50);                       // early: counts as 0
        timing.record(LoopMetric.INPUT_AGE, LatencyHistogram.HIGHEST_NANOS * 10); // absurd: clamped to 10 s

        Histogram tick = timing.snapshot(LoopMetric.TICK);
        assertThat(tick.getTotalCount()).isEqualTo(2);
        assertThat(tick.getMaxValue()).isBetween(2_990L, 3_010L);
        assertThat(timing.snapshot(LoopMetric.WAKE_LATENESS).getMaxValue()).isZero();
        assertThat(timing.snapshot(LoopMetric.INPUT_AGE).getMaxValue()).isBetween(9_990_000_000L, 10_010_000_000L);
        // Snapshots accumulate: a second look still sees both ticks, plus the new one.
        timing.record(LoopMetric.TICK, 2_000);
        assertThat(timing.snapshot(LoopMetric.TICK).getTotalCount()).isEqualTo(3);
        assertThat(timing.snapshot(LoopMetric.READ).getTotalCount()).isZero();
    }

    @Test
    void reading_without_a_copy_sees_what_a_snapshot_sees_and_both_keep_accumulating() {
        LoopTiming timing = new LoopTiming();
        timing.record(LoopMetric.INFER, 5_000);
        assertThat(timing.read(LoopMetric.INFER, Histogram::getTotalCount)).isEqualTo(1L);
        timing.record(LoopMetric.INFER, 7_000);
        assertThat(timing.read(LoopMetric.INFER, Histogram::getTotalCount)).isEqualTo(2L);
        assertThat(timing.snapshot(LoopMetric.INFER).getTotalCount()).isEqualTo(2L);
        assertThat(timing.read(LoopMetric.INFER, Histogram::getMaxValue)).isBetween(6_990L, 7_010L);
    }
}
