package io.policyrt.benchmarks.soak;

import io.policyrt.controller.action.DriveConfig;
import io.policyrt.controller.safety.SafetyGovernor;
import io.policyrt.controller.safety.StopReason;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.launch.config.ConfigLoader;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.runtime.ControllerRuntime;
import io.policyrt.launch.wiring.ControllerWiring;
import io.policyrt.sim.expert.PurePursuitPolicy;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The soak: the simulated robot served over MQTT or ROS 1, the controller at 100 Hz through
 * {@link ControllerRuntime} with the pure-pursuit expert, and every {@code disturbEveryS} a flood
 * of malformed sensor messages followed by a peer restart. Samples heap after GC, threads and file
 * descriptors between disturbances, and checks the invariants: no bad command reached the robot,
 * the robot was commanded to move again within the bound after every disturbance, the controller
 * never faulted, and threads, descriptors and heap ended within their margins of the baseline.
 */
public final class SoakRun {
    /** 100 Hz. */
    static final double PERIOD_MS = 10;

    private SoakRun() {
    }

    /** Runs the soak, prints its table and verdict to {@code out}; returns the result. */
    public static SoakResult run(SoakSettings s, PrintStream out) throws Exception {
        Files.createDirectories(s.workDir());
        RuntimeConfig c = new RuntimeConfig();
        c.policy.file = "expert";
        c.loop.periodMs = PERIOD_MS;
        c.sim.path = "straight";
        c.sim.encounter = "none";
        c.sim.durationS = 120;
        c.run.stopAtPathEnd = false;
        PurePursuitPolicy policy = new PurePursuitPolicy();
        DriveConfig drive = ControllerWiring.driveConfig(c.drive);
        double maxVMps = drive.maxWheelRadps() * drive.wheelRadiusM();
        double maxWRadps = 2 * maxVMps / drive.wheelSeparationM();
        CommandObserver observer = new CommandObserver(maxVMps, maxWRadps);
        List<ResourceSample> samples = new ArrayList<>();
        List<Double> recoveriesS = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        long floodMessages = 0;
        double firstDisturbanceEndS = Double.NaN;
        String fault;
        int episodes;
        long sensorRejects;
        SafetyGovernor governor;
        try (SoakPeer peer = "mqtt".equals(s.transport()) ? new MqttSoakPeer(s.workDir()) : new Ros1SoakPeer(s.workDir())) {
            peer.configure(c);
            ConfigLoader.validate(c, "soak");
            peer.observe(observer, c);
            try (RobotSide robot = new RobotSide(c, policy.spec().robotRadiusM());
                 ControllerRuntime rt = ControllerRuntime.open(c, policy, null, "soak")) {
                governor = rt.tick().governor();
                robot.newEpisode();
                rt.start();
                InboundChannel<?, ?> odometry = rt.link().channels().get(0); // the channels exist once the sensors are subscribed
                out.printf(Locale.ROOT, "soak over %s: %.0f s, controller at %.0f Hz, a %.0f s flood and a %s every %.0f s%n",
                        s.transport(), s.durationS(), 1000 / PERIOD_MS, s.floodS(), peer.restartName(), s.disturbEveryS());
                out.println("   time [s]   heap after GC [MiB]   threads   fds   commands");
                long start = System.nanoTime();
                long end = start + (long) (s.durationS() * 1e9);
                long nextDisturb = start + (long) (s.disturbEveryS() * 1e9);
                long nextSample = start;
                // the first moving command: the service is up before anything is disturbed
                double firstS = awaitService(observer, start, robot, odometry, s.recoveryBoundS() * 3);
                if (Double.isNaN(firstS)) {
                    failures.add("the robot was never commanded to move within " + s.recoveryBoundS() * 3 + " s of the start");
                }
                while (System.nanoTime() < end && rt.fault() == null) {
                    robot.keepServing();
                    long now = System.nanoTime();
                    if (now >= nextSample) {
                        sample(samples, start, observer, out);
                        nextSample = now + (long) (s.sampleEveryS() * 1e9);
                    }
                    if (now >= nextDisturb && end - now > s.floodS() * 1e9) {
                        double atS = (now - start) * 1e-9;
                        long flooded = peer.flood(c, (long) (s.floodS() * 1000));
                        floodMessages += flooded;
                        peer.restart(robot);
                        long after = System.nanoTime();
                        double recoveryS = awaitService(observer, after, robot, odometry, s.recoveryBoundS());
                        recoveriesS.add(recoveryS);
                        out.printf(Locale.ROOT, "%11.1f   disturbance: %d malformed messages in %.0f s, %s; robot moving again after %s%n",
                                atS, flooded, s.floodS(), peer.restartName(),
                                Double.isNaN(recoveryS) ? "NEVER" : String.format(Locale.ROOT, "%.2f s", recoveryS));
                        if (Double.isNaN(recoveryS)) {
                            failures.add(String.format(Locale.ROOT, "the robot was not moving again within %.0f s of the disturbance"
                                    + " that ended at %.1f s", s.recoveryBoundS(), (after - start) * 1e-9));
                        }
                        if (Double.isNaN(firstDisturbanceEndS)) {
                            firstDisturbanceEndS = (System.nanoTime() - start) * 1e-9;
                        }
                        nextDisturb = System.nanoTime() + (long) (s.disturbEveryS() * 1e9);
                    }
                    Thread.sleep(50);
                }
                fault = rt.fault();
                episodes = robot.episodes();
                sensorRejects = InboundChannel.rejectedTotal(rt.link().channels());
                sample(samples, start, observer, out);
            }
        }
        if (fault != null) {
            failures.add("the controller faulted: " + fault);
        }
        if (observer.bad() > 0) {
            failures.add(observer.bad() + " non-finite or out-of-limit commands reached the robot, the first " + observer.firstBad());
        }
        SoakResult r = new SoakResult(s, firstDisturbanceEndS, samples, recoveriesS, observer.received(), observer.bad(), floodMessages,
                sensorRejects, episodes, governor.stopTicks(StopReason.NON_FINITE_OBSERVATION),
                governor.stopTicks(StopReason.NON_FINITE_ACTION), governor.stopTicks(StopReason.COMMAND_OUT_OF_LIMITS), failures);
        r.print(out);
        return r;
    }

    /**
     * Seconds from {@code fromNanos} until the service is back, or NaN past the bound: the observer
     * has seen a moving command since, the controller has accepted odometry since, the robot's side
     * has accepted a command since, and the simulated robot moves. Keeps the robot served meanwhile.
     */
    private static double awaitService(CommandObserver observer, long fromNanos, RobotSide robot, InboundChannel<?, ?> odometry,
                                       double boundS) throws Exception {
        long deadline = fromNanos + (long) (boundS * 1e9);
        long acceptedBefore = robot.acceptedCommands();
        long odometryBefore = odometry.accepted();
        while (System.nanoTime() < deadline) {
            if (observer.lastMovingNanos() > fromNanos && odometry.accepted() > odometryBefore && robot.acceptedCommands() > acceptedBefore
                    && robot.movingFasterThan(CommandObserver.MOVING_MPS)) {
                return (System.nanoTime() - fromNanos) * 1e-9;
            }
            robot.keepServing();
            Thread.sleep(10);
        }
        return Double.NaN;
    }

    private static void sample(List<ResourceSample> samples, long start, CommandObserver observer, PrintStream out) {
        ResourceSample r = ResourceSample.take((System.nanoTime() - start) * 1e-9);
        samples.add(r);
        out.printf(Locale.ROOT, "%11.1f %21.1f %9d %5d %10d%n", r.elapsedS(), r.heapUsedBytes() / 1048576.0, r.threads(), r.fds(),
                observer.received());
    }
}
