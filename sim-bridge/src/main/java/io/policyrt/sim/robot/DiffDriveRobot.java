package io.policyrt.sim.robot;

import io.policyrt.controller.observation.Angles;

/**
 * Differential-drive rigid body driven by wheel speed set-points through a first-order motor lag
 * and a wheel acceleration limit, integrated with a fixed step (exact arc for constant v, w).
 * Commands can be delayed by a fixed latency. Allocation-free after construction.
 */
public final class DiffDriveRobot {
    private static final int LATENCY_SLOTS = 1024;

    private final RobotParams params;
    private final long latencyNanos;

    private double xM;
    private double yM;
    private double yawRad;
    private double leftRadps;
    private double rightRadps;
    private double leftTargetRadps;
    private double rightTargetRadps;
    private long lastCommandNanos = Long.MIN_VALUE;

    // Pending commands (latency): ring of (applyAt, left, right).
    private final long[] pendingAt = new long[LATENCY_SLOTS];
    private final double[] pendingLeft = new double[LATENCY_SLOTS];
    private final double[] pendingRight = new double[LATENCY_SLOTS];
    private int pendingHead;
    private int pendingCount;

    public DiffDriveRobot(RobotParams params, double commandLatencyS) {
        this.params = params;
        this.latencyNanos = Math.round(commandLatencyS * 1e9);
    }

    public void reset(double xM, double yM, double yawRad) {
        this.xM = xM;
        this.yM = yM;
        this.yawRad = yawRad;
        leftRadps = rightRadps = leftTargetRadps = rightTargetRadps = 0;
        pendingCount = 0;
        lastCommandNanos = Long.MIN_VALUE;
    }

    /** A wheel command arrives at {@code nowNanos}; non-finite values are ignored (the driver keeps the last). */
    public void command(long nowNanos, double leftCmdRadps, double rightCmdRadps) {
        if (!Double.isFinite(leftCmdRadps) || !Double.isFinite(rightCmdRadps)) {
            return;
        }
        if (latencyNanos == 0) {
            apply(nowNanos, leftCmdRadps, rightCmdRadps);
            return;
        }
        if (pendingCount == LATENCY_SLOTS) {
            pendingHead = (pendingHead + 1) % LATENCY_SLOTS; // drop the oldest
            pendingCount--;
        }
        int slot = (pendingHead + pendingCount) % LATENCY_SLOTS;
        pendingAt[slot] = nowNanos + latencyNanos;
        pendingLeft[slot] = leftCmdRadps;
        pendingRight[slot] = rightCmdRadps;
        pendingCount++;
    }

    private void apply(long nowNanos, double left, double right) {
        double max = params.maxWheelRadps();
        leftTargetRadps = Math.max(-max, Math.min(max, left));
        rightTargetRadps = Math.max(-max, Math.min(max, right));
        lastCommandNanos = nowNanos;
    }

    /** Advances the physics by {@code dtS} ending at {@code endNanos}. */
    public void step(long endNanos, double dtS) {
        while (pendingCount > 0 && pendingAt[pendingHead] <= endNanos) {
            apply(pendingAt[pendingHead], pendingLeft[pendingHead], pendingRight[pendingHead]);
            pendingHead = (pendingHead + 1) % LATENCY_SLOTS;
            pendingCount--;
        }
        if (lastCommandNanos == Long.MIN_VALUE || endNanos - lastCommandNanos > params.commandTimeoutS() * 1e9) {
            leftTargetRadps = 0;
            rightTargetRadps = 0;
        }
        leftRadps = motor(leftRadps, leftTargetRadps, dtS);
        rightRadps = motor(rightRadps, rightTargetRadps, dtS);
        double v = bodyVMps();
        double w = bodyWRadps();
        if (Math.abs(w) < 1e-9) {
            xM += v * Math.cos(yawRad) * dtS;
            yM += v * Math.sin(yawRad) * dtS;
        } else {
            double yaw1 = yawRad + w * dtS;
            xM += v / w * (Math.sin(yaw1) - Math.sin(yawRad));
            yM -= v / w * (Math.cos(yaw1) - Math.cos(yawRad));
        }
        yawRad = Angles.wrap(yawRad + w * dtS);
    }

    private double motor(double speed, double target, double dtS) {
        double desired;
        double tau = params.motorTimeConstantS();
        if (tau <= 0) {
            desired = target;
        } else {
            desired = speed + (target - speed) * (1 - Math.exp(-dtS / tau));
        }
        double maxStep = params.maxWheelAccelRadps2() * dtS;
        double step = Math.max(-maxStep, Math.min(maxStep, desired - speed));
        return speed + step;
    }

    public double xM() { return xM; }
    public double yM() { return yM; }
    public double yawRad() { return yawRad; }
    public double leftRadps() { return leftRadps; }
    public double rightRadps() { return rightRadps; }
    public double bodyVMps() { return params.wheelRadiusM() * (leftRadps + rightRadps) / 2; }
    public double bodyWRadps() { return params.wheelRadiusM() * (rightRadps - leftRadps) / params.wheelSeparationM(); }
    public RobotParams params() { return params; }
}
