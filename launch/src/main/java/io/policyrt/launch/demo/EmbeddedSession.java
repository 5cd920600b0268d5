package io.policyrt.launch.demo;

import io.policyrt.controller.safety.SafetyGovernor;
import io.policyrt.controller.safety.StopReason;
import io.policyrt.controller.telemetry.LoopMetric;
import io.policyrt.controller.telemetry.LoopTiming;
import io.policyrt.launch.plot.Plots;
import io.policyrt.sim.run.EpisodeMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Runs an {@link EmbeddedRuntime} to the end of its episode with a live one-line status, stops it
 * cleanly (also on Ctrl-C), then prints the episode summary and loop timing and writes the plots.
 */
public final class EmbeddedSession {
    private final EmbeddedRuntime runtime;
    private final PrintStream out;
    private final Path outDir;
    private final boolean liveStatus;

    public EmbeddedSession(EmbeddedRuntime runtime, PrintStream out, Path outDir, boolean liveStatus) {
        this.runtime = runtime;
        this.out = out;
        this.outDir = outDir;
        this.liveStatus = liveStatus;
    }

    /** Runs the episode; returns its metrics. */
    public EpisodeMetrics run() throws IOException, InterruptedException {
        Thread hook = new Thread(() -> {
            runtime.close();
            out.println();
            out.println("policyrt: interrupted; the control loop sent a zero command and stopped");
            out.flush();
        }, "policyrt-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        runtime.start();
        boolean tty = System.console() != null;
        long lastPrint = 0;
        try {
            while (!runtime.finished()) {
                Thread.sleep(100);
                long now = System.nanoTime();
                if (liveStatus && now - lastPrint > (tty ? 250_000_000L : 5_000_000_000L)) {
                    lastPrint = now;
                    String line = statusLine();
                    if (tty) {
                        out.print("\r" + line + "   ");
                    } else {
                        out.println(line);
                    }
                    out.flush();
                }
            }
        } finally {
            runtime.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // Ctrl-C: the hook is running; the runtime is closed either way
            }
        }
        if (liveStatus && tty) {
            out.println();
        }
        EpisodeMetrics metrics = runtime.simulator().simulation().metrics();
        printSummary(metrics);
        writePlots();
        return metrics;
    }

    String statusLine() {
        var sim = runtime.simulator();
        Histogram tick = runtime.controller().timing().snapshot(LoopMetric.TICK);
        return String.format(Locale.ROOT, "t=%5.1fs  x=%6.2f y=%6.2f  v=%4.2f m/s  state=%-15s tick p50=%5.0fus p99=%6.0fus  overruns=%d",
                sim.timeS(), sim.xM(), sim.yM(), sim.vMps(), stateName(runtime.controller().governor().currentReason()),
                tick.getValueAtPercentile(50) / 1e3, tick.getValueAtPercentile(99) / 1e3, runtime.loop().overruns());
    }

    private static String stateName(StopReason reason) {
        return reason == StopReason.NONE ? "running" : reason.name();
    }

    void printSummary(EpisodeMetrics m) {
        out.println("== episode: " + runtime.scenario().name() + " with policy " + runtime.policy().spec().task()
                + " (" + runtime.policy().spec().provenance().getOrDefault("algorithm", "unknown algorithm") + ")");
        out.printf(Locale.ROOT, "   completed %s, collisions %d, time %.1f s, progress %.2f / %.2f m%n", m.completed() ? "yes" : "NO",
                m.collided() ? 1 : 0, m.timeS(), m.progressM(), runtime.simulator().simulation().path().lengthM());
        out.printf(Locale.ROOT, "   lateral RMSE %.3f m, heading RMSE %.3f rad, mean speed error %.3f m/s, min obstacle clearance %s%n",
                m.lateralRmseM(), m.headingRmseRad(), m.meanSpeedErrorMps(),
                Double.isInfinite(m.minClearanceM()) ? "n/a (no obstacle)" : String.format(Locale.ROOT, "%.3f m", m.minClearanceM()));
        LoopTiming timing = runtime.controller().timing();
        out.printf(Locale.ROOT, "== control loop: %d ticks at %.1f ms (%s), overruns %d%n", runtime.controller().tick().tickCount(),
                runtime.loop().config().periodNanos() / 1e6, runtime.loop().config().triggerMode(), runtime.loop().overruns());
        out.println("   [us]             p50      p90      p99    p99.9      max");
        for (LoopMetric metric : List.of(LoopMetric.READ, LoopMetric.INFER, LoopMetric.ACT, LoopMetric.WRITE, LoopMetric.TICK,
                LoopMetric.WAKE_LATENESS, LoopMetric.INPUT_AGE)) {
            Histogram h = timing.snapshot(metric);
            out.printf(Locale.ROOT, "   %-13s %8.1f %8.1f %8.1f %8.1f %8.1f%n", metric.name().toLowerCase(Locale.ROOT),
                    h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3,
                    h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3);
        }
        SafetyGovernor g = runtime.controller().governor();
        StringBuilder stops = new StringBuilder();
        for (StopReason r : StopReason.values()) {
            if (g.stopTicks(r) > 0) {
                stops.append(String.format(Locale.ROOT, " %s=%d ticks/%d times", r, g.stopTicks(r), g.stopEvents(r)));
            }
        }
        out.println("== safety stops:" + (stops.length() == 0 ? " none" : stops));
    }

    void writePlots() throws IOException {
        if (outDir == null) {
            return;
        }
        Files.createDirectories(outDir);
        Path traj = outDir.resolve("trajectory.png");
        Path lat = outDir.resolve("latency.png");
        var sim = runtime.simulator().simulation();
        Plots.trajectory(traj, "PolicyRT demo: " + runtime.scenario().name(), sim.path(), runtime.trajectory(),
                runtime.scenario().obstacle(), sim.timeS());
        LoopTiming t = runtime.controller().timing();
        Plots.latency(lat, "Control loop latency by percentile", List.of("tick", "infer", "wake lateness", "input age"),
                List.of(t.snapshot(LoopMetric.TICK), t.snapshot(LoopMetric.INFER), t.snapshot(LoopMetric.WAKE_LATENESS),
                        t.snapshot(LoopMetric.INPUT_AGE)));
        out.println("== plots: " + traj + " and " + lat);
    }
}
