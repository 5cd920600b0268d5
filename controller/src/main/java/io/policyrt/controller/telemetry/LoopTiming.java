package io.policyrt.controller.telemetry;

import java.util.function.Function;
import org.HdrHistogram.Histogram;

/**
 * One {@link LatencyHistogram} per {@link LoopMetric}. The control thread records without locks
 * or allocation; any other thread can read the accumulated histograms while the loop runs.
 */
public final class LoopTiming {
    private final LatencyHistogram[] histograms = new LatencyHistogram[LoopMetric.values().length];

    public LoopTiming() {
        for (int i = 0; i < histograms.length; i++) {
            histograms[i] = new LatencyHistogram();
        }
    }

    /** Records one value [ns], clamped to [0, {@link LatencyHistogram#HIGHEST_NANOS}]. Control thread only. */
    public void record(LoopMetric metric, long nanos) {
        histograms[metric.ordinal()].record(nanos);
    }

    /** Copy of everything recorded for {@code metric} so far. Any thread. */
    public Histogram snapshot(LoopMetric metric) {
        return histograms[metric.ordinal()].snapshot();
    }

    /** {@link LatencyHistogram#read} of {@code metric}: everything recorded so far, without a copy. Any thread. */
    public <T> T read(LoopMetric metric, Function<Histogram, T> reader) {
        return histograms[metric.ordinal()].read(reader);
    }

    /** Clears everything recorded so far (for example after warm-up). Any thread. */
    public void reset() {
        for (LatencyHistogram h : histograms) {
            h.reset();
        }
    }
}
