package io.policyrt.controller.loop;

import io.policyrt.controller.action.ActionPipeline;
import io.policyrt.controller.action.DiffDriveKinematics;
import io.policyrt.controller.action.DriveConfig;
import io.policyrt.controller.action.SpeedLimiter;
import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.observation.ObservationBuilder;
import io.policyrt.controller.observation.SensorSnapshot;
import io.policyrt.controller.observation.TrackingGeometry;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.policy.PolicySpec;
import io.policyrt.controller.port.CommandSink;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.safety.SafetyGovernor;
import io.policyrt.controller.safety.SafetyLimits;
import io.policyrt.controller.telemetry.LoopTiming;
import io.policyrt.controller.time.NanoClock;

/**
 * Wires one controller at configure time: slots, snapshot, observation builder, action pipeline,
 * safety governor and tick for a policy. Everything is allocated here, nothing per tick.
 */
public final class Controller {
    private final SensorSlots slots;
    private final ControlTick tick;

    private Controller(SensorSlots slots, ControlTick tick) {
        this.slots = slots;
        this.tick = tick;
    }

    public static Controller create(Policy policy, FeatureRegistry features, DriveConfig drive, SafetyLimits safety,
                                    NanoClock clock, SensorSlots slots, CommandSink sink) {
        PolicySpec spec = policy.spec();
        ActionPipeline.check(spec);
        double vMax = Math.max(Math.abs(spec.actionLow(0)), Math.abs(spec.actionHigh(0)));
        double wMax = Math.max(Math.abs(spec.actionLow(1)), Math.abs(spec.actionHigh(1)));
        SpeedLimiter linear = new SpeedLimiter(spec.actionLow(0), spec.actionHigh(0), drive.linearAccelMps2(),
                drive.linearDecelMps2(), drive.linearJerkMps3());
        SpeedLimiter angular = new SpeedLimiter(spec.actionLow(1), spec.actionHigh(1), drive.angularAccelRadps2(),
                drive.angularDecelRadps2(), drive.angularJerkRadps3());
        DiffDriveKinematics kinematics = drive.kinematics();
        ActionPipeline pipeline = new ActionPipeline(spec, linear, angular, kinematics);
        SafetyGovernor governor = new SafetyGovernor(safety, vMax, wMax, drive.maxWheelRadps());
        SensorSnapshot snapshot = new SensorSnapshot(slots);
        TrackingGeometry geometry = new TrackingGeometry(spec.lookaheadM(), spec.robotRadiusM());
        ObservationBuilder builder = new ObservationBuilder(spec, features);
        ControlTick tick = new ControlTick(clock, snapshot, geometry, builder, policy, pipeline, governor, sink, new LoopTiming());
        return new Controller(slots, tick);
    }

    public SensorSlots slots() { return slots; }
    public ControlTick tick() { return tick; }
    public SafetyGovernor governor() { return tick.governor(); }
    public LoopTiming timing() { return tick.timing(); }
}
