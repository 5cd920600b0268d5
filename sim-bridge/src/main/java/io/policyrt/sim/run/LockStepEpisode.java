package io.policyrt.sim.run;

import io.policyrt.controller.action.DriveConfig;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.loop.ControlTick;
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
 * One lock-step episode, driven one control tick at a time: {@link #tick()} publishes the sensors,
 * runs the controller, hands its command to the robot and scores the state; {@link #advance()}
 * moves physics on by one control period. {@link LockStepRunner} loops over it; the training
 * environment and its parity tests step it from outside.
 */
public final class LockStepEpisode {
    private final long periodNanos;
    private final ManualClock clock;
    private final SensorSlots slots;
    private final InProcessCommandSink sink;
    private final ControlTick tick;
    private final Simulation sim;
    private long ticks;

    public LockStepEpisode(Scenario scenario, Policy policy, long periodNanos, long seed, RobotParams robot,
                           SensorNoise noise, DriveConfig drive, long physicsStepNanos) {
        this.periodNanos = periodNanos;
        this.clock = new ManualClock(LockStepRunner.START_NANOS);
        this.slots = new SensorSlots(Math.max(SensorSlots.DEFAULT_PATH_CAPACITY, scenario.path().count()), clock); // arrival on simulated time
        this.sink = new InProcessCommandSink();
        SafetyLimits safety = SafetyLimits.defaultsFor(periodNanos);
        this.tick = ControlTick.assemble(policy, FeatureRegistry.tracking(), drive, safety, clock, slots, sink);
        this.sim = new Simulation(scenario, robot, noise, physicsStepNanos, seed, LockStepRunner.START_NANOS,
                safety.goalToleranceM());
        sim.publishPath(slots);
    }

    /** Whether the episode is over (path completed, collision, or time limit). */
    public boolean over() {
        return sim.episodeOver();
    }

    /** Runs one control tick at the current simulation time and scores the state it left. */
    public void tick() {
        tick(null);
    }

    /**
     * {@link #tick()} with a scripted obstacle report (a recorded obstacle's state, stamped now)
     * in place of the scenario's; null: the scenario's.
     */
    public void tick(io.policyrt.controller.domain.ObstacleTrack scripted) {
        sim.publishSensors(slots);
        if (scripted != null) {
            slots.obstacle().write(scripted);
        }
        tick.run();
        if (sink.wheels().refresh()) {
            WheelCommand cmd = sink.wheels().latest();
            sim.command(cmd.leftRadps(), cmd.rightRadps());
        }
        sim.sampleMetrics();
        ticks++;
    }

    /** Advances physics by one control period and the controller's clock with it. */
    public void advance() {
        sim.advanceTo(sim.nowNanos() + periodNanos);
        clock.set(sim.nowNanos());
    }

    public Simulation sim() { return sim; }
    public ControlTick controlTick() { return tick; }
    public long periodNanos() { return periodNanos; }
    /** Ticks run so far. */
    public long ticks() { return ticks; }
}
