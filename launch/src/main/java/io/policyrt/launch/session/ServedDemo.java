package io.policyrt.launch.session;

import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.time.SystemNanoClock;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.runtime.ControllerRuntime;
import io.policyrt.launch.transport.LinkSetup;
import io.policyrt.launch.transport.TransportRegistry;
import io.policyrt.sim.run.EpisodeMetrics;
import io.policyrt.sim.run.SimServer;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code policyrt demo --transport KIND}: the simulated robot served over a transport and the
 * controller on the same transport, in one process but talking only through the transport,
 * exactly as two processes would.
 */
public final class ServedDemo {
    private static final long CONTROLLER_WAIT_NANOS = 30_000_000_000L;

    private ServedDemo() {
    }

    /** Runs one episode and reports both sides; returns its metrics (null when no episode started). */
    public static EpisodeMetrics run(RuntimeConfig config, Policy policy, Path baseDir, PrintStream out) throws Exception {
        String kind = config.transport.kind;
        LinkSetup setup = new LinkSetup(SystemNanoClock.INSTANCE, baseDir, "command line", policy.spec().robotRadiusM());
        SimServer robot = TransportRegistry.serveRobot(kind, config, setup);
        // What the robot's side owns (the embedded broker) the controller's side only connects to.
        config.mqtt.embeddedBroker.enabled = false;
        try (robot; ControllerRuntime controller = ControllerRuntime.open(config, policy, baseDir, "command line")) {
            robot.start();
            controller.start();
            long deadline = System.nanoTime() + CONTROLLER_WAIT_NANOS;
            while (!robot.commanded() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            robot.beginEpisode();
            ForegroundRun.until(out, config.sim.durationS, robot::episodeOver, () -> SimServing.status(robot) + "  controller="
                    + SessionReport.state(controller.tick().governor().currentReason()), () -> {
                        controller.close();
                        robot.close();
                    }, ForegroundRun.CONTROL_LOOP_STOPPED);
            SimServing.report(robot, "served over " + TransportRegistry.name(kind), out);
            new ControllerSession(controller, out).report();
            return robot.metrics();
        }
    }
}
