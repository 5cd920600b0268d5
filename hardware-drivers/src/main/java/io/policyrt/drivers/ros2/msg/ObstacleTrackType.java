package io.policyrt.drivers.ros2.msg;

import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.drivers.inbound.Reject;

/**
 * {@code policyrt_msgs/ObstacleTrack}: the nearest tracked obstacle as a disc with a velocity.
 * No message of ROS 2's common interfaces carries a centre, a velocity and a radius together, so
 * PolicyRT defines this small one (see {@code hardware-drivers/ros2/policyrt_msgs}):
 * <pre>
 * std_msgs/Header header   # frame_id equal to the robot frame (base_link): robot frame; anything else: world frame
 * bool present             # false: no obstacle in range (a fresh report, not a missing one)
 * float64 x_m
 * float64 y_m
 * float64 vx_mps
 * float64 vy_mps
 * float64 radius_m
 * </pre>
 */
public final class ObstacleTrackType extends Ros2MessageType<ObstacleTrack> {
    private final String robotFrameId;
    private final String worldFrameId;
    private final StringBuilder frame = new StringBuilder(64);

    /** @param robotFrameId a track in this frame is in the robot frame; @param worldFrameId the frame written for world tracks */
    public ObstacleTrackType(String robotFrameId, String worldFrameId) {
        super("policyrt_msgs/ObstacleTrack", ENVELOPE_BYTES + HEADER_BYTES + 8 + 5 * 8);
        this.robotFrameId = robotFrameId;
        this.worldFrameId = worldFrameId;
    }

    @Override
    protected void decode(CdrReader r, ObstacleTrack out) {
        long stamp = readHeaderStamp(r);
        r.string("header.frame_id", frame, 255);
        boolean present = r.bool("present");
        double x = r.finite64("x_m");
        double y = r.finite64("y_m");
        double vx = r.finite64("vx_mps");
        double vy = r.finite64("vy_mps");
        double radius = r.finite64("radius_m");
        if (!present) {
            out.setNone(stamp);
            return;
        }
        if (radius < 0) {
            throw r.error(Reject.INVALID, "radius_m", "is negative (" + radius + ")");
        }
        ObstacleTrack.Frame f = robotFrameId.contentEquals(frame) ? ObstacleTrack.Frame.ROBOT : ObstacleTrack.Frame.WORLD;
        out.set(stamp, f, x, y, vx, vy, radius);
    }

    @Override
    protected void encode(ObstacleTrack o, CdrWriter w) {
        writeHeader(w, o.stampNanos(), o.frame() == ObstacleTrack.Frame.ROBOT ? robotFrameId : worldFrameId);
        w.bool(o.present());
        w.float64(o.present() ? o.xM() : 0).float64(o.present() ? o.yM() : 0).float64(o.present() ? o.vxMps() : 0)
                .float64(o.present() ? o.vyMps() : 0).float64(o.present() ? o.radiusM() : 0);
    }

    @Override
    public void copy(ObstacleTrack src, ObstacleTrack dest) { dest.copyFrom(src); }

    @Override
    public ObstacleTrack createData() { return new ObstacleTrack(); }

    @Override
    protected ObstacleTrackType fresh() { return new ObstacleTrackType(robotFrameId, worldFrameId); }
}
