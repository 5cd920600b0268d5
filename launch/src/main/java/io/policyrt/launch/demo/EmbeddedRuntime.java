package io.policyrt.launch.demo;

import io.policyrt.controller.action.DriveConfig;
import io.policyrt.controller.loop.ControlLoop;
import io.policyrt.controller.loop.ControlTick;
import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.port.InProcessCommandSink;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.safety.SafetyLimits;
import io.policyrt.controller.time.SystemNanoClock;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.wiring.ControllerWiring;
import io.policyrt.launch.wiring.SimWiring;
import io.policyrt.sim.run.RealTimeSimulator;
import io.policyrt.sim.run.SimWorld;
import io.policyrt.sim.scenario.Scenario;

/**
 * The embedded default: the simulator in real time and the controller in one process, wired from
 * a {@link RuntimeConfig}. The controller talks to the simulator only through its ports.
 */
public final class EmbeddedRuntime implements AutoCloseable {
    private final RuntimeConfig config;
    private final Policy policy;
    private final ControlTick controller;
    private final ControlLoop loop;
    private final RealTimeSimulator simulator;
    private final TrajectoryRecorder trajectory;
    private final Scenario scenario;

    public EmbeddedRuntime(RuntimeConfig config, Policy policy) {
        this.config = config;
        this.policy = policy;
        long periodNanos = ControllerWiring.periodNanos(config.loop, policy);
        DriveConfig drive = ControllerWiring.driveConfig(config.drive);
        SafetyLimits safety = ControllerWiring.safetyLimits(config.safety, periodNanos);
        SensorSlots slots = new SensorSlots();
        InProcessCommandSink sink = new InProcessCommandSink();
        SystemNanoClock clock = SystemNanoClock.INSTANCE;
        controller = ControlTick.assemble(policy, FeatureRegistry.tracking(), drive, safety, clock, slots, sink);
        loop = ControllerWiring.loop(config.loop, periodNanos, controller, clock, slots);

        SimWorld world = SimWiring.simWorld(config, policy.spec().robotRadiusM());
        scenario = world.scenario();
        trajectory = new TrajectoryRecorder((int) Math.min(2_000_000, config.sim.durationS * config.sim.sensorRateHz + 10));
        simulator = new RealTimeSimulator(world.simulation(clock.nanoTime()), clock, slots, sink.wheels(), world.sensorPeriodNanos(),
                (s, t) -> trajectory.record(s));
    }

    /** Starts the simulator, then the control loop. */
    public void start() {
        simulator.start();
        loop.start();
    }

    /** Whether the episode is over (path done, collision) or the duration has passed. */
    public boolean finished() {
        return simulator.episodeOver() || simulator.timeS() >= config.sim.durationS || !loop.isRunning();
    }

    /** Stops the loop (which sends a final zero command), then the simulator. Idempotent. */
    @Override
    public void close() {
        loop.stop();
        simulator.close();
    }

    public ControlTick controller() { return controller; }
    public ControlLoop loop() { return loop; }
    public RealTimeSimulator simulator() { return simulator; }
    public TrajectoryRecorder trajectory() { return trajectory; }
    public Scenario scenario() { return scenario; }
    public Policy policy() { return policy; }
}
