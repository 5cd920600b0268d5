package io.policyrt.controller.action;

import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.policy.PolicySpec;

/**
 * Turns the policy's action into commands within limits: map [-1, 1] to the spec's physical
 * bounds, clamp, apply velocity/acceleration/jerk limits per axis, then differential-drive
 * inverse kinematics with the wheel speed limit. Control thread only; allocation-free.
 *
 * <p>The action layout is (forward speed [m/s], yaw rate [rad/s]), which is what the spec's
 * action names must say; {@link #check(PolicySpec)} refuses other layouts.
 */
public final class ActionPipeline {
    private final double[] low;
    private final double[] high;
    private final boolean normalized;
    private final SpeedLimiter linear;
    private final SpeedLimiter angular;
    private final DiffDriveKinematics kinematics;

    // Commanded history for the limiters: [0] previous, [1] the one before.
    private double v0;
    private double v1;
    private double w0;
    private double w1;

    private double desiredVMps;
    private double desiredWRadps;

    public ActionPipeline(PolicySpec spec, SpeedLimiter linear, SpeedLimiter angular, DiffDriveKinematics kinematics) {
        check(spec);
        this.low = new double[] {spec.actionLow(0), spec.actionLow(1)};
        this.high = new double[] {spec.actionHigh(0), spec.actionHigh(1)};
        this.normalized = spec.actionNormalized();
        this.linear = linear;
        this.angular = angular;
        this.kinematics = kinematics;
    }

    /** Refuses a spec whose actions are not (v, w). */
    public static void check(PolicySpec spec) {
        if (spec.actionSize() != 2) {
            throw new IllegalArgumentException(spec.source() + ": a differential-drive policy has 2 actions (v_mps, w_radps), this one has "
                    + spec.actionNames());
        }
    }

    /**
     * Shapes one action into commands.
     *
     * @param action graph output (v, w), normalized or physical per the spec; must be finite
     * @param dtS    time since the previous command [s]; 0 (no time passed, or no command yet)
     *               holds the previous command, which is rest after construction or
     *               {@link #commandedStop()}
     */
    public void shape(float[] action, double dtS, long stampNanos, VelocityCommand velocityOut, WheelCommand wheelsOut) {
        double v = physical(action[0], 0);
        double w = physical(action[1], 1);
        desiredVMps = v;
        desiredWRadps = w;
        if (dtS > 0) {
            v = linear.limit(v, v0, v1, dtS);
            w = angular.limit(w, w0, w1, dtS);
        } else {
            // No time since the previous command (or none yet, the robot at rest): no finite limit
            // allows a change, so hold the previous command.
            v = v0;
            w = w0;
        }
        double k = kinematics.wheelLimitScale(v, w);
        v *= k;
        w *= k;
        velocityOut.set(stampNanos, v, w);
        wheelsOut.set(stampNanos, kinematics.leftRadps(v, w), kinematics.rightRadps(v, w));
        v1 = v0;
        v0 = v;
        w1 = w0;
        w0 = w;
    }

    private double physical(float a, int j) {
        double x;
        if (normalized) {
            double u = a > 1f ? 1.0 : (a < -1f ? -1.0 : a);
            x = low[j] + (u + 1.0) * 0.5 * (high[j] - low[j]);
        } else {
            x = a;
        }
        return x < low[j] ? low[j] : (x > high[j] ? high[j] : x);
    }

    /** Records that a stop was commanded instead, so the limiters ramp up again from rest. */
    public void commandedStop() {
        v0 = v1 = w0 = w1 = 0;
    }

    /** Physical (v, w) the policy asked for in the last {@link #shape}, before limits. */
    public double desiredVMps() { return desiredVMps; }
    public double desiredWRadps() { return desiredWRadps; }
    public DiffDriveKinematics kinematics() { return kinematics; }
}
