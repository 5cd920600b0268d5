package io.policyrt.drivers.ros2.msg;

import io.policyrt.controller.domain.VelocityCommand;

/**
 * {@code geometry_msgs/Twist} as a {@link VelocityCommand}: linear.x [m/s] and angular.z
 * [rad/s] in the robot's base frame; the other axes are zero on send and ignored on receipt.
 * Twist has no stamp: a receiver stamps it on arrival (decode leaves the stamp 0).
 */
public final class TwistType extends Ros2MessageType<VelocityCommand> {
    public TwistType() {
        super("geometry_msgs/Twist", ENVELOPE_BYTES + 6 * 8);
    }

    @Override
    protected void decode(CdrReader r, VelocityCommand out) {
        double v = r.finite64("linear.x");
        skipFloat64(r, 4, "linear.y");
        double w = r.finite64("angular.z");
        out.set(0, v, w);
    }

    @Override
    protected void encode(VelocityCommand c, CdrWriter w) {
        w.float64(c.vMps()).float64(0).float64(0).float64(0).float64(0).float64(c.wRadps());
    }

    @Override
    public void copy(VelocityCommand src, VelocityCommand dest) { dest.copyFrom(src); }

    @Override
    public VelocityCommand createData() { return new VelocityCommand(); }

    @Override
    public TwistType newInstance() { return new TwistType(); }
}
