package io.policyrt.controller.domain;

import io.policyrt.controller.slot.Copyable;

/** Body velocity set-point: forward speed [m/s] and yaw rate [rad/s], stamped when issued. */
public final class VelocityCommand implements Copyable<VelocityCommand> {
    private long stampNanos;
    private double vMps;
    private double wRadps;

    public VelocityCommand set(long stampNanos, double vMps, double wRadps) {
        this.stampNanos = stampNanos;
        this.vMps = vMps;
        this.wRadps = wRadps;
        return this;
    }

    @Override
    public void copyFrom(VelocityCommand o) {
        set(o.stampNanos, o.vMps, o.wRadps);
    }

    public long stampNanos() { return stampNanos; }
    public double vMps() { return vMps; }
    public double wRadps() { return wRadps; }

    @Override
    public String toString() {
        return String.format("VelocityCommand[t=%d v=%.4f m/s w=%.4f rad/s]", stampNanos, vMps, wRadps);
    }
}
