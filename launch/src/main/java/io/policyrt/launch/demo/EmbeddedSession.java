package io.policyrt.launch.demo;

import io.policyrt.controller.telemetry.LoopMetric;
import io.policyrt.controller.telemetry.LoopTiming;
import io.policyrt.launch.plot.Plots;
import io.policyrt.launch.session.ForegroundRun;
import io.policyrt.launch.session.SessionReport;
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
        runtime.start();
        ForegroundRun.until(out, 0, runtime::finished, liveStatus ? this::statusLine : null, runtime::close,
                ForegroundRun.CONTROL_LOOP_STOPPED);
        EpisodeMetrics metrics = runtime.simulator().simulation().metrics();
        printSummary();
        writePlots();
        return metrics;
    }

    String statusLine() {
        Histogram tick = runtime.controller().timing().snapshot(LoopMetric.TICK);
        return SessionReport.robotStatus(runtime.simulator()) + String.format(Locale.ROOT,
                "  state=%-15s tick p50=%5.0fus p99=%6.0fus  overruns=%d",
                SessionReport.state(runtime.controller().governor().currentReason()), tick.getValueAtPercentile(50) / 1e3,
                tick.getValueAtPercentile(99) / 1e3, runtime.loop().overruns());
    }

    void printSummary() {
        SessionReport.episode(out, runtime.simulator(), "with policy " + runtime.policy().spec().task() + " ("
                + runtime.policy().spec().provenance().getOrDefault("algorithm", "unknown algorithm") + ")");
        SessionReport.controlLoop(out, runtime.controller(), runtime.loop());
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
