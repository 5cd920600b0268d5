package io.policyrt.controller.domain;

import io.policyrt.controller.slot.Copyable;

/** Odometry of the robot base: planar pose in the world frame and body velocities, stamped. */
public final class Odometry implements Copyable<Odometry>, FiniteValue {
    private long stampNanos;
    private double xM;
    private double yM;
    private double yawRad;
    private double vMps;
    private double wRadps;

    public Odometry set(long stampNanos, double xM, double yM, double yawRad, double vMps, double wRadps) {
        this.stampNanos = stampNanos;
        this.xM = xM;
        this.yM = yM;
        this.yawRad = yawRad;
        this.vMps = vMps;
        this.wRadps = wRadps;
        return this;
    }

    @Override
    public void copyFrom(Odometry o) {
        set(o.stampNanos, o.xM, o.yM, o.yawRad, o.vMps, o.wRadps);
    }

    @Override
    public boolean isFinite() {
        return Double.isFinite(xM) && Double.isFinite(yM) && Double.isFinite(yawRad)
                && Double.isFinite(vMps) && Double.isFinite(wRadps);
    }

    /** Stamp of the measurement [ns, on the controller's clock]. */
    public long stampNanos() { return stampNanos; }
    public double xM() { return xM; }
    public double yM() { return yM; }
    public double yawRad() { return yawRad; }
    /** Forward body velocity [m/s]. */
    public double vMps() { return vMps; }
    /** Yaw rate [rad/s], counter-clockwise positive. */
    public double wRadps() { return wRadps; }

    @Override
    public String toString() {
        return String.format("Odometry[t=%d x=%.3f y=%.3f yaw=%.3f v=%.3f w=%.3f]", stampNanos, xM, yM, yawRad, vMps, wRadps);
    }
}
