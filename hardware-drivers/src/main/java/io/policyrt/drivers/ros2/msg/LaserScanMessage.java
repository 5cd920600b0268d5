package io.policyrt.drivers.ros2.msg;

/** A received {@code sensor_msgs/LaserScan}: geometry and ranges in preallocated arrays of a fixed capacity. */
public final class LaserScanMessage {
    long stampNanos;
    float angleMinRad;
    float angleMaxRad;
    float angleIncrementRad;
    float rangeMinM;
    float rangeMaxM;
    final float[] rangesM;
    int count;

    public LaserScanMessage(int capacity) {
        rangesM = new float[capacity];
    }

    /** Fills a scan to send (tests, tools). */
    public LaserScanMessage set(long stampNanos, float angleMinRad, float angleIncrementRad, float rangeMinM, float rangeMaxM,
                                float[] ranges, int n) {
        if (n > rangesM.length) {
            throw new IllegalArgumentException("scan has " + n + " rays, capacity is " + rangesM.length);
        }
        this.stampNanos = stampNanos;
        this.angleMinRad = angleMinRad;
        this.angleIncrementRad = angleIncrementRad;
        this.angleMaxRad = angleMinRad + (n - 1) * angleIncrementRad;
        this.rangeMinM = rangeMinM;
        this.rangeMaxM = rangeMaxM;
        System.arraycopy(ranges, 0, rangesM, 0, n);
        this.count = n;
        return this;
    }

    public long stampNanos() { return stampNanos; }
    public float angleMinRad() { return angleMinRad; }
    public float angleMaxRad() { return angleMaxRad; }
    public float angleIncrementRad() { return angleIncrementRad; }
    public float rangeMinM() { return rangeMinM; }
    public float rangeMaxM() { return rangeMaxM; }
    public float[] rangesM() { return rangesM; }
    public int count() { return count; }

    public void copyFrom(LaserScanMessage o) {
        set(o.stampNanos, o.angleMinRad, o.angleIncrementRad, o.rangeMinM, o.rangeMaxM, o.rangesM, o.count);
        angleMaxRad = o.angleMaxRad;
    }
}
