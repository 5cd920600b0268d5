package io.policyrt.drivers.ros2.msg;

import io.policyrt.drivers.inbound.Quaternions;
import io.policyrt.controller.domain.Odometry;

/**
 * {@code nav_msgs/Odometry} as the controller's {@link Odometry}: position x, y and the yaw of
 * the orientation quaternion (in header.frame_id, e.g. odom), body velocities twist.linear.x and
 * twist.angular.z (in child_frame_id, the robot's base frame, as ROS defines). Covariances,
 * z, roll and pitch are read past. A non-finite value in a field the controller uses is refused.
 */
public final class OdometryType extends Ros2MessageType<Odometry> {
    private final String frameId;
    private final String childFrameId;

    /** @param frameId, childFrameId the frames written when sending (the simulator, tests) */
    public OdometryType(String frameId, String childFrameId) {
        super("nav_msgs/Odometry", ENVELOPE_BYTES + HEADER_BYTES + 260 + 8 * (7 + 36 + 6 + 36));
        this.frameId = frameId;
        this.childFrameId = childFrameId;
    }

    @Override
    protected void decode(CdrReader r, Odometry out) {
        long stamp = readHeaderStamp(r);
        r.skipString("header.frame_id");
        r.skipString("child_frame_id");
        double x = r.finite64("pose.pose.position.x");
        double y = r.finite64("pose.pose.position.y");
        r.float64("pose.pose.position.z");
        double qx = r.finite64("pose.pose.orientation.x");
        double qy = r.finite64("pose.pose.orientation.y");
        double qz = r.finite64("pose.pose.orientation.z");
        double qw = r.finite64("pose.pose.orientation.w");
        skipFloat64(r, 36, "pose.covariance");
        double v = r.finite64("twist.twist.linear.x");
        skipFloat64(r, 4, "twist.twist.linear.y");
        double w = r.finite64("twist.twist.angular.z");
        skipFloat64(r, 36, "twist.covariance");
        double yaw = Quaternions.checkedYawRad(qx, qy, qz, qw); // normalized; a norm far from 1: INVALID
        out.set(stamp, x, y, yaw, v, w);
    }

    @Override
    protected void encode(Odometry o, CdrWriter w) {
        writeHeader(w, o.stampNanos(), frameId);
        w.string(childFrameId);
        w.float64(o.xM()).float64(o.yM()).float64(0);
        double half = 0.5 * o.yawRad();
        w.float64(0).float64(0).float64(Math.sin(half)).float64(Math.cos(half));
        for (int i = 0; i < 36; i++) {
            w.float64(0);
        }
        w.float64(o.vMps()).float64(0).float64(0);
        w.float64(0).float64(0).float64(o.wRadps());
        for (int i = 0; i < 36; i++) {
            w.float64(0);
        }
    }

    @Override
    public void copy(Odometry src, Odometry dest) { dest.copyFrom(src); }

    @Override
    public Odometry createData() { return new Odometry(); }

    @Override
    protected OdometryType fresh() { return new OdometryType(frameId, childFrameId); }
}
