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
        readTwist(r, 0, out, "linear.x", "linear.y", "angular.z");
    }

    @Override
    protected void encode(VelocityCommand c, CdrWriter w) {
        writeTwist(c, w);
    }

    /**
     * The twist's six float64 into {@code out} with {@code stampNanos}: linear.x and angular.z,
     * the other four read past. The field names are passed in as literals so that an error names
     * the field without building a string per sample.
     */
    static void readTwist(CdrReader r, long stampNanos, VelocityCommand out, String linearX, String linearY, String angularZ) {
        double v = r.finite64(linearX);
        skipFloat64(r, 4, linearY);
        double w = r.finite64(angularZ);
        out.set(stampNanos, v, w);
    }

    /** linear.x and angular.z of {@code c}, the other four axes zero. */
    static void writeTwist(VelocityCommand c, CdrWriter w) {
        w.float64(c.vMps()).float64(0).float64(0).float64(0).float64(0).float64(c.wRadps());
    }

    @Override
    public void copy(VelocityCommand src, VelocityCommand dest) { dest.copyFrom(src); }

    @Override
    public VelocityCommand createData() { return new VelocityCommand(); }

    @Override
    protected TwistType fresh() { return new TwistType(); }
}
