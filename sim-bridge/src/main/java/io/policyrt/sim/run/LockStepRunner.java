package io.policyrt.sim.run;

import io.policyrt.controller.action.DriveConfig;
import io.policyrt.controller.policy.Policy;
import io.policyrt.sim.robot.RobotParams;
import io.policyrt.sim.robot.SensorNoise;
import io.policyrt.sim.scenario.Scenario;

/**
 * Runs the controller and the simulator together on a manual clock, as fast as the CPU allows:
 * each control period the sim publishes its sensors, the controller ticks, its command reaches
 * the robot, and physics advances by one period in fixed steps. For tests and evaluation.
 */
public final class LockStepRunner {
    /** Simulated time zero on the controller's clock; any value works, 1 s avoids stamp 0. */
    public static final long START_NANOS = 1_000_000_000L;

    private final RobotParams robot;
    private final SensorNoise noise;
    private final DriveConfig drive;
    private final long physicsStepNanos;

    public LockStepRunner(RobotParams robot, SensorNoise noise, DriveConfig drive, long physicsStepNanos) {
        this.robot = robot;
        this.noise = noise;
        this.drive = drive;
        this.physicsStepNanos = physicsStepNanos;
    }

    public static LockStepRunner defaults() {
        return new LockStepRunner(RobotParams.defaults(), SensorNoise.none(), DriveConfig.defaults(), 1_000_000L);
    }

    /** Runs one episode with the policy at its own control period. */
    public EpisodeMetrics run(Scenario scenario, Policy policy, long seed, TickObserver observer) {
        return run(scenario, policy, policy.spec().controlPeriodNanos(), seed, observer);
    }

    /** Runs one episode with the controller at {@code periodNanos}. */
    public EpisodeMetrics run(Scenario scenario, Policy policy, long periodNanos, long seed, TickObserver observer) {
        LockStepEpisode episode = episode(scenario, policy, periodNanos, seed);
        while (!episode.over()) {
            episode.tick();
            observer.afterTick(episode.sim(), episode.controlTick());
            episode.advance();
        }
        return episode.sim().metrics();
    }

    /** A new episode with this runner's robot, noise and drive, to step from outside. */
    public LockStepEpisode episode(Scenario scenario, Policy policy, long periodNanos, long seed) {
        return new LockStepEpisode(scenario, policy, periodNanos, seed, robot, noise, drive, physicsStepNanos);
    }

    public RobotParams robot() { return robot; }
    public SensorNoise noise() { return noise; }
    public DriveConfig drive() { return drive; }
    public long physicsStepNanos() { return physicsStepNanos; }
}
