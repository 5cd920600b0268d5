package io.policyrt.launch.session;

import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.launch.record.RunRecording;
import io.policyrt.sim.run.EpisodeMetrics;
import io.policyrt.sim.run.SimServer;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * {@code policyrt sim serve} over any transport: starts the server, waits for a controller's first
 * command, runs the episode from then until it ends, the duration passes or Ctrl-C, stops the
 * server and prints the episode and the commands it received.
 */
public final class SimServing {
    private SimServing() {
    }

    /**
     * @param server        not started yet; closed on return
     * @param transportName the transport for people ("MQTT", "ROS 1")
     * @param durationS     the limit on both the wait and the episode [s]; 0: none
     * @return the episode's metrics, or null when no controller came
     */
    public static EpisodeMetrics serve(SimServer server, String transportName, PrintStream out, double durationS) throws Exception {
        return serve(server, transportName, out, durationS, null);
    }

    /**
     * As {@link #serve(SimServer, String, PrintStream, double)}, recording the commands the robot
     * receives, each with its verdict, when {@code recording} is not null (closed on return).
     */
    public static EpisodeMetrics serve(SimServer server, String transportName, PrintStream out, double durationS,
                                       RunRecording recording) throws Exception {
        try (recording) {
            return serveAndReport(server, transportName, out, durationS, recording);
        } finally {
            if (recording != null) {
                out.println("== recording: " + recording.summary());
            }
        }
    }

    private static EpisodeMetrics serveAndReport(SimServer server, String transportName, PrintStream out, double durationS,
                                                 RunRecording recording) throws Exception {
        try {
            if (recording != null) {
                server.tapCommands(recording.inboundTaps());
            }
            server.start();
            out.println("policyrt: simulated robot on " + server.endpoint() + "; waiting for a controller");
            long waitStart = System.nanoTime();
            while (!server.commanded()) {
                Thread.sleep(10);
                if (durationS > 0 && (System.nanoTime() - waitStart) * 1e-9 > durationS) {
                    out.println("policyrt: no controller came within " + durationS + " s");
                    return null;
                }
            }
            server.beginEpisode();
            out.println("policyrt: controller present; episode started");
            ForegroundRun.until(out, durationS, server::episodeOver, () -> status(server), server::close, "the simulated robot stopped");
            report(server, "served over " + transportName, out);
            return server.metrics();
        } finally {
            server.close();
        }
    }

    /** The simulated robot, the link and the commands it took. */
    public static String status(SimServer server) {
        long accepted = 0;
        long dropped = 0;
        for (InboundChannel<?, ?> c : server.commandChannels()) {
            accepted += c.accepted();
            dropped += c.rejectedTotal();
        }
        List<InboundChannel<?, ?>> channels = server.commandChannels();
        Histogram latency = channels.isEmpty() ? new Histogram(3) : channels.get(0).latency().snapshot();
        return SessionReport.robotStatus(server.simulator()) + String.format(Locale.ROOT,
                "  link=%-4s commands=%d dropped=%d  command latency p50=%5.0fus p99=%6.0fus", server.isUp() ? "up" : "DOWN", accepted,
                dropped, latency.getValueAtPercentile(50) / 1e3, latency.getValueAtPercentile(99) / 1e3);
    }

    /** The episode ({@code how} it was driven) and the robot's side of the link. */
    public static void report(SimServer server, String how, PrintStream out) {
        if (server.simulator() != null) {
            SessionReport.episode(out, server.simulator(), how);
        }
        SessionReport.link(out, "robot", server.summary(), server.commandChannels(), List.of(), "command stamp -> robot");
    }
}
