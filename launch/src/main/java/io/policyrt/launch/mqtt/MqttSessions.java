package io.policyrt.launch.mqtt;

import io.policyrt.controller.safety.SafetyGovernor;
import io.policyrt.controller.safety.StopReason;
import io.policyrt.controller.telemetry.LoopMetric;
import io.policyrt.drivers.mqtt.InboundTopic;
import io.policyrt.drivers.mqtt.MqttConnection;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.sim.mqtt.MqttSimServer;
import io.policyrt.sim.run.EpisodeMetrics;
import io.policyrt.sim.run.RealTimeSimulator;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Runs the MQTT processes to their end with a live status line, stops them cleanly (also on
 * Ctrl-C), and prints what happened: safety stops, loop timing, per-topic counts and the
 * per-message latencies (sensor stamp to decode; command stamp to the robot's receipt).
 */
public final class MqttSessions {
    private MqttSessions() {
    }

    /** Runs until {@code done} holds, {@code durationS} passed (0: no limit) or Ctrl-C; then runs {@code stop}. Shared with the ROS 1 sessions. */
    public static void runUntil(PrintStream out, double durationS, BooleanSupplier done, Supplier<String> status, Runnable stop)
            throws InterruptedException {
        Thread hook = new Thread(stop, "policyrt-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean tty = System.console() != null;
        long start = System.nanoTime();
        long lastPrint = start;
        try {
            while (!done.getAsBoolean() && (durationS <= 0 || (System.nanoTime() - start) * 1e-9 < durationS)) {
                Thread.sleep(50);
                long now = System.nanoTime();
                if (now - lastPrint > (tty ? 250_000_000L : 5_000_000_000L)) {
                    lastPrint = now;
                    out.print(tty ? "\r" + status.get() + "   " : status.get() + "\n");
                    out.flush();
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
        if (tty) {
            out.println();
        }
    }

    /** {@code policyrt run} with transport mqtt: the controller until the path ends, the duration passes or Ctrl-C. */
    public static int runController(MqttControllerRuntime rt, PrintStream out) throws Exception {
        rt.start();
        out.println("policyrt: controller on " + rt.connection().settings().brokerUri() + ", topics " + rt.topics().odometry().name()
                + " ... " + rt.topics().wheelCommand().name());
        boolean stopAtEnd = rt.config().mqtt.stopAtPathEnd;
        runUntil(out, rt.config().mqtt.durationS,
                () -> !rt.loop().isRunning() || (stopAtEnd && rt.controller().governor().currentReason() == StopReason.PATH_COMPLETE),
                () -> controllerStatus(rt), rt::close);
        printController(rt, out);
        return 0;
    }

    static String controllerStatus(MqttControllerRuntime rt) {
        Histogram odom = rt.source().odometry().latency().snapshot();
        Histogram tick = rt.controller().timing().snapshot(LoopMetric.TICK);
        return String.format(Locale.ROOT, "mqtt=%-4s state=%-15s odom=%d rejects=%d  odom latency p50=%5.0fus p99=%6.0fus  tick p99=%5.0fus",
                rt.connection().isConnected() ? "up" : "DOWN", state(rt.controller().governor().currentReason()),
                rt.source().odometry().accepted(), rt.source().rejectedTotal(), odom.getValueAtPercentile(50) / 1e3,
                odom.getValueAtPercentile(99) / 1e3, tick.getValueAtPercentile(99) / 1e3);
    }

    public static String state(StopReason r) {
        return r == StopReason.NONE ? "running" : r.name();
    }

    static void printController(MqttControllerRuntime rt, PrintStream out) {
        out.printf(Locale.ROOT, "== control loop: %d ticks at %.1f ms (%s), overruns %d%n", rt.controller().tick().tickCount(),
                rt.loop().config().periodNanos() / 1e6, rt.loop().config().triggerMode(), rt.loop().overruns());
        out.println("   [us]                      p50      p90      p99    p99.9      max    count");
        for (LoopMetric metric : List.of(LoopMetric.TICK, LoopMetric.WAKE_LATENESS, LoopMetric.INPUT_AGE)) {
            row(out, metric.name().toLowerCase(Locale.ROOT), rt.controller().timing().snapshot(metric));
        }
        SafetyGovernor g = rt.controller().governor();
        StringBuilder stops = new StringBuilder();
        for (StopReason r : StopReason.values()) {
            if (g.stopTicks(r) > 0) {
                stops.append(String.format(Locale.ROOT, " %s=%d ticks/%d times", r, g.stopTicks(r), g.stopEvents(r)));
            }
        }
        out.println("== safety stops:" + (stops.length() == 0 ? " none" : stops));
        MqttConnection c = rt.connection();
        out.printf(Locale.ROOT, "== mqtt (controller): %s, connects %d, connection losses %d, failed publishes %d, wheel commands sent %d%n",
                c.settings().brokerUri(), c.connects(), c.connectionLosses(), c.publishFailures(), rt.sink().published());
        for (InboundTopic t : rt.source().inbound()) {
            out.println("   " + t.topic().name() + " (" + t.topic().format().configName() + ", QoS " + t.topic().qos() + "): "
                    + counts(t));
        }
        out.println("   latency [us]              p50      p90      p99    p99.9      max    count");
        row(out, "sensor stamp -> decode", rt.source().odometry().latency().snapshot());
    }

    static String counts(InboundTopic t) {
        StringBuilder sb = new StringBuilder("accepted " + t.accepted());
        for (Reject r : Reject.values()) {
            if (r != Reject.NONE && t.rejected(r) > 0) {
                sb.append(", ").append(r.name().toLowerCase(Locale.ROOT)).append(' ').append(t.rejected(r));
            }
        }
        return sb.toString();
    }

    public static void row(PrintStream out, String name, Histogram h) {
        out.printf(Locale.ROOT, "   %-22s %8.1f %8.1f %8.1f %8.1f %8.1f %8d%n", name, h.getValueAtPercentile(50) / 1e3,
                h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3,
                h.getMaxValue() / 1e3, h.getTotalCount());
    }

    /**
     * {@code policyrt sim serve}: serves the simulator until its episode ends, the duration passes
     * or Ctrl-C; the episode starts at the first command from a controller.
     */
    public static EpisodeMetrics serveSimulator(MqttSimServer server, PrintStream out, double durationS) throws Exception {
        server.start();
        out.println("policyrt: simulated robot on " + server.connection().settings().brokerUri() + "; waiting for a controller on "
                + server.commands().topic().name());
        long waitStart = System.nanoTime();
        while (!server.commanded()) {
            Thread.sleep(10);
            if (durationS > 0 && (System.nanoTime() - waitStart) * 1e-9 > durationS) {
                out.println("policyrt: no controller came within " + durationS + " s");
                server.close();
                server.connection().close();
                return null;
            }
        }
        server.beginEpisode();
        out.println("policyrt: controller present; episode started");
        runUntil(out, durationS, server::episodeOver, () -> simStatus(server), () -> {
            server.close();
            server.connection().close();
        });
        printSim(server, out);
        return server.metrics();
    }

    static String simStatus(MqttSimServer server) {
        RealTimeSimulator sim = server.simulator();
        Histogram cmd = server.commands().latency().snapshot();
        return String.format(Locale.ROOT, "t=%5.1fs  x=%6.2f y=%6.2f  v=%4.2f m/s  mqtt=%-4s commands=%d dropped=%d  command latency p50=%5.0fus p99=%6.0fus",
                sim.timeS(), sim.xM(), sim.yM(), sim.vMps(), server.connection().isConnected() ? "up" : "DOWN",
                server.commands().accepted(), server.commands().rejectedTotal(), cmd.getValueAtPercentile(50) / 1e3,
                cmd.getValueAtPercentile(99) / 1e3);
    }

    static void printSim(MqttSimServer server, PrintStream out) {
        EpisodeMetrics m = server.metrics();
        if (m != null) {
            RealTimeSimulator sim = server.simulator();
            out.println("== episode: " + sim.simulation().scenario().name() + " served over MQTT");
            out.printf(Locale.ROOT, "   completed %s, collisions %d, time %.1f s, progress %.2f / %.2f m%n", m.completed() ? "yes" : "NO",
                    m.collided() ? 1 : 0, m.timeS(), m.progressM(), sim.simulation().path().lengthM());
            out.printf(Locale.ROOT, "   lateral RMSE %.3f m, heading RMSE %.3f rad, mean speed error %.3f m/s, min obstacle clearance %s%n",
                    m.lateralRmseM(), m.headingRmseRad(), m.meanSpeedErrorMps(),
                    Double.isInfinite(m.minClearanceM()) ? "n/a (no obstacle)" : String.format(Locale.ROOT, "%.3f m", m.minClearanceM()));
        }
        MqttConnection c = server.connection();
        out.printf(Locale.ROOT, "== mqtt (robot): %s, connects %d, connection losses %d, failed publishes %d%n", c.settings().brokerUri(),
                c.connects(), c.connectionLosses(), c.publishFailures());
        out.println("   " + server.commands().topic().name() + ": " + counts(server.commands()));
        out.println("   latency [us]              p50      p90      p99    p99.9      max    count");
        row(out, "command stamp -> robot", server.commands().latency().snapshot());
    }
}
