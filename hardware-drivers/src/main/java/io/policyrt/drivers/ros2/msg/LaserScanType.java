package io.policyrt.drivers.ros2.msg;

/**
 * {@code sensor_msgs/LaserScan}, with ranges and intensities bounded by this receiver's
 * {@code ros2.scan_max_rays} (default 4096: every common 2D scanner, 360 to 2048 rays). A longer
 * scan is refused with the bound in the error, never cut short. Intensities are read past.
 */
public final class LaserScanType extends Ros2MessageType<LaserScanMessage> {
    private final int maxRays;
    private final String frameId;

    public LaserScanType(int maxRays, String frameId) {
        // Room for twice the bound in both sequences: a scan above the bound still reaches the
        // decoder, which refuses it naming the bound; DDS drops only what exceeds this buffer.
        super("sensor_msgs/LaserScan", ENVELOPE_BYTES + HEADER_BYTES + 7 * 4 + 2 * (4 + 8 * maxRays));
        this.maxRays = maxRays;
        this.frameId = frameId;
    }

    @Override
    protected void decode(CdrReader r, LaserScanMessage out) {
        out.stampNanos = readHeaderStamp(r);
        r.skipString("header.frame_id");
        out.angleMinRad = r.float32("angle_min");
        out.angleMaxRad = r.float32("angle_max");
        out.angleIncrementRad = r.float32("angle_increment");
        r.float32("time_increment");
        r.float32("scan_time");
        out.rangeMinM = r.float32("range_min");
        out.rangeMaxM = r.float32("range_max");
        int n = r.sequence("ranges", Math.min(maxRays, out.rangesM.length), "ros2.scan_max_rays", 4);
        float[] ranges = out.rangesM;
        for (int i = 0; i < n; i++) {
            ranges[i] = r.float32("ranges[]");
        }
        int m = r.sequence("intensities", maxRays, "ros2.scan_max_rays", 4);
        if (m > 0) {
            r.float32("intensities[]");
            r.skipBytes(4 * (m - 1), "intensities[]");
        }
        out.count = n;
    }

    @Override
    protected void encode(LaserScanMessage s, CdrWriter w) {
        writeHeader(w, s.stampNanos, frameId);
        w.float32(s.angleMinRad).float32(s.angleMaxRad).float32(s.angleIncrementRad).float32(0).float32(0)
                .float32(s.rangeMinM).float32(s.rangeMaxM);
        w.int32(s.count);
        for (int i = 0; i < s.count; i++) {
            w.float32(s.rangesM[i]);
        }
        w.int32(0);
    }

    @Override
    public void copy(LaserScanMessage src, LaserScanMessage dest) { dest.copyFrom(src); }

    @Override
    public LaserScanMessage createData() { return new LaserScanMessage(maxRays); }

    @Override
    protected LaserScanType fresh() { return new LaserScanType(maxRays, frameId); }
}
