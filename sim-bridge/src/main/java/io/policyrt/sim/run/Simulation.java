package io.policyrt.sim.run;

import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.PathReference;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.sim.SimRandom;
import io.policyrt.sim.robot.DiffDriveRobot;
import io.policyrt.sim.robot.RobotParams;
import io.policyrt.sim.robot.SensorNoise;
import io.policyrt.sim.scenario.ObstacleMotion;
import io.policyrt.sim.scenario.Scenario;

/**
 * The simulated world of one episode: robot, moving obstacle and reference path on a fixed
 * physics step, independent of the control period, deterministic for a seed. It publishes its
 * sensors into controller slots and takes wheel commands. Single-threaded; the runners decide
 * whether time comes from a manual clock (lock-step) or the wall clock (real time).
 */
public final class Simulation {
    private final Scenario scenario;
    private final RobotParams robotParams;
    private final SensorNoise noise;
    private final long physicsStepNanos;
    private final DiffDriveRobot robot;
    private final SimRandom noiseRng;
    private final PathReference path;
    private final EpisodeMetrics metrics;
    private final Odometry odometry = new Odometry();
    private final ObstacleTrack obstacleTrack = new ObstacleTrack();
    private final long startNanos;
    private long nowNanos;

    /**
     * @param startNanos simulation time zero on the controller's clock [ns]
     */
    public Simulation(Scenario scenario, RobotParams robotParams, SensorNoise noise, long physicsStepNanos, long seed,
                      long startNanos, double goalToleranceM) {
        if (physicsStepNanos <= 0) {
            throw new IllegalArgumentException("physics step must be > 0 ns");
        }
        this.scenario = scenario;
        this.robotParams = robotParams;
        this.noise = noise;
        this.physicsStepNanos = physicsStepNanos;
        this.robot = new DiffDriveRobot(robotParams, noise.commandLatencyS());
        this.noiseRng = new SimRandom(seed ^ 0x5DEECE66DL);
        this.path = new PathReference(scenario.path().count());
        this.path.set(startNanos, scenario.path().xM(), scenario.path().yM(), scenario.path().count(), scenario.targetSpeedMps());
        this.metrics = new EpisodeMetrics(0.15);
        this.startNanos = startNanos;
        this.nowNanos = startNanos;
        robot.reset(scenario.startXM(), scenario.startYM(), scenario.startYawRad());
    }

    /** Takes a wheel command at the current simulation time. */
    public void command(double leftRadps, double rightRadps) {
        robot.command(nowNanos, leftRadps, rightRadps);
    }

    /** Advances physics in whole steps until {@code untilNanos}. */
    public void advanceTo(long untilNanos) {
        while (nowNanos + physicsStepNanos <= untilNanos) {
            nowNanos += physicsStepNanos;
            robot.step(nowNanos, physicsStepNanos * 1e-9);
        }
    }

    /** Scores the current state (call once per control tick). */
    public void sampleMetrics() {
        metrics.sample(path, timeS(), robot.xM(), robot.yM(), robot.yawRad(), robot.bodyVMps(), clearanceM());
    }

    /** Writes odometry (with noise) and the obstacle track, stamped now, into the slots. */
    public void publishSensors(SensorSlots slots) {
        odometry.set(nowNanos,
                robot.xM() + noise.positionM() * noiseRng.nextGaussian(),
                robot.yM() + noise.positionM() * noiseRng.nextGaussian(),
                robot.yawRad() + noise.yawRad() * noiseRng.nextGaussian(),
                robot.bodyVMps() + noise.velocityMps() * noiseRng.nextGaussian(),
                robot.bodyWRadps() + noise.yawRateRadps() * noiseRng.nextGaussian());
        slots.odometry().write(odometry);
        ObstacleMotion o = scenario.obstacle();
        if (o == null) {
            obstacleTrack.setNone(nowNanos);
        } else {
            double t = timeS();
            obstacleTrack.set(nowNanos, ObstacleTrack.Frame.WORLD, o.xAt(t), o.yAt(t), o.vxAt(t), o.vyAt(t), o.radiusM());
        }
        slots.obstacle().write(obstacleTrack);
    }

    /** Writes the reference path into the slots (once, or when a transport must repeat it). */
    public void publishPath(SensorSlots slots) {
        slots.path().write(path);
    }

    /** Distance between robot and obstacle outlines [m]; +inf without obstacle. */
    public double clearanceM() {
        ObstacleMotion o = scenario.obstacle();
        if (o == null) {
            return Double.POSITIVE_INFINITY;
        }
        double t = timeS();
        return Math.hypot(o.xAt(t) - robot.xM(), o.yAt(t) - robot.yM()) - o.radiusM() - robotParams.bodyRadiusM();
    }

    /** Whether the episode is over: path completed, collision, or time limit. */
    public boolean episodeOver() {
        return metrics.completed() || metrics.collided() || timeS() >= scenario.timeLimitS();
    }

    /** The odometry the last {@link #publishSensors} wrote (for bridges that send it elsewhere). */
    public Odometry lastOdometry() { return odometry; }
    /** The obstacle track the last {@link #publishSensors} wrote. */
    public ObstacleTrack lastObstacle() { return obstacleTrack; }

    public double timeS() { return (nowNanos - startNanos) * 1e-9; }
    public long nowNanos() { return nowNanos; }
    public DiffDriveRobot robot() { return robot; }
    public Scenario scenario() { return scenario; }
    public EpisodeMetrics metrics() { return metrics; }
    public PathReference path() { return path; }
    public RobotParams robotParams() { return robotParams; }
    public long physicsStepNanos() { return physicsStepNanos; }
}
