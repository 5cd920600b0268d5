package io.policyrt.controller.domain;

import io.policyrt.controller.slot.Copyable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The path to follow: a polyline in the world frame with its cumulative arc length, and the
 * target speed along it. Storage is preallocated to a fixed capacity of points.
 */
public final class PathReference implements Copyable<PathReference> {
    private static final AtomicLong NEXT_ID = new AtomicLong();

    private final double[] xM;
    private final double[] yM;
    private final double[] arcLengthM;
    private int count;
    private double targetSpeedMps;
    private long stampNanos;
    private long id;

    public PathReference(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("path capacity must be at least 2 points, got " + capacity);
        }
        xM = new double[capacity];
        yM = new double[capacity];
        arcLengthM = new double[capacity];
    }

    /**
     * Replaces the path. Points must be finite and at least two; consecutive duplicates are kept
     * but contribute no length.
     *
     * @throws IllegalArgumentException when the path is too long, too short, or not finite
     */
    public PathReference set(long stampNanos, double[] xs, double[] ys, int n, double targetSpeedMps) {
        if (n < 2) {
            throw new IllegalArgumentException("a path needs at least 2 points, got " + n);
        }
        if (n > xM.length) {
            throw new IllegalArgumentException("path has " + n + " points, capacity is " + xM.length);
        }
        if (!Double.isFinite(targetSpeedMps)) {
            throw new IllegalArgumentException("target speed is not finite: " + targetSpeedMps);
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(xs[i]) || !Double.isFinite(ys[i])) {
                throw new IllegalArgumentException("path point " + i + " is not finite");
            }
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                s += Math.hypot(xs[i] - xs[i - 1], ys[i] - ys[i - 1]);
            }
            xM[i] = xs[i];
            yM[i] = ys[i];
            arcLengthM[i] = s;
        }
        if (s <= 0) {
            throw new IllegalArgumentException("path has zero length");
        }
        this.count = n;
        this.targetSpeedMps = targetSpeedMps;
        this.stampNanos = stampNanos;
        this.id = NEXT_ID.incrementAndGet();
        return this;
    }

    @Override
    public void copyFrom(PathReference o) {
        if (o.count > xM.length) {
            throw new IllegalArgumentException("path has " + o.count + " points, capacity is " + xM.length);
        }
        System.arraycopy(o.xM, 0, xM, 0, o.count);
        System.arraycopy(o.yM, 0, yM, 0, o.count);
        System.arraycopy(o.arcLengthM, 0, arcLengthM, 0, o.count);
        count = o.count;
        targetSpeedMps = o.targetSpeedMps;
        stampNanos = o.stampNanos;
        id = o.id;
    }

    public int capacity() { return xM.length; }
    public int count() { return count; }
    public double xM(int i) { return xM[i]; }
    public double yM(int i) { return yM[i]; }
    /** Arc length from the first point to point i [m]. */
    public double arcLengthM(int i) { return arcLengthM[i]; }
    public double lengthM() { return count == 0 ? 0 : arcLengthM[count - 1]; }
    public double targetSpeedMps() { return targetSpeedMps; }
    public long stampNanos() { return stampNanos; }
    /** Identity of the path contents; changes whenever {@link #set} is called, kept by copies. */
    public long id() { return id; }
    public boolean isEmpty() { return count == 0; }

    /** Index i of the segment [i, i+1] that contains arc length s (clamped to the path). */
    public int segmentAt(double sM) {
        if (sM <= 0) {
            return 0;
        }
        if (sM >= arcLengthM[count - 1]) {
            return count - 2;
        }
        int lo = 0;
        int hi = count - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (arcLengthM[mid] <= sM) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Heading of segment i [rad]; for zero-length segments, of the nearest longer one before it. */
    public double segmentHeadingRad(int i) {
        for (int k = i; k >= 0; k--) {
            double dx = xM[k + 1] - xM[k];
            double dy = yM[k + 1] - yM[k];
            if (dx != 0 || dy != 0) {
                return Math.atan2(dy, dx);
            }
        }
        return 0;
    }
}
