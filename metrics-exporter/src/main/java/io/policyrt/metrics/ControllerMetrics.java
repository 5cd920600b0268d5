package io.policyrt.metrics;

import io.policyrt.controller.loop.ControlLoop;
import io.policyrt.controller.loop.ControlTick;
import io.policyrt.controller.safety.EStopLatch;
import io.policyrt.controller.safety.SafetyGovernor;
import io.policyrt.controller.safety.StopReason;
import io.policyrt.controller.telemetry.LoopMetric;
import io.policyrt.controller.telemetry.LoopTiming;
import io.policyrt.drivers.transport.TransportLink;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The controller's metrics, all read at scrape time from what the loop already keeps: the
 * {@link LoopTiming} histograms (phases, wake lateness, input age), the tick count, the
 * governor's stop counters, the e-stop latch, the link and its command sink, and the inbound
 * channels ({@link InboundMetrics}). The control thread does no extra work for them; the only
 * per-tick addition is the {@link LoopHeartbeat} tap.
 */
public final class ControllerMetrics implements MultiCollector {
    static final String PHASES = "policyrt_loop_phase_seconds";
    static final String WAKE_LATENESS = "policyrt_loop_wake_lateness_seconds";
    static final String INPUT_AGE = "policyrt_input_age_seconds";
    private static final StopReason[] REASONS = StopReason.values();
    private static final LoopMetric[] PHASE_METRICS = {LoopMetric.READ, LoopMetric.INFER, LoopMetric.ACT, LoopMetric.WRITE,
            LoopMetric.TICK};

    private final LoopTiming timing;

    private ControllerMetrics(LoopTiming timing) {
        this.timing = timing;
    }

    /**
     * What a recording adds: its drop counters (records the writer's queue could not take).
     *
     * @param ticksDropped    ticks dropped so far
     * @param messagesDropped inbound messages dropped so far
     */
    public record RecorderDrops(LongSupplier ticksDropped, LongSupplier messagesDropped) {
    }

    /**
     * Registers every controller metric in {@code registry}.
     *
     * @param drops the recording's drop counters, or null when the run is not recorded
     */
    public static void register(PrometheusRegistry registry, ControlLoop loop, EStopLatch estop, TransportLink link,
                                LoopHeartbeat heartbeat, RecorderDrops drops) {
        ControlTick tick = loop.tick();
        SafetyGovernor governor = tick.governor();
        registry.register(new ControllerMetrics(tick.timing()));
        CounterWithCallback.builder().name("policyrt_ticks_total").help("Control ticks run")
                .callback(cb -> cb.call(tick.tickCount())).register(registry);
        CounterWithCallback.builder().name("policyrt_loop_overruns_total")
                .help("Periods the loop skipped (timer) or ticks that ended past their deadline (on-message)")
                .callback(cb -> cb.call(loop.overruns())).register(registry);
        CounterWithCallback.builder().name("policyrt_stop_ticks_total")
                .help("Ticks whose command was replaced by a stop, by the governor's reason").labelNames("reason")
                .callback(cb -> {
                    for (StopReason r : REASONS) {
                        if (r != StopReason.NONE) {
                            cb.call(governor.stopTicks(r), label(r));
                        }
                    }
                }).register(registry);
        CounterWithCallback.builder().name("policyrt_stops_total")
                .help("Times the governor began stopping, by reason").labelNames("reason")
                .callback(cb -> {
                    for (StopReason r : REASONS) {
                        if (r != StopReason.NONE) {
                            cb.call(governor.stopEvents(r), label(r));
                        }
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("policyrt_stop_reason")
                .help("1 for the governor's current reason (none: the policy's command leaves), 0 for the others").labelNames("reason")
                .callback(cb -> {
                    StopReason current = governor.currentReason();
                    for (StopReason r : REASONS) {
                        cb.call(r == current ? 1 : 0, label(r));
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("policyrt_loop_running").help("1 while the control loop's thread runs")
                .callback(cb -> cb.call(loop.isRunning() ? 1 : 0)).register(registry);
        GaugeWithCallback.builder().name("policyrt_last_tick_age_seconds").unit(Unit.SECONDS)
                .help("Time since the last tick started (NaN before the first)")
                .callback(cb -> {
                    long last = heartbeat.lastTickStartNanos();
                    cb.call(last == 0 ? Double.NaN : (System.nanoTime() - last) * 1e-9);
                }).register(registry);
        GaugeWithCallback.builder().name("policyrt_estop_engaged").help("1 while the e-stop is latched")
                .callback(cb -> cb.call(estop.latched() ? 1 : 0)).register(registry);
        CounterWithCallback.builder().name("policyrt_estop_engages_total").help("E-stop engages")
                .callback(cb -> cb.call(estop.engages())).register(registry);
        CounterWithCallback.builder().name("policyrt_estop_releases_total").help("E-stop releases")
                .callback(cb -> cb.call(estop.releases())).register(registry);
        GaugeWithCallback.builder().name("policyrt_command_link_up")
                .help("1 while the transport can deliver (connected to its broker, joined to its master)")
                .callback(cb -> cb.call(link.isUp() ? 1 : 0)).register(registry);
        GaugeWithCallback.builder().name("policyrt_commands_deliverable")
                .help("1 while the command sink can deliver commands to the robot")
                .callback(cb -> cb.call(link.commands().deliverable() ? 1 : 0)).register(registry);
        CounterWithCallback.builder().name("policyrt_command_deadman_zeros_total")
                .help("Zero commands the sink's deadman sent because the loop fell silent")
                .callback(cb -> cb.call(link.commands().deadmanZeros())).register(registry);
        InboundMetrics.register(registry, link::channels);
        if (drops != null) {
            CounterWithCallback.builder().name("policyrt_recorder_ticks_dropped_total")
                    .help("Ticks the flight recorder dropped (its queue was full)")
                    .callback(cb -> cb.call(drops.ticksDropped().getAsLong())).register(registry);
            CounterWithCallback.builder().name("policyrt_recorder_messages_dropped_total")
                    .help("Inbound messages the flight recorder dropped (a topic's queue was full)")
                    .callback(cb -> cb.call(drops.messagesDropped().getAsLong())).register(registry);
        }
    }

    static String label(StopReason r) {
        return r.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public MetricSnapshots collect() {
        HistogramSnapshot.Builder phases = HistogramSnapshot.builder().name(PHASES).unit(Unit.SECONDS)
                .help("Control tick phases: read (snapshot and input gate), infer (observation and policy), "
                        + "act (action shaping and output gate), write (hand-off to the transport), tick (all)");
        for (LoopMetric m : PHASE_METRICS) {
            Labels phase = Labels.of("phase", m.name().toLowerCase(Locale.ROOT));
            phases.dataPoint(timing.read(m, h -> LatencyBuckets.dataPoint(h, phase)));
        }
        HistogramSnapshot wake = HistogramSnapshot.builder().name(WAKE_LATENESS).unit(Unit.SECONDS)
                .help("How late the loop woke relative to its deadline (timer) or trigger (on-message)")
                .dataPoint(timing.read(LoopMetric.WAKE_LATENESS, h -> LatencyBuckets.dataPoint(h, Labels.EMPTY))).build();
        HistogramSnapshot age = HistogramSnapshot.builder().name(INPUT_AGE).unit(Unit.SECONDS)
                .help("Command stamp minus the newest sensor stamp it is based on")
                .dataPoint(timing.read(LoopMetric.INPUT_AGE, h -> LatencyBuckets.dataPoint(h, Labels.EMPTY))).build();
        return MetricSnapshots.of(phases.build(), wake, age);
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.of(PHASES, WAKE_LATENESS, INPUT_AGE);
    }
}
