package io.policyrt.drivers.ros2.msg;

import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.drivers.inbound.Reject;

/**
 * {@code std_msgs/Float64MultiArray} as a {@link WheelCommand}: {@code data = [left, right]}
 * wheel speeds [rad/s], an empty layout, as ros2_control's forward command controllers
 * ({@code velocity_controllers/JointGroupVelocityController}) take them. A receiver refuses any
 * other length. No stamp: a receiver stamps it on arrival (decode leaves the stamp 0).
 */
public final class WheelCommandType extends Ros2MessageType<WheelCommand> {
    private static final int MAX_DIMENSIONS = 8;

    public WheelCommandType() {
        super("std_msgs/Float64MultiArray", ENVELOPE_BYTES + 4 + MAX_DIMENSIONS * (4 + 256 + 8) + 4 + 4 + 2 * 8);
    }

    @Override
    protected void decode(CdrReader r, WheelCommand out) {
        int dims = r.sequence("layout.dim", MAX_DIMENSIONS, null, 12);
        for (int i = 0; i < dims; i++) {
            r.skipString("layout.dim[].label");
            r.int32("layout.dim[].size");
            r.int32("layout.dim[].stride");
        }
        r.int32("layout.data_offset");
        int n = r.uint32("data");
        if (n != 2) {
            throw r.error(Reject.INVALID, "data", "has " + n + " elements, expected 2 (left, right wheel speed)");
        }
        double left = r.finite64("data[0]");
        double right = r.finite64("data[1]");
        out.set(0, left, right);
    }

    @Override
    protected void encode(WheelCommand c, CdrWriter w) {
        w.int32(0).int32(0);
        w.int32(2).float64(c.leftRadps()).float64(c.rightRadps());
    }

    @Override
    public void copy(WheelCommand src, WheelCommand dest) { dest.copyFrom(src); }

    @Override
    public WheelCommand createData() { return new WheelCommand(); }

    @Override
    protected WheelCommandType fresh() { return new WheelCommandType(); }
}
