package io.policyrt.launch.session;

import io.policyrt.controller.loop.ControlLoop;
import io.policyrt.controller.loop.ControlTick;
import io.policyrt.controller.safety.SafetyGovernor;
import io.policyrt.controller.safety.StopReason;
import io.policyrt.controller.telemetry.LoopMetric;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.sim.run.EpisodeMetrics;
import io.policyrt.sim.run.RealTimeSimulator;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The end-of-run report every process prints in the same layout: the episode's outcome, the
 * control loop's timing and safety stops, and latency tables in microseconds.
 */
public final class SessionReport {
    private SessionReport() {
    }

    /** The governor's state for a status line: "running" or the stop reason. */
    public static String state(StopReason reason) {
        return reason == StopReason.NONE ? "running" : reason.name();
    }

    /** The header of a latency table; {@link #latencyRow} prints its rows. */
    public static void latencyHeader(PrintStream out, String title) {
        out.printf(Locale.ROOT, "   %-24s %8s %8s %8s %8s %8s %8s%n", title.isEmpty() ? "[us]" : title + " [us]", "p50", "p90", "p99",
                "p99.9", "max", "count");
    }

    public static void latencyRow(PrintStream out, String name, Histogram h) {
        out.printf(Locale.ROOT, "   %-24s %8.1f %8.1f %8.1f %8.1f %8.1f %8d%n", name, h.getValueAtPercentile(50) / 1e3,
                h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3,
                h.getMaxValue() / 1e3, h.getTotalCount());
    }

    /** The simulated robot for a status line: episode time, position and speed. */
    public static String robotStatus(RealTimeSimulator sim) {
        return String.format(Locale.ROOT, "t=%5.1fs  x=%6.2f y=%6.2f  v=%4.2f m/s", sim.timeS(), sim.xM(), sim.yM(), sim.vMps());
    }

    /** The outcome of {@code sim}'s episode, headed by its scenario's name and {@code how} it was driven ("served over MQTT"). */
    public static void episode(PrintStream out, RealTimeSimulator sim, String how) {
        EpisodeMetrics m = sim.simulation().metrics();
        out.println("== episode: " + sim.simulation().scenario().name() + " " + how);
        out.printf(Locale.ROOT, "   completed %s, collisions %d, time %.1f s, progress %.2f / %.2f m%n", m.completed() ? "yes" : "NO",
                m.collided() ? 1 : 0, m.timeS(), m.progressM(), sim.simulation().path().lengthM());
        out.printf(Locale.ROOT, "   lateral RMSE %.3f m, heading RMSE %.3f rad, mean speed error %.3f m/s, min obstacle clearance %s%n",
                m.lateralRmseM(), m.headingRmseRad(), m.meanSpeedErrorMps(),
                Double.isInfinite(m.minClearanceM()) ? "n/a (no obstacle)" : String.format(Locale.ROOT, "%.3f m", m.minClearanceM()));
    }

    /**
     * A transport link's part of the report: its counters, each inbound channel's counts, what it
     * found wrong with its peers, and the latency of its first channel (odometry or commands).
     */
    public static void link(PrintStream out, String title, String summary, List<InboundChannel<?, ?>> channels, List<String> diagnostics,
                            String latencyName) {
        out.println("== " + title + ": " + summary);
        for (InboundChannel<?, ?> c : channels) {
            out.println("   " + c.name() + ": " + c.countsLine());
        }
        for (String d : diagnostics) {
            out.println("   " + d);
        }
        if (!channels.isEmpty()) {
            latencyHeader(out, "latency");
            latencyRow(out, latencyName, channels.get(0).latency().snapshot());
        }
    }

    /** Tick count, period, overruns, the timing of each phase of the tick, and the safety stops. */
    public static void controlLoop(PrintStream out, ControlTick controller, ControlLoop loop) {
        out.printf(Locale.ROOT, "== control loop: %d ticks at %.1f ms (%s), overruns %d%n", controller.tickCount(),
                loop.config().periodNanos() / 1e6, loop.config().triggerMode(), loop.overruns());
        latencyHeader(out, "");
        for (LoopMetric metric : List.of(LoopMetric.READ, LoopMetric.INFER, LoopMetric.ACT, LoopMetric.WRITE, LoopMetric.TICK,
                LoopMetric.WAKE_LATENESS, LoopMetric.INPUT_AGE)) {
            latencyRow(out, metric.name().toLowerCase(Locale.ROOT), controller.timing().snapshot(metric));
        }
        SafetyGovernor g = controller.governor();
        StringBuilder stops = new StringBuilder();
        for (StopReason r : StopReason.values()) {
            if (g.stopTicks(r) > 0) {
                stops.append(String.format(Locale.ROOT, " %s=%d ticks/%d times", r, g.stopTicks(r), g.stopEvents(r)));
            }
        }
        out.println("== safety stops:" + (stops.length() == 0 ? " none" : stops));
    }
}
