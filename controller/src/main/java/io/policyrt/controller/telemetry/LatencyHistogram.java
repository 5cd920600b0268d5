package io.policyrt.controller.telemetry;

import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * One latency distribution [ns], recorded by a single thread without locks or allocation, read
 * by any thread. Values are clamped to [0, 10 s].
 */
public final class LatencyHistogram {
    /** Values above this are clamped (10 s) so that one absurd sample cannot throw [ns]. */
    public static final long HIGHEST_NANOS = 10_000_000_000L;

    private final SingleWriterRecorder recorder = new SingleWriterRecorder(1, HIGHEST_NANOS, 3);
    private final Histogram accumulated = new Histogram(1, HIGHEST_NANOS, 3);
    private Histogram recycled;

    /** Records one value [ns]. One writer thread at a time. */
    public void record(long nanos) {
        recorder.recordValue(nanos < 0 ? 0 : Math.min(nanos, HIGHEST_NANOS));
    }

    /** Copy of everything recorded so far. Any thread. */
    public synchronized Histogram snapshot() {
        recycled = recorder.getIntervalHistogram(recycled);
        accumulated.add(recycled);
        return accumulated.copy();
    }

    /**
     * Hands everything recorded so far to {@code reader} without copying it (a scrape reads a few
     * numbers from a 200 kB histogram); {@code reader} must not keep or change it. Any thread; the
     * writer is never blocked.
     */
    public synchronized <T> T read(Function<Histogram, T> reader) {
        recycled = recorder.getIntervalHistogram(recycled);
        accumulated.add(recycled);
        return reader.apply(accumulated);
    }

    /** Forgets everything recorded so far (after a warm-up). Any thread. */
    public synchronized void reset() {
        recycled = recorder.getIntervalHistogram(recycled);
        accumulated.reset();
    }

    /** {@code "p50":..,"p99":..,"p999":..,"max":..,"count":..} in microseconds, for status payloads. */
    public String jsonFieldsMicros() {
        Histogram h = snapshot();
        return String.format(java.util.Locale.ROOT, "{\"count\":%d,\"p50_us\":%.1f,\"p99_us\":%.1f,\"p999_us\":%.1f,\"max_us\":%.1f}",
                h.getTotalCount(), h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3);
    }
}
