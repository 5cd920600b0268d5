package io.policyrt.controller.domain;

import io.policyrt.controller.slot.Copyable;

/** Angular velocity set-points for the left and right wheels [rad/s], stamped when issued. */
public final class WheelCommand implements Copyable<WheelCommand> {
    private long stampNanos;
    private double leftRadps;
    private double rightRadps;

    public WheelCommand set(long stampNanos, double leftRadps, double rightRadps) {
        this.stampNanos = stampNanos;
        this.leftRadps = leftRadps;
        this.rightRadps = rightRadps;
        return this;
    }

    @Override
    public void copyFrom(WheelCommand o) {
        set(o.stampNanos, o.leftRadps, o.rightRadps);
    }

    public long stampNanos() { return stampNanos; }
    public double leftRadps() { return leftRadps; }
    public double rightRadps() { return rightRadps; }

    @Override
    public String toString() {
        return String.format("WheelCommand[t=%d left=%.4f right=%.4f rad/s]", stampNanos, leftRadps, rightRadps);
    }
}
