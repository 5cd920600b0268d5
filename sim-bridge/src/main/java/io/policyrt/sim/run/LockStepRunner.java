package io.policyrt.sim.run;

import io.policyrt.controller.action.DriveConfig;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.loop.Controller;
import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.port.InProcessCommandSink;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.safety.SafetyLimits;
import io.policyrt.controller.time.ManualClock;
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
        ManualClock clock = new ManualClock(START_NANOS);
        SensorSlots slots = new SensorSlots(Math.max(SensorSlots.DEFAULT_PATH_CAPACITY, scenario.path().count()));
        InProcessCommandSink sink = new InProcessCommandSink();
        SafetyLimits safety = SafetyLimits.defaultsFor(periodNanos);
        Controller controller = Controller.create(policy, FeatureRegistry.tracking(), drive, safety, clock, slots, sink);
        Simulation sim = new Simulation(scenario, robot, noise, physicsStepNanos, seed, START_NANOS, safety.goalToleranceM());
        sim.publishPath(slots);
        while (!sim.episodeOver()) {
            sim.publishSensors(slots);
            controller.tick().run();
            if (sink.wheels().refresh()) {
                WheelCommand cmd = sink.wheels().latest();
                sim.command(cmd.leftRadps(), cmd.rightRadps());
            }
            sim.sampleMetrics();
            observer.afterTick(sim, controller.tick());
            sim.advanceTo(sim.nowNanos() + periodNanos);
            clock.set(sim.nowNanos());
        }
        return sim.metrics();
    }
}
