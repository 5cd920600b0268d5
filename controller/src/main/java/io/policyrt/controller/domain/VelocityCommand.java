package io.policyrt.controller.domain;

import io.policyrt.controller.slot.Copyable;

/** Body velocity set-point: forward speed [m/s] and yaw rate [rad/s], stamped when issued. */
public final class VelocityCommand implements Copyable<VelocityCommand>, FiniteValue {
    private long stampNanos;
    private long odometryStampNanos;
    private double vMps;
    private double wRadps;

    public VelocityCommand set(long stampNanos, double vMps, double wRadps) {
        this.stampNanos = stampNanos;
        this.vMps = vMps;
        this.wRadps = wRadps;
        this.odometryStampNanos = 0;
        return this;
    }

    /**
     * Echoes the stamp of the odometry message this command was computed from, so that whoever
     * sent the odometry can measure sensor-to-command latency on its own clock; 0: none.
     */
    public VelocityCommand setOdometryStampNanos(long odometryStampNanos) {
        this.odometryStampNanos = odometryStampNanos;
        return this;
    }

    @Override
    public void copyFrom(VelocityCommand o) {
        set(o.stampNanos, o.vMps, o.wRadps);
        odometryStampNanos = o.odometryStampNanos;
    }

    public long stampNanos() { return stampNanos; }
    /** Stamp of the odometry the command was computed from [ns]; 0 when none (a stop before any odometry). */
    public long odometryStampNanos() { return odometryStampNanos; }
    public double vMps() { return vMps; }
    public double wRadps() { return wRadps; }

    @Override
    public boolean isFinite() {
        return Double.isFinite(vMps) && Double.isFinite(wRadps);
    }

    @Override
    public String toString() {
        return String.format("VelocityCommand[t=%d v=%.4f m/s w=%.4f rad/s]", stampNanos, vMps, wRadps);
    }
}
