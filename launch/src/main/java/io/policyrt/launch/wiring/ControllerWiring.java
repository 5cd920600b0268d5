package io.policyrt.launch.wiring;

import io.policyrt.controller.action.DriveConfig;
import io.policyrt.controller.loop.ControlLoop;
import io.policyrt.controller.loop.ControlTick;
import io.policyrt.controller.loop.LoopConfig;
import io.policyrt.controller.loop.TriggerMode;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.safety.EStopRules;
import io.policyrt.controller.safety.SafetyLimits;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.inbound.InboundRules;
import io.policyrt.drivers.inbound.InputBounds;
import io.policyrt.launch.config.ConfigLoader;
import io.policyrt.launch.config.RuntimeConfig;

/**
 * The controller's side of a configuration (the {@code loop}, {@code drive} and {@code safety}
 * sections) as the controller's own types: what every runtime, embedded or on a transport, builds
 * the same way before adding its slots and command sink.
 */
public final class ControllerWiring {
    private ControllerWiring() {
    }

    /** The control period: {@code loop.period_ms} when set, else the period the policy was trained at. */
    public static long periodNanos(RuntimeConfig.Loop loop, Policy policy) {
        return loop.periodMs != null ? Math.round(loop.periodMs * 1e6) : policy.spec().controlPeriodNanos();
    }

    public static DriveConfig driveConfig(RuntimeConfig.Drive d) {
        return new DriveConfig(d.wheelRadiusM, d.wheelSeparationM, d.leftRadiusMultiplier, d.rightRadiusMultiplier, d.maxWheelRadps,
                d.linear.accel, d.linear.decel, d.linear.jerk, d.angular.accel, d.angular.decel, d.angular.jerk);
    }

    /** The safety section; unset sensor timeouts scale with the control period. */
    public static SafetyLimits safetyLimits(RuntimeConfig.Safety s, long periodNanos) {
        SafetyLimits defaults = SafetyLimits.defaultsFor(periodNanos);
        long odom = s.odometryTimeoutMs != null ? Math.round(s.odometryTimeoutMs * 1e6) : defaults.odometryTimeoutNanos();
        long obstacle = s.obstacleTimeoutMs != null ? Math.round(s.obstacleTimeoutMs * 1e6) : defaults.obstacleTimeoutNanos();
        ConfigLoader.futureToleranceWithinTimeouts(null, s, odom / 1e6, s.odometryTimeoutMs == null);
        return new SafetyLimits(odom, obstacle, Math.round(s.pathTimeoutMs * 1e6), s.obstacleRequired,
                Math.round(s.futureToleranceMs * 1e6), s.goalToleranceM);
    }

    /** What every inbound channel of the controller's transport checks: future tolerance and input bounds. */
    public static InboundRules inboundRules(RuntimeConfig.Safety s) {
        RuntimeConfig.InputBounds b = s.inputBounds;
        // Commands are not inbound to the controller; their bound stays the default.
        return new InboundRules(Math.round(s.futureToleranceMs * 1e6), new InputBounds(b.maxPositionM, b.maxSpeedMps,
                b.maxYawRateRadps, b.maxObstacleRadiusM, InputBounds.DEFAULTS.maxCommandRateRadps()));
    }

    /** The e-stop's release rules (safety.estop). */
    public static EStopRules estopRules(RuntimeConfig.Safety s) {
        return new EStopRules(EStopRules.Release.fromConfig(s.estop.release), Math.round(s.estop.holdMs * 1e6),
                Math.round(s.estop.heartbeatMs * 1e6));
    }

    /** The fixed-rate loop the loop section describes, ticking {@code controller} from {@code slots}. */
    public static ControlLoop loop(RuntimeConfig.Loop l, long periodNanos, ControlTick controller, NanoClock clock, SensorSlots slots) {
        TriggerMode mode = "on-message".equals(l.trigger) ? TriggerMode.ON_MESSAGE : TriggerMode.TIMER;
        // Both margins are capped to fit the period: the spin margin at a period, the phase lock's at a quarter.
        LoopConfig loopConfig = new LoopConfig(periodNanos, Math.min(Math.round(l.spinMarginUs * 1e3), periodNanos), mode,
                l.triggerSensor, Math.round(l.triggerTimeoutMs * 1e6), l.phaseLock,
                Math.min(Math.round(l.phaseLockMarginUs * 1e3), periodNanos / 4));
        return new ControlLoop(controller, loopConfig, clock, slots);
    }
}
