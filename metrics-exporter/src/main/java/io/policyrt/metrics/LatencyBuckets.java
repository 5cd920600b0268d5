package io.policyrt.metrics;

import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Turns an HdrHistogram of nanoseconds (what the loop and the inbound channels already record)
 * into a Prometheus classic histogram in seconds, at scrape time: the control and receiving
 * threads record nothing twice. Bucket edges and the sum carry HdrHistogram's resolution (three
 * significant digits).
 */
final class LatencyBuckets {
    /** Upper bounds [s]: 10 us to 10 s, then +Inf; covers a 1 kHz loop's phases and a slow link's latency. */
    static final double[] UPPER_BOUNDS_S = {1e-5, 2.5e-5, 5e-5, 1e-4, 2.5e-4, 5e-4, 1e-3, 2.5e-3, 5e-3, 1e-2, 2.5e-2, 5e-2,
            0.1, 0.25, 0.5, 1, 2.5, 10, Double.POSITIVE_INFINITY};

    private LatencyBuckets() {
    }

    /** One data point with {@code labels} from everything {@code nanos} holds. */
    static HistogramDataPointSnapshot dataPoint(Histogram nanos, Labels labels) {
        long[] counts = new long[UPPER_BOUNDS_S.length];
        double sumS = 0;
        for (HistogramIterationValue v : nanos.recordedValues()) {
            long value = v.getValueIteratedTo();
            long n = v.getCountAtValueIteratedTo();
            double s = value * 1e-9;
            int i = 0;
            while (s > UPPER_BOUNDS_S[i]) {
                i++;
            }
            counts[i] += n;
            sumS += n * nanos.medianEquivalentValue(value) * 1e-9;
        }
        return HistogramDataPointSnapshot.builder()
                .classicHistogramBuckets(ClassicHistogramBuckets.of(UPPER_BOUNDS_S, counts))
                .sum(sumS)
                .labels(labels)
                .build();
    }
}
