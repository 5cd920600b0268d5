package io.policyrt.benchmarks.soak;

import io.policyrt.controller.time.SystemNanoClock;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.transport.LinkSetup;
import io.policyrt.launch.transport.TransportRegistry;
import io.policyrt.sim.run.SimServer;

/**
 * The simulated robot served over the transport, one episode at a time: when an episode ends (path
 * done) or the robot's node is restarted, a new server starts a new episode from the path's start,
 * so that the controller has a robot to drive for the whole soak. Soak thread only.
 */
final class RobotSide implements AutoCloseable {
    private final RuntimeConfig config;
    private final double robotRadiusM;
    private SimServer server;
    private int episodes;
    /** Commands the closed servers accepted, so that {@link #acceptedCommands()} only grows. */
    private long acceptedBefore;

    RobotSide(RuntimeConfig config, double robotRadiusM) {
        this.config = config;
        this.robotRadiusM = robotRadiusM;
    }

    /** Closes the running server (if any) and serves a new episode. */
    void newEpisode() throws Exception {
        closeServer();
        SimServer s = TransportRegistry.serveRobot(config.transport.kind, config,
                new LinkSetup(SystemNanoClock.INSTANCE, null, "soak", robotRadiusM));
        s.start();
        s.beginEpisode();
        server = s;
        episodes++;
    }

    /** Starts a new episode when the current one is over (path done, collision, time limit). */
    void keepServing() throws Exception {
        if (server == null || server.episodeOver() || server.simulator().timeS() >= config.sim.durationS) {
            newEpisode();
        }
    }

    int episodes() { return episodes; }

    /** Valid commands the robot's side has accepted over every episode so far. */
    long acceptedCommands() {
        return acceptedBefore + (server == null ? 0 : accepted(server));
    }

    /** Whether the simulated robot of the current episode is moving faster than {@code mps}. */
    boolean movingFasterThan(double mps) {
        return server != null && server.simulator() != null && Math.abs(server.simulator().vMps()) > mps;
    }

    private static long accepted(SimServer s) {
        long n = 0;
        for (InboundChannel<?, ?> c : s.commandChannels()) {
            n += c.accepted();
        }
        return n;
    }

    private void closeServer() {
        if (server != null) {
            acceptedBefore += accepted(server);
            server.close();
            server = null;
        }
    }

    @Override
    public void close() {
        closeServer();
    }
}
