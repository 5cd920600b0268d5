package io.policyrt.drivers.ros1.convert;

import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.ros1.msg.sensor_msgs.JointState;
import io.policyrt.ros1.msg.std_msgs.Float64MultiArray;

/**
 * The controller's {@link WheelCommand} to std_msgs/Float64MultiArray ({@code data = [left, right]}
 * in rad/s, empty layout, as ros_control's velocity group controllers take it) and to
 * sensor_msgs/JointState (the configured wheel joint names, {@code velocity = [left, right]} in
 * rad/s, empty position and effort). Allocation-free once the message's arrays have their size.
 */
public final class WheelCommandToRos {
    private final String leftJoint;
    private final String rightJoint;
    private int seq;

    /** @param leftJoint name of the left wheel's joint, e.g. {@code left_wheel_joint}; likewise the right */
    public WheelCommandToRos(String leftJoint, String rightJoint) {
        if (leftJoint == null || leftJoint.isEmpty() || rightJoint == null || rightJoint.isEmpty()) {
            throw new IllegalArgumentException("wheel joint names must not be empty");
        }
        this.leftJoint = leftJoint;
        this.rightJoint = rightJoint;
    }

    /** Writes {@code cmd} as {@code [left, right]} rad/s into {@code out} and returns {@code out}. */
    public static Float64MultiArray toMultiArray(WheelCommand cmd, Float64MultiArray out) {
        if (out.data.length != 2) {
            out.data = new double[2];
        }
        out.data[0] = cmd.leftRadps();
        out.data[1] = cmd.rightRadps();
        return out;
    }

    /** Writes {@code cmd} into {@code out}, numbering the header, and returns {@code out}. Not thread-safe. */
    public JointState toJointState(WheelCommand cmd, JointState out) {
        out.header.seq = seq++;
        out.header.stamp.setNanos(cmd.stampNanos());
        if (out.name.length != 2) {
            out.name = new String[2];
        }
        out.name[0] = leftJoint;
        out.name[1] = rightJoint;
        if (out.velocity.length != 2) {
            out.velocity = new double[2];
        }
        out.velocity[0] = cmd.leftRadps();
        out.velocity[1] = cmd.rightRadps();
        if (out.position.length != 0) {
            out.position = new double[0];
        }
        if (out.effort.length != 0) {
            out.effort = new double[0];
        }
        return out;
    }
}
