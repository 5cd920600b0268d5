package io.policyrt.launch.session;

import io.policyrt.controller.safety.StopReason;
import io.policyrt.controller.telemetry.LoopMetric;
import io.policyrt.controller.telemetry.LoopTiming;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.transport.TransportLink;
import io.policyrt.launch.plot.Plots;
import io.policyrt.launch.runtime.ControllerRuntime;
import io.policyrt.sim.link.SimLink;
import io.policyrt.sim.run.EpisodeMetrics;
import io.policyrt.sim.run.RealTimeSimulator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * {@code policyrt run} and {@code policyrt demo} on any transport: runs the controller until the
 * path ends, the duration passes, the simulated episode is over or Ctrl-C, with a status line, then
 * prints the end-of-run report (and, on the embedded simulator, the episode and its plots).
 */
public final class ControllerSession {
    private final ControllerRuntime rt;
    private final PrintStream out;
    private final SimLink sim;

    public ControllerSession(ControllerRuntime rt, PrintStream out) {
        this.rt = rt;
        this.out = out;
        this.sim = rt.link() instanceof SimLink s ? s : null;
    }

    /**
     * Runs to the end and reports.
     *
     * @param outDir where the embedded simulator's plots go; null: none
     * @return the exit code: 1 when the simulated robot collided, else 0
     * @throws IllegalStateException after the report, when the control thread or the command
     *                               publisher died ({@link ControllerRuntime#fault()}): the process
     *                               exits non-zero with that message
     */
    public int run(Path outDir) throws Exception {
        rt.start();
        out.println("policyrt: controller on " + rt.link().endpoint());
        boolean stopAtEnd = rt.config().run.stopAtPathEnd;
        ForegroundRun.until(out, rt.config().run.durationS, () -> !rt.loop().isRunning() || rt.fault() != null
                        || (stopAtEnd && rt.tick().governor().currentReason() == StopReason.PATH_COMPLETE)
                        || (sim != null && simulatedEpisodeOver()),
                this::status, rt::close, ForegroundRun.CONTROL_LOOP_STOPPED);
        String fault = rt.fault();
        if (sim == null) {
            report();
            failOn(fault);
            return 0;
        }
        EpisodeMetrics m = sim.simulator().simulation().metrics();
        SessionReport.episode(out, sim.simulator(), "with policy " + rt.policy().spec().task() + " ("
                + rt.policy().spec().provenance().getOrDefault("algorithm", "unknown algorithm") + ")");
        report();
        if (outDir != null) {
            writePlots(outDir);
        }
        failOn(fault);
        return m.collided() ? 1 : 0;
    }

    /** Ends the run with the fault's message (the command line prints it and exits non-zero). */
    private static void failOn(String fault) {
        if (fault != null) {
            throw new IllegalStateException("the controller stopped the robot and exited: " + fault);
        }
    }

    /** The simulated episode has ended by itself (path done, collision) or reached {@code sim.duration_s}. */
    private boolean simulatedEpisodeOver() {
        RealTimeSimulator s = sim.simulator();
        return s.episodeOver() || s.timeS() >= rt.config().sim.durationS;
    }

    /** The live status line: the simulated robot (if any), the link, the safety state, inputs and timing. */
    String status() {
        TransportLink link = rt.link();
        Histogram tick = rt.tick().timing().snapshot(LoopMetric.TICK);
        StringBuilder sb = new StringBuilder();
        if (sim != null) {
            sb.append(SessionReport.robotStatus(sim.simulator())).append("  ");
        }
        sb.append(String.format(Locale.ROOT, "%s=%-4s state=%-16s", link.kind(), link.isUp() ? "up" : "DOWN",
                SessionReport.state(rt.tick().governor().currentReason())));
        if (rt.slots().estop().latched()) {
            sb.append(" estop held by ").append(rt.slots().estop().holders());
        }
        long deadmanZeros = link.commands().deadmanZeros();
        if (deadmanZeros > 0) {
            sb.append(" deadman zeros=").append(deadmanZeros);
        }
        if (!link.channels().isEmpty()) {
            InboundChannel<?, ?> odom = link.channels().get(0);
            Histogram latency = odom.latency().snapshot();
            long rejects = InboundChannel.rejectedTotal(link.channels());
            sb.append(String.format(Locale.ROOT, " odom=%d rejects=%d  odom latency p50=%5.0fus p99=%6.0fus", odom.accepted(), rejects,
                    latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(99) / 1e3));
        }
        sb.append(String.format(Locale.ROOT, "  tick p50=%5.0fus p99=%6.0fus overruns=%d", tick.getValueAtPercentile(50) / 1e3,
                tick.getValueAtPercentile(99) / 1e3, rt.loop().overruns()));
        return sb.toString();
    }

    /** The loop's timing and stops, then the link: its counters, each channel's counts, the sensor latency. */
    public void report() {
        SessionReport.controlLoop(out, rt.tick(), rt.loop());
        SessionReport.link(out, rt.link().kind() + " (controller)", rt.link().summary() + ", deadman zeros "
                        + rt.link().commands().deadmanZeros(), rt.link().channels(), rt.link().diagnostics(), "sensor stamp -> decode");
        if (rt.recording() != null) {
            out.println("== recording: " + rt.recording().summary()
                    + (rt.recordingError() != null ? "; NOT COMPLETED: " + rt.recordingError() : ""));
        }
    }

    private void writePlots(Path outDir) throws IOException {
        Files.createDirectories(outDir);
        Path traj = outDir.resolve("trajectory.png");
        Path lat = outDir.resolve("latency.png");
        RealTimeSimulator s = sim.simulator();
        Plots.trajectory(traj, "PolicyRT demo: " + s.simulation().scenario().name(), s.simulation().path(), sim.trajectory(),
                s.simulation().scenario().obstacle(), s.simulation().timeS());
        LoopTiming t = rt.tick().timing();
        Plots.latency(lat, "Control loop latency by percentile", List.of("tick", "infer", "wake lateness", "input age"),
                List.of(t.snapshot(LoopMetric.TICK), t.snapshot(LoopMetric.INFER), t.snapshot(LoopMetric.WAKE_LATENESS),
                        t.snapshot(LoopMetric.INPUT_AGE)));
        out.println("== plots: " + traj + " and " + lat);
    }
}
