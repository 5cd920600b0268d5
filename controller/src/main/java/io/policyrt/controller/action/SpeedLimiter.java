package io.policyrt.controller.action;

/**
 * Velocity, acceleration and jerk limits on one axis, after ros2_control's diff_drive_controller
 * speed limiter, with separate limits for speeding up and slowing down (a robot can usually brake
 * harder than it accelerates). A limit of {@code Double.POSITIVE_INFINITY} disables it.
 */
public final class SpeedLimiter {
    private final double minVelocity;
    private final double maxVelocity;
    private final double maxAcceleration;
    private final double maxDeceleration;
    private final double maxJerk;

    /**
     * @param minVelocity     lowest allowed velocity [unit/s]
     * @param maxVelocity     highest allowed velocity [unit/s]
     * @param maxAcceleration largest rate of increase of |v| [unit/s^2], > 0
     * @param maxDeceleration largest rate of decrease of |v| [unit/s^2], > 0
     * @param maxJerk         largest rate of change of acceleration [unit/s^3], > 0
     */
    public SpeedLimiter(double minVelocity, double maxVelocity, double maxAcceleration, double maxDeceleration, double maxJerk) {
        if (!(minVelocity <= maxVelocity) || Double.isNaN(minVelocity) || Double.isNaN(maxVelocity)) {
            throw new IllegalArgumentException("velocity limits must satisfy min <= max, got [" + minVelocity + ", " + maxVelocity + "]");
        }
        if (!(maxAcceleration > 0) || !(maxDeceleration > 0) || !(maxJerk > 0)) {
            throw new IllegalArgumentException("acceleration, deceleration and jerk limits must be > 0, got "
                    + maxAcceleration + ", " + maxDeceleration + ", " + maxJerk);
        }
        this.minVelocity = minVelocity;
        this.maxVelocity = maxVelocity;
        this.maxAcceleration = maxAcceleration;
        this.maxDeceleration = maxDeceleration;
        this.maxJerk = maxJerk;
    }

    /**
     * Limits a new set-point given the two previous commanded values.
     *
     * @param v  desired velocity
     * @param v0 previous command
     * @param v1 command before that
     * @param dt time since the previous command [s], > 0
     */
    public double limit(double v, double v0, double v1, double dt) {
        double out = limitJerk(v, v0, v1, dt);
        out = limitAcceleration(out, v0, dt);
        return limitVelocity(out);
    }

    double limitVelocity(double v) {
        return v < minVelocity ? minVelocity : (v > maxVelocity ? maxVelocity : v);
    }

    double limitAcceleration(double v, double v0, double dt) {
        double dv = v - v0;
        // Speeding up means moving away from zero without crossing it; everything else is braking.
        boolean speedingUp = (v0 >= 0 && dv > 0) || (v0 <= 0 && dv < 0);
        double maxStep = (speedingUp ? maxAcceleration : maxDeceleration) * dt;
        dv = dv > maxStep ? maxStep : (dv < -maxStep ? -maxStep : dv);
        double out = v0 + dv;
        if (!speedingUp && (out > 0 && v0 < 0 || out < 0 && v0 > 0)) {
            // The step reverses: brake to rest at the deceleration limit, then speed up the other
            // way for what is left of dt at the acceleration limit.
            double left = dt - Math.abs(v0) / maxDeceleration;
            double reverse = left > 0 ? maxAcceleration * left : 0;
            out = out > reverse ? reverse : (out < -reverse ? -reverse : out);
        }
        return out;
    }

    double limitJerk(double v, double v0, double v1, double dt) {
        double dv = v - v0;
        double dv0 = v0 - v1;
        double maxDa = maxJerk * dt * dt;
        double da = dv - dv0;
        da = da > maxDa ? maxDa : (da < -maxDa ? -maxDa : da);
        return v0 + dv0 + da;
    }

    public double minVelocity() { return minVelocity; }
    public double maxVelocity() { return maxVelocity; }
}
