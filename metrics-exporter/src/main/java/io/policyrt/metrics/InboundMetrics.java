package io.policyrt.metrics;

import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.Reject;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Per-topic inbound metrics of any transport, read from each {@link InboundChannel}'s own counters
 * at scrape time (the receiving threads do nothing more than they already do): messages accepted,
 * messages rejected by reason, and receive latency (receive time minus the message's stamp).
 *
 * <p>A topic whose messages carry no stamp of their own (a bare e-stop Bool, a Twist) is stamped
 * with its arrival time by its decoder, so every latency it records is exactly 0: such a topic has
 * no latency series. Channels are looked up at every scrape: a transport whose channels appear
 * when its sensors start is covered from then on.
 */
public final class InboundMetrics implements MultiCollector {
    static final String LATENCY = "policyrt_inbound_receive_latency_seconds";
    private static final Reject[] REJECTS = Reject.values();

    private final Supplier<List<InboundChannel<?, ?>>> channels;

    private InboundMetrics(Supplier<List<InboundChannel<?, ?>>> channels) {
        this.channels = channels;
    }

    /** Registers the inbound metrics of {@code channels} (asked at every scrape) in {@code registry}. */
    public static void register(PrometheusRegistry registry, Supplier<List<InboundChannel<?, ?>>> channels) {
        CounterWithCallback.builder().name("policyrt_inbound_accepted_total")
                .help("Inbound messages accepted into the controller's input slot, per topic")
                .labelNames("transport", "topic")
                .callback(cb -> {
                    for (InboundChannel<?, ?> c : channels.get()) {
                        cb.call(c.accepted(), c.transport(), c.name());
                    }
                }).register(registry);
        CounterWithCallback.builder().name("policyrt_inbound_rejected_total")
                .help("Inbound messages dropped, per topic and reason (malformed, non_finite, implausible, stale, ...)")
                .labelNames("transport", "topic", "reason")
                .callback(cb -> {
                    for (InboundChannel<?, ?> c : channels.get()) {
                        for (Reject r : REJECTS) {
                            if (r != Reject.NONE) {
                                cb.call(c.rejected(r), c.transport(), c.name(), r.name().toLowerCase(Locale.ROOT));
                            }
                        }
                    }
                }).register(registry);
        registry.register(new InboundMetrics(channels));
    }

    @Override
    public MetricSnapshots collect() {
        HistogramSnapshot.Builder latency = HistogramSnapshot.builder().name(LATENCY).unit(Unit.SECONDS)
                .help("Receive time minus the message's stamp, per topic, of accepted messages that carry a stamp");
        for (InboundChannel<?, ?> c : channels.get()) {
            Labels topic = Labels.of("transport", c.transport(), "topic", c.name());
            HistogramDataPointSnapshot point = c.latency().read(h -> h.getTotalCount() > 0 && h.getMaxValue() > 0
                    ? LatencyBuckets.dataPoint(h, topic) : null);
            if (point != null) {
                latency.dataPoint(point);
            }
        }
        return MetricSnapshots.of(latency.build());
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(LATENCY);
    }
}
