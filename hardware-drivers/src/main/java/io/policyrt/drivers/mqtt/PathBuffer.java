package io.policyrt.drivers.mqtt;

import io.policyrt.controller.domain.PathReference;

/**
 * Preallocated points of a decoded path before it becomes a {@link PathReference} (which derives
 * arc lengths and validates). Capacity-bounded: a longer path is refused, never grown.
 */
public final class PathBuffer {
    private final double[] xM;
    private final double[] yM;
    private int count;
    private double targetSpeedMps;

    public PathBuffer(int capacity) {
        xM = new double[capacity];
        yM = new double[capacity];
    }

    public int capacity() { return xM.length; }
    public int count() { return count; }
    public double[] xM() { return xM; }
    public double[] yM() { return yM; }
    public double targetSpeedMps() { return targetSpeedMps; }

    void setCount(int count) { this.count = count; }
    void setTargetSpeedMps(double v) { this.targetSpeedMps = v; }

    /** Copies a path in (for encoders and tests). */
    public PathBuffer set(PathReference path) {
        if (path.count() > xM.length) {
            throw new IllegalArgumentException("path has " + path.count() + " points, capacity is " + xM.length);
        }
        for (int i = 0; i < path.count(); i++) {
            xM[i] = path.xM(i);
            yM[i] = path.yM(i);
        }
        count = path.count();
        targetSpeedMps = path.targetSpeedMps();
        return this;
    }

    /** Copies raw points in (tests, tools). */
    public PathBuffer set(double[] xs, double[] ys, int n, double targetSpeedMps) {
        if (n > xM.length) {
            throw new IllegalArgumentException("path has " + n + " points, capacity is " + xM.length);
        }
        System.arraycopy(xs, 0, xM, 0, n);
        System.arraycopy(ys, 0, yM, 0, n);
        count = n;
        this.targetSpeedMps = targetSpeedMps;
        return this;
    }
}
