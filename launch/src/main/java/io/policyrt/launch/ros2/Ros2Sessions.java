package io.policyrt.launch.ros2;

import io.policyrt.controller.safety.StopReason;
import io.policyrt.controller.telemetry.LoopMetric;
import io.policyrt.drivers.ros2.Ros2Inbound;
import io.policyrt.sim.ros2.Ros2SimServer;
import io.policyrt.sim.run.EpisodeMetrics;
import io.policyrt.sim.run.RealTimeSimulator;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Runs the ROS 2 processes to their end with a status line every few seconds, stops them cleanly
 * (also on Ctrl-C), and prints per-topic counts, QoS mismatches and the sensor latency.
 */
public final class Ros2Sessions {
    private Ros2Sessions() {
    }

    static void runUntil(PrintStream out, double durationS, BooleanSupplier done, Supplier<String> status, Runnable stop)
            throws InterruptedException {
        Thread hook = new Thread(stop, "policyrt-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        long start = System.nanoTime();
        long lastPrint = start;
        try {
            while (!done.getAsBoolean() && (durationS <= 0 || (System.nanoTime() - start) * 1e-9 < durationS)) {
                Thread.sleep(50);
                long now = System.nanoTime();
                if (now - lastPrint > 5_000_000_000L) {
                    lastPrint = now;
                    out.println(status.get());
                }
            }
        } finally {
            stop.run();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // Ctrl-C: the hook runs the same idempotent stop
            }
        }
    }

    /** {@code policyrt run} with transport ros2: the controller until the path ends, the duration passes or Ctrl-C. */
    public static int runController(Ros2ControllerRuntime rt, PrintStream out) throws Exception {
        rt.start();
        out.println("policyrt: controller on ROS 2 domain " + rt.participant().settings().domainId()
                + (rt.participant().settings().localhostOnly() ? " (localhost only)" : "") + ", topics " + rt.topics().odometry().name()
                + " ... " + rt.topics().wheelCommand().name());
        boolean stopAtEnd = rt.config().ros2.stopAtPathEnd;
        runUntil(out, rt.config().ros2.durationS,
                () -> !rt.loop().isRunning() || (stopAtEnd && rt.controller().governor().currentReason() == StopReason.PATH_COMPLETE),
                () -> status(rt), rt::close);
        out.printf(Locale.ROOT, "== control loop: %d ticks, overruns %d, tick p99 %.1f us%n", rt.controller().tick().tickCount(),
                rt.loop().overruns(), rt.controller().timing().snapshot(LoopMetric.TICK).getValueAtPercentile(99) / 1e3);
        for (Ros2Inbound<?> t : rt.source().inbound()) {
            out.println("   " + t.topic().name() + " (" + t.topic().qos() + "): " + t.countsJson());
        }
        for (String m : rt.participant().qos().mismatches()) {
            out.println("   " + m);
        }
        Histogram h = rt.source().odometry().latency().snapshot();
        out.printf(Locale.ROOT, "   odometry stamp -> decode: p50 %.1f us, p99 %.1f us, p99.9 %.1f us (%d samples)%n",
                h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3, h.getTotalCount());
        return 0;
    }

    static String status(Ros2ControllerRuntime rt) {
        StopReason r = rt.controller().governor().currentReason();
        return String.format(Locale.ROOT, "ros2 state=%-15s odom=%d rejects=%d qos-mismatches=%d", r == StopReason.NONE ? "running" : r.name(),
                rt.source().odometry().accepted(), rt.source().rejectedTotal(), rt.participant().qos().mismatches().size());
    }

    /** {@code policyrt sim serve --transport ros2}: the simulator until its episode ends, the duration passes or Ctrl-C. */
    public static EpisodeMetrics serveSimulator(Ros2SimServer server, PrintStream out, double durationS) throws Exception {
        server.start();
        out.println("policyrt: simulated robot on ROS 2 domain " + server.participant().settings().domainId()
                + "; waiting for a controller on " + server.commands().topic().name());
        long waitStart = System.nanoTime();
        while (!server.commanded()) {
            Thread.sleep(10);
            if (durationS > 0 && (System.nanoTime() - waitStart) * 1e-9 > durationS) {
                out.println("policyrt: no controller came within " + durationS + " s");
                server.close();
                server.participant().close();
                return null;
            }
        }
        server.beginEpisode();
        out.println("policyrt: controller present; episode started");
        runUntil(out, durationS, server::episodeOver, () -> {
            RealTimeSimulator sim = server.simulator();
            return String.format(Locale.ROOT, "t=%5.1fs  x=%6.2f y=%6.2f  v=%4.2f m/s  commands=%d dropped=%d", sim.timeS(), sim.xM(),
                    sim.yM(), sim.vMps(), server.commands().accepted(), server.commands().rejectedTotal());
        }, () -> {
            server.close();
            server.participant().close();
        });
        EpisodeMetrics m = server.metrics();
        if (m != null) {
            out.println("== episode served over ROS 2: " + m);
        }
        out.println("   " + server.commands().topic().name() + ": " + server.commands().countsJson());
        for (String mismatch : server.participant().qos().mismatches()) {
            out.println("   " + mismatch);
        }
        return m;
    }
}
