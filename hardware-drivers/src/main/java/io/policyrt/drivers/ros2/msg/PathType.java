package io.policyrt.drivers.ros2.msg;

/**
 * {@code nav_msgs/Path}: the x, y of each pose (in header.frame_id, the world frame the odometry
 * uses). A path with more poses than this receiver's bound is refused whole, with the bound and
 * the key that sets it in the error, never cut short.
 */
public final class PathType extends Ros2MessageType<PathMessage> {
    /** PoseStamped on the wire with a frame id of up to 63 characters. */
    private static final int POSE_BYTES = 8 + 4 + 64 + 4 + 56;
    private final int maxPoses;
    private final String frameId;

    public PathType(int maxPoses, String frameId) {
        super("nav_msgs/Path", ENVELOPE_BYTES + HEADER_BYTES + 4 + maxPoses * POSE_BYTES);
        this.maxPoses = maxPoses;
        this.frameId = frameId;
    }

    @Override
    protected void decode(CdrReader r, PathMessage out) {
        long stamp = readHeaderStamp(r);
        r.skipString("header.frame_id");
        int n = r.sequence("poses", Math.min(maxPoses, out.capacity()), "ros2.path_max_poses", 4 + 4 + 5 + 56);
        double[] xs = out.xM();
        double[] ys = out.yM();
        for (int i = 0; i < n; i++) {
            r.int32("poses[].header.stamp.sec");
            r.int32("poses[].header.stamp.nanosec");
            r.skipString("poses[].header.frame_id");
            xs[i] = r.finite64("poses[].pose.position.x");
            ys[i] = r.finite64("poses[].pose.position.y");
            skipFloat64(r, 5, "poses[].pose");
        }
        out.setCount(n);
        out.setStampNanos(stamp);
    }

    @Override
    protected void encode(PathMessage p, CdrWriter w) {
        writeHeader(w, p.stampNanos(), frameId);
        w.int32(p.count());
        for (int i = 0; i < p.count(); i++) {
            writeHeader(w, p.stampNanos(), frameId);
            w.float64(p.xM()[i]).float64(p.yM()[i]).float64(0);
            w.float64(0).float64(0).float64(0).float64(1);
        }
    }

    @Override
    public void copy(PathMessage src, PathMessage dest) { dest.copyFrom(src); }

    @Override
    public PathMessage createData() { return new PathMessage(maxPoses); }

    @Override
    protected PathType fresh() { return new PathType(maxPoses, frameId); }
}
