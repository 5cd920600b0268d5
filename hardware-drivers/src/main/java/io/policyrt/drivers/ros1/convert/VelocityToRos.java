package io.policyrt.drivers.ros1.convert;

import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.ros1.msg.geometry_msgs.Twist;
import io.policyrt.ros1.msg.geometry_msgs.TwistStamped;

/**
 * The controller's {@link VelocityCommand} to geometry_msgs/Twist ({@code linear.x} [m/s],
 * {@code angular.z} [rad/s], the other components zero) and TwistStamped (plus the command's stamp,
 * a header sequence number and the configured frame). Allocation-free; non-finite values pass
 * through (the controller never sends them).
 */
public final class VelocityToRos {
    private final String frameId;
    private int seq;

    /** @param frameId the frame of TwistStamped's header, usually the robot's base frame */
    public VelocityToRos(String frameId) {
        this.frameId = frameId == null ? "" : frameId;
    }

    /** Writes {@code cmd} into {@code out} and returns {@code out}. */
    public static Twist toTwist(VelocityCommand cmd, Twist out) {
        out.linear.x = cmd.vMps();
        out.linear.y = 0;
        out.linear.z = 0;
        out.angular.x = 0;
        out.angular.y = 0;
        out.angular.z = cmd.wRadps();
        return out;
    }

    /** Writes {@code cmd} into {@code out}, numbering the header, and returns {@code out}. Not thread-safe. */
    public TwistStamped toTwistStamped(VelocityCommand cmd, TwistStamped out) {
        out.header.seq = seq++;
        out.header.stamp.setNanos(cmd.stampNanos());
        out.header.frame_id = frameId;
        toTwist(cmd, out.twist);
        return out;
    }
}
