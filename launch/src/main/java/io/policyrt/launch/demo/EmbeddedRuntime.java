package io.policyrt.launch.demo;

import io.policyrt.controller.action.DriveConfig;
import io.policyrt.controller.loop.ControlLoop;
import io.policyrt.controller.loop.Controller;
import io.policyrt.controller.loop.LoopConfig;
import io.policyrt.controller.loop.TriggerMode;
import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.port.InProcessCommandSink;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.safety.SafetyLimits;
import io.policyrt.controller.time.SystemNanoClock;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.sim.robot.RobotParams;
import io.policyrt.sim.robot.SensorNoise;
import io.policyrt.sim.run.RealTimeSimulator;
import io.policyrt.sim.run.SimWorld;
import io.policyrt.sim.scenario.ReferencePaths;
import io.policyrt.sim.scenario.Scenario;

/**
 * The embedded default: the simulator in real time and the controller in one process, wired from
 * a {@link RuntimeConfig}. The controller talks to the simulator only through its ports.
 */
public final class EmbeddedRuntime implements AutoCloseable {
    private final RuntimeConfig config;
    private final Policy policy;
    private final Controller controller;
    private final ControlLoop loop;
    private final RealTimeSimulator simulator;
    private final TrajectoryRecorder trajectory;
    private final Scenario scenario;

    public EmbeddedRuntime(RuntimeConfig config, Policy policy) {
        this.config = config;
        this.policy = policy;
        long periodNanos = config.loop.periodMs != null ? Math.round(config.loop.periodMs * 1e6) : policy.spec().controlPeriodNanos();
        DriveConfig drive = driveConfig(config.drive);
        SafetyLimits safety = safetyLimits(config.safety, periodNanos);
        SensorSlots slots = new SensorSlots();
        InProcessCommandSink sink = new InProcessCommandSink();
        SystemNanoClock clock = SystemNanoClock.INSTANCE;
        controller = Controller.create(policy, FeatureRegistry.tracking(), drive, safety, clock, slots, sink);
        TriggerMode mode = "on-message".equals(config.loop.trigger) ? TriggerMode.ON_MESSAGE : TriggerMode.TIMER;
        LoopConfig loopConfig = new LoopConfig(periodNanos, Math.min(Math.round(config.loop.spinMarginUs * 1e3), periodNanos), mode,
                config.loop.triggerSensor, Math.round(config.loop.triggerTimeoutMs * 1e6));
        loop = new ControlLoop(controller.tick(), loopConfig, clock, slots);

        SimWorld world = simWorld(config, policy.spec().robotRadiusM());
        scenario = world.scenario();
        trajectory = new TrajectoryRecorder((int) Math.min(2_000_000, config.sim.durationS * config.sim.sensorRateHz + 10));
        simulator = new RealTimeSimulator(world.simulation(clock.nanoTime()), clock, slots, sink.wheels(), world.sensorPeriodNanos(),
                (s, t) -> trajectory.record(s));
    }

    /**
     * The simulated world the {@code sim}, {@code drive} and {@code safety} sections describe, for
     * a robot of the given footprint: the embedded simulator's, and the one each transport serves.
     */
    public static SimWorld simWorld(RuntimeConfig c, double robotRadiusM) {
        SensorNoise noise = "realistic".equals(c.sim.noise) ? SensorNoise.realistic() : SensorNoise.none();
        return new SimWorld(scenario(c.sim), simulatedRobot(driveConfig(c.drive), robotRadiusM), noise,
                Math.round(c.sim.physicsStepMs * 1e6), c.sim.seed, c.safety.goalToleranceM, Math.round(1e9 / c.sim.sensorRateHz));
    }

    /** The scenario a configuration's sim section names (values already validated). */
    public static Scenario scenario(RuntimeConfig.Sim sim) {
        return Scenario.standard(ReferencePaths.Shape.parse(sim.path), encounter(sim.encounter), sim.seed);
    }

    static Scenario.Encounter encounter(String name) {
        switch (name) {
            case "none": return Scenario.Encounter.NONE;
            case "step-in": return Scenario.Encounter.STEP_IN;
            default: return Scenario.Encounter.CROSSING;
        }
    }

    /** The simulated robot: the configured wheels and footprint, motors as the default robot's. */
    public static RobotParams simulatedRobot(DriveConfig drive, double bodyRadiusM) {
        RobotParams motors = RobotParams.defaults();
        return new RobotParams(drive.wheelRadiusM(), drive.wheelSeparationM(), motors.motorTimeConstantS(),
                motors.maxWheelAccelRadps2(), drive.maxWheelRadps(), bodyRadiusM, motors.commandTimeoutS());
    }

    public static DriveConfig driveConfig(RuntimeConfig.Drive d) {
        return new DriveConfig(d.wheelRadiusM, d.wheelSeparationM, d.leftRadiusMultiplier, d.rightRadiusMultiplier, d.maxWheelRadps,
                d.linear.accel, d.linear.decel, d.linear.jerk, d.angular.accel, d.angular.decel, d.angular.jerk);
    }

    public static SafetyLimits safetyLimits(RuntimeConfig.Safety s, long periodNanos) {
        SafetyLimits defaults = SafetyLimits.defaultsFor(periodNanos);
        long odom = s.odometryTimeoutMs != null ? Math.round(s.odometryTimeoutMs * 1e6) : defaults.odometryTimeoutNanos();
        long obstacle = s.obstacleTimeoutMs != null ? Math.round(s.obstacleTimeoutMs * 1e6) : defaults.obstacleTimeoutNanos();
        return new SafetyLimits(odom, obstacle, Math.round(s.pathTimeoutMs * 1e6), s.obstacleRequired,
                Math.round(s.futureToleranceMs * 1e6), s.goalToleranceM);
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

    public Controller controller() { return controller; }
    public ControlLoop loop() { return loop; }
    public RealTimeSimulator simulator() { return simulator; }
    public TrajectoryRecorder trajectory() { return trajectory; }
    public Scenario scenario() { return scenario; }
    public Policy policy() { return policy; }
}
