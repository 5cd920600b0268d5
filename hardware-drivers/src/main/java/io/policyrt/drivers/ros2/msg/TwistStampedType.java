package io.policyrt.drivers.ros2.msg;

import io.policyrt.controller.domain.VelocityCommand;

/**
 * {@code geometry_msgs/TwistStamped} as a {@link VelocityCommand}: the command's stamp in the
 * header, in the robot's base frame; linear.x [m/s] and angular.z [rad/s], the other axes zero on
 * send and ignored on receipt. What ros2_control's diff_drive_controller reads on cmd_vel since
 * Jazzy (and Humble with use_stamped_vel).
 */
public final class TwistStampedType extends Ros2MessageType<VelocityCommand> {
    private final String frameId;

    /** @param frameId the header's frame when sending: the robot's base frame */
    public TwistStampedType(String frameId) {
        super("geometry_msgs/TwistStamped", ENVELOPE_BYTES + HEADER_BYTES + 6 * 8);
        this.frameId = frameId;
    }

    @Override
    protected void decode(CdrReader r, VelocityCommand out) {
        long stamp = readHeaderStamp(r);
        r.skipString("header.frame_id");
        TwistType.readTwist(r, stamp, out, "twist.linear.x", "twist.linear.y", "twist.angular.z");
    }

    @Override
    protected void encode(VelocityCommand c, CdrWriter w) {
        writeHeader(w, c.stampNanos(), frameId);
        TwistType.writeTwist(c, w);
    }

    @Override
    public void copy(VelocityCommand src, VelocityCommand dest) { dest.copyFrom(src); }

    @Override
    public VelocityCommand createData() { return new VelocityCommand(); }

    @Override
    protected TwistStampedType fresh() { return new TwistStampedType(frameId); }
}
