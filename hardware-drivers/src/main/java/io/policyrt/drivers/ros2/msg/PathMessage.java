package io.policyrt.drivers.ros2.msg;

/** A received {@code nav_msgs/Path}: stamp and the poses' x, y, in preallocated arrays of a fixed capacity. */
public final class PathMessage {
    private long stampNanos;
    private final double[] xM;
    private final double[] yM;
    private int count;

    public PathMessage(int capacity) {
        xM = new double[capacity];
        yM = new double[capacity];
    }

    public PathMessage set(long stampNanos, double[] xs, double[] ys, int n) {
        if (n > xM.length) {
            throw new IllegalArgumentException("path has " + n + " poses, capacity is " + xM.length);
        }
        System.arraycopy(xs, 0, xM, 0, n);
        System.arraycopy(ys, 0, yM, 0, n);
        this.count = n;
        this.stampNanos = stampNanos;
        return this;
    }

    void setStampNanos(long stampNanos) { this.stampNanos = stampNanos; }
    void setCount(int count) { this.count = count; }

    public long stampNanos() { return stampNanos; }
    public int count() { return count; }
    public int capacity() { return xM.length; }
    public double[] xM() { return xM; }
    public double[] yM() { return yM; }

    public void copyFrom(PathMessage o) {
        set(o.stampNanos, o.xM, o.yM, o.count);
    }
}
