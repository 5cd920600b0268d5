package io.policyrt.controller.domain;

import io.policyrt.controller.slot.Copyable;

/**
 * The nearest tracked obstacle: position and velocity, either in the world frame or relative to
 * the robot (robot frame: x forward, y left), with its radius.
 */
public final class ObstacleTrack implements Copyable<ObstacleTrack>, FiniteValue {
    /** Frame the position and velocity are expressed in. */
    public enum Frame { WORLD, ROBOT }

    private long stampNanos;
    private boolean present;
    private Frame frame = Frame.WORLD;
    private double xM;
    private double yM;
    private double vxMps;
    private double vyMps;
    private double radiusM;

    public ObstacleTrack set(long stampNanos, Frame frame, double xM, double yM, double vxMps, double vyMps, double radiusM) {
        this.stampNanos = stampNanos;
        this.present = true;
        this.frame = frame;
        this.xM = xM;
        this.yM = yM;
        this.vxMps = vxMps;
        this.vyMps = vyMps;
        this.radiusM = radiusM;
        return this;
    }

    /** Marks that the perception reports no obstacle (the stamp still says the report is fresh). */
    public ObstacleTrack setNone(long stampNanos) {
        this.stampNanos = stampNanos;
        this.present = false;
        this.frame = Frame.WORLD;
        this.xM = 0;
        this.yM = 0;
        this.vxMps = 0;
        this.vyMps = 0;
        this.radiusM = 0;
        return this;
    }

    @Override
    public void copyFrom(ObstacleTrack o) {
        this.stampNanos = o.stampNanos;
        this.present = o.present;
        this.frame = o.frame;
        this.xM = o.xM;
        this.yM = o.yM;
        this.vxMps = o.vxMps;
        this.vyMps = o.vyMps;
        this.radiusM = o.radiusM;
    }

    @Override
    public boolean isFinite() {
        return Double.isFinite(xM) && Double.isFinite(yM) && Double.isFinite(vxMps)
                && Double.isFinite(vyMps) && Double.isFinite(radiusM) && radiusM >= 0;
    }

    public long stampNanos() { return stampNanos; }
    public boolean present() { return present; }
    public Frame frame() { return frame; }
    public double xM() { return xM; }
    public double yM() { return yM; }
    public double vxMps() { return vxMps; }
    public double vyMps() { return vyMps; }
    public double radiusM() { return radiusM; }
}
