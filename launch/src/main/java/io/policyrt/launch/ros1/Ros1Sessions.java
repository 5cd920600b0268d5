package io.policyrt.launch.ros1;

import io.policyrt.controller.safety.StopReason;
import io.policyrt.controller.telemetry.LoopMetric;
import io.policyrt.drivers.ros1.transport.Ros1Inbound;
import io.policyrt.launch.session.ForegroundRun;
import io.policyrt.launch.session.SessionReport;
import io.policyrt.launch.session.SimServing;
import io.policyrt.sim.ros1.Ros1SimServer;
import io.policyrt.sim.run.EpisodeMetrics;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Runs the ROS 1 processes to their end and prints what happened: safety stops, loop timing,
 * per-topic counts and latencies (sensor stamp to conversion on the controller; command stamp to
 * receipt on the robot).
 */
public final class Ros1Sessions {
    private Ros1Sessions() {
    }

    /** {@code policyrt run} with transport ros1: the controller until the path ends, the duration passes or Ctrl-C. */
    public static int runController(Ros1ControllerRuntime rt, PrintStream out) throws Exception {
        rt.start();
        out.println("policyrt: ROS 1 node " + rt.node().name() + " on master " + rt.node().settings().masterUri() + " (advertised as "
                + rt.node().slaveUri() + "); sensors " + rt.topics().odometryTopic() + ", commands "
                + String.join(" ", List.of(rt.topics().cmdVelTopic(), rt.topics().wheelsTopic())).trim());
        boolean stopAtEnd = rt.config().ros1.stopAtPathEnd;
        ForegroundRun.until(out, rt.config().ros1.durationS,
                () -> !rt.loop().isRunning() || (stopAtEnd && rt.controller().governor().currentReason() == StopReason.PATH_COMPLETE),
                () -> controllerStatus(rt), rt::close, ForegroundRun.CONTROL_LOOP_STOPPED);
        printController(rt, out);
        return 0;
    }

    static String controllerStatus(Ros1ControllerRuntime rt) {
        Histogram odom = rt.source().odometry().latency().snapshot();
        Histogram tick = rt.controller().timing().snapshot(LoopMetric.TICK);
        return String.format(Locale.ROOT, "state=%-15s odom=%d rejects=%d  odom latency p50=%5.0fus p99=%6.0fus  tick p99=%5.0fus",
                SessionReport.state(rt.controller().governor().currentReason()), rt.source().odometry().accepted(),
                rt.source().rejectedTotal(), odom.getValueAtPercentile(50) / 1e3, odom.getValueAtPercentile(99) / 1e3,
                tick.getValueAtPercentile(99) / 1e3);
    }

    static void printController(Ros1ControllerRuntime rt, PrintStream out) {
        SessionReport.controlLoop(out, rt.controller(), rt.loop());
        out.printf(Locale.ROOT, "== ros1 (controller): node %s, master %s, commands published %d, master re-registrations %d%n",
                rt.node().name(), rt.node().settings().masterUri(), rt.sink().published(), rt.node().reRegistrations());
        for (String line : rt.source().countLines()) {
            out.println("   " + line);
        }
        SessionReport.latencyHeader(out, "latency");
        SessionReport.latencyRow(out, "sensor stamp -> decode", rt.source().odometry().latency().snapshot());
    }

    /**
     * {@code policyrt sim serve --transport ros1}: serves the simulator until its episode ends,
     * the duration passes or Ctrl-C; the episode starts at the first command from a controller.
     */
    public static EpisodeMetrics serveSimulator(Ros1SimServer server, PrintStream out, double durationS) throws Exception {
        server.start();
        out.println("policyrt: simulated robot as ROS 1 node " + server.node().name() + " on master "
                + server.node().settings().masterUri() + "; waiting for a controller on "
                + server.commandTopics().stream().map(Ros1Inbound::topic).toList());
        EpisodeMetrics m = SimServing.serve(server, out, durationS, () -> simStatus(server), () -> {
            server.close();
            server.node().shutdown();
        });
        if (m != null) {
            printSim(server, out);
        }
        return m;
    }

    static String simStatus(Ros1SimServer server) {
        long accepted = 0;
        long dropped = 0;
        for (Ros1Inbound<?> t : server.commandTopics()) {
            accepted += t.accepted();
            dropped += t.rejectedTotal();
        }
        return SessionReport.robotStatus(server.simulator()) + "  commands=" + accepted + " dropped=" + dropped;
    }

    static void printSim(Ros1SimServer server, PrintStream out) {
        SessionReport.episode(out, server.simulator(), "served over ROS 1");
        out.println("== ros1 (robot): node " + server.node().name() + ", master " + server.node().settings().masterUri());
        for (Ros1Inbound<?> t : server.commandTopics()) {
            out.println("   " + t.topic() + ": accepted " + t.accepted() + ", dropped " + t.rejectedTotal());
            SessionReport.latencyRow(out, "command stamp -> robot", t.latency().snapshot());
        }
    }
}
