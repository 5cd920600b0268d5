package io.policyrt.controller.domain;

import io.policyrt.controller.slot.Copyable;

/** Angular velocity set-points for the left and right wheels [rad/s], stamped when issued. */
public final class WheelCommand implements Copyable<WheelCommand>, FiniteValue {
    private long stampNanos;
    private long odometryStampNanos;
    private double leftRadps;
    private double rightRadps;

    public WheelCommand set(long stampNanos, double leftRadps, double rightRadps) {
        this.stampNanos = stampNanos;
        this.leftRadps = leftRadps;
        this.rightRadps = rightRadps;
        this.odometryStampNanos = 0;
        return this;
    }

    /**
     * Echoes the stamp of the odometry message this command was computed from, so that whoever
     * sent the odometry can measure sensor-to-command latency on its own clock; 0: none.
     */
    public WheelCommand setOdometryStampNanos(long odometryStampNanos) {
        this.odometryStampNanos = odometryStampNanos;
        return this;
    }

    @Override
    public void copyFrom(WheelCommand o) {
        set(o.stampNanos, o.leftRadps, o.rightRadps);
        odometryStampNanos = o.odometryStampNanos;
    }

    public long stampNanos() { return stampNanos; }
    /** Stamp of the odometry the command was computed from [ns]; 0 when none (a stop before any odometry). */
    public long odometryStampNanos() { return odometryStampNanos; }
    public double leftRadps() { return leftRadps; }
    public double rightRadps() { return rightRadps; }

    @Override
    public boolean isFinite() {
        return Double.isFinite(leftRadps) && Double.isFinite(rightRadps);
    }

    @Override
    public String toString() {
        return String.format("WheelCommand[t=%d left=%.4f right=%.4f rad/s]", stampNanos, leftRadps, rightRadps);
    }
}
