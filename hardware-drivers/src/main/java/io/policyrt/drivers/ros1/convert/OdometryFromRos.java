package io.policyrt.drivers.ros1.convert;

import io.policyrt.controller.domain.Odometry;
import io.policyrt.drivers.inbound.Quaternions;
import io.policyrt.ros1.msg.geometry_msgs.Quaternion;

/**
 * nav_msgs/Odometry to the controller's {@link Odometry}: planar position, yaw from the
 * orientation quaternion, forward speed {@code twist.linear.x}, yaw rate {@code twist.angular.z},
 * stamp from the header. Allocation-free. Non-finite values pass through unchanged: the
 * controller's SafetyGovernor stops on them.
 */
public final class OdometryFromRos {
    private OdometryFromRos() {
    }

    /** Writes {@code msg} into {@code out} and returns {@code out}. */
    public static Odometry convert(io.policyrt.ros1.msg.nav_msgs.Odometry msg, Odometry out) {
        var position = msg.pose.pose.position;
        var twist = msg.twist.twist;
        Quaternion q = msg.pose.pose.orientation;
        double yaw = Quaternions.checkedYawRad(q.x, q.y, q.z, q.w); // a norm far from 1: INVALID
        return out.set(msg.header.stamp.toNanos(), position.x, position.y, yaw, twist.linear.x, twist.angular.z);
    }

    /**
     * Yaw (rotation about z) of a quaternion [rad], in (-pi, pi]. The quaternion need not be unit
     * length: both atan2 arguments scale with its squared norm.
     */
    public static double yawRad(Quaternion q) {
        return Quaternions.yawRad(q.x, q.y, q.z, q.w);
    }
}
