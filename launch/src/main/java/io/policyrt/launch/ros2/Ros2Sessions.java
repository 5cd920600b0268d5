package io.policyrt.launch.ros2;

import io.policyrt.controller.safety.StopReason;
import io.policyrt.drivers.ros2.Ros2Inbound;
import io.policyrt.launch.session.ForegroundRun;
import io.policyrt.launch.session.SessionReport;
import io.policyrt.launch.session.SimServing;
import io.policyrt.sim.ros2.Ros2SimServer;
import io.policyrt.sim.run.EpisodeMetrics;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Runs the ROS 2 processes to their end and prints what happened: safety stops, loop timing,
 * per-topic counts, QoS mismatches and the sensor latency.
 */
public final class Ros2Sessions {
    private Ros2Sessions() {
    }

    /** {@code policyrt run} with transport ros2: the controller until the path ends, the duration passes or Ctrl-C. */
    public static int runController(Ros2ControllerRuntime rt, PrintStream out) throws Exception {
        rt.start();
        out.println("policyrt: controller on ROS 2 domain " + rt.participant().settings().domainId()
                + (rt.participant().settings().localhostOnly() ? " (localhost only)" : "") + ", topics " + rt.topics().odometry().name()
                + " ... " + rt.topics().wheelCommand().name());
        boolean stopAtEnd = rt.config().ros2.stopAtPathEnd;
        ForegroundRun.until(out, rt.config().ros2.durationS,
                () -> !rt.loop().isRunning() || (stopAtEnd && rt.controller().governor().currentReason() == StopReason.PATH_COMPLETE),
                () -> status(rt), rt::close, ForegroundRun.CONTROL_LOOP_STOPPED);
        SessionReport.controlLoop(out, rt.controller(), rt.loop());
        out.println("== ros2 (controller): domain " + rt.participant().settings().domainId());
        for (Ros2Inbound<?> t : rt.source().inbound()) {
            out.println("   " + t.topic().name() + " (" + t.topic().qos() + "): " + t.countsJson());
        }
        for (String m : rt.participant().qos().mismatches()) {
            out.println("   " + m);
        }
        SessionReport.latencyHeader(out, "latency");
        SessionReport.latencyRow(out, "odometry stamp -> decode", rt.source().odometry().latency().snapshot());
        return 0;
    }

    static String status(Ros2ControllerRuntime rt) {
        return String.format(Locale.ROOT, "ros2 state=%-15s odom=%d rejects=%d qos-mismatches=%d",
                SessionReport.state(rt.controller().governor().currentReason()), rt.source().odometry().accepted(),
                rt.source().rejectedTotal(), rt.participant().qos().mismatches().size());
    }

    /** {@code policyrt sim serve --transport ros2}: the simulator until its episode ends, the duration passes or Ctrl-C. */
    public static EpisodeMetrics serveSimulator(Ros2SimServer server, PrintStream out, double durationS) throws Exception {
        server.start();
        out.println("policyrt: simulated robot on ROS 2 domain " + server.participant().settings().domainId()
                + "; waiting for a controller on " + server.commands().topic().name());
        EpisodeMetrics m = SimServing.serve(server, out, durationS, () -> SessionReport.robotStatus(server.simulator())
                + "  commands=" + server.commands().accepted() + " dropped=" + server.commands().rejectedTotal(), () -> {
            server.close();
            server.participant().close();
        });
        if (m != null) {
            SessionReport.episode(out, server.simulator(), "served over ROS 2");
            out.println("== ros2 (robot): domain " + server.participant().settings().domainId() + ", failed writes "
                    + server.writeFailures());
            out.println("   " + server.commands().topic().name() + ": " + server.commands().countsJson());
            for (String mismatch : server.participant().qos().mismatches()) {
                out.println("   " + mismatch);
            }
        }
        return m;
    }
}
