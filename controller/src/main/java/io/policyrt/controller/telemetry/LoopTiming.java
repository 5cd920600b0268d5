package io.policyrt.controller.telemetry;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * HdrHistograms of every {@link LoopMetric}. The control thread records without locks or
 * allocation; any other thread can read the accumulated histograms while the loop runs.
 */
public final class LoopTiming {
    /** Values above this are clamped (10 s) so that one absurd sample cannot throw. */
    public static final long HIGHEST_NANOS = 10_000_000_000L;

    private final SingleWriterRecorder[] recorders = new SingleWriterRecorder[LoopMetric.values().length];
    private final Histogram[] accumulated = new Histogram[recorders.length];
    private Histogram[] recycled = new Histogram[recorders.length];

    public LoopTiming() {
        for (int i = 0; i < recorders.length; i++) {
            recorders[i] = new SingleWriterRecorder(1, HIGHEST_NANOS, 3);
            accumulated[i] = new Histogram(1, HIGHEST_NANOS, 3);
        }
    }

    /** Records one value [ns]; negative values count as 0. Control thread only. */
    public void record(LoopMetric metric, long nanos) {
        long v = nanos < 0 ? 0 : (nanos > HIGHEST_NANOS ? HIGHEST_NANOS : nanos);
        recorders[metric.ordinal()].recordValue(v);
    }

    /** Copy of everything recorded for {@code metric} so far. Any thread. */
    public synchronized Histogram snapshot(LoopMetric metric) {
        drain();
        return accumulated[metric.ordinal()].copy();
    }

    /** Clears everything recorded so far (for example after warm-up). Any thread. */
    public synchronized void reset() {
        drain();
        for (Histogram h : accumulated) {
            h.reset();
        }
    }

    private void drain() {
        for (int i = 0; i < recorders.length; i++) {
            Histogram interval = recorders[i].getIntervalHistogram(recycled[i]);
            accumulated[i].add(interval);
            recycled[i] = interval;
        }
    }
}
