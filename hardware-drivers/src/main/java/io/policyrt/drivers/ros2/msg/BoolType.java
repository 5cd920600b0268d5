package io.policyrt.drivers.ros2.msg;

/** {@code std_msgs/Bool} (the e-stop: true engages, false releases). It has no stamp: the receiver stamps it on arrival. */
public final class BoolType extends Ros2MessageType<BoolMessage> {
    public BoolType() {
        super("std_msgs/Bool", ENVELOPE_BYTES + 1);
    }

    @Override
    protected void decode(CdrReader r, BoolMessage out) {
        out.set(r.bool("data"));
    }

    @Override
    protected void encode(BoolMessage value, CdrWriter w) {
        w.bool(value.data());
    }

    @Override
    public void copy(BoolMessage src, BoolMessage dest) { dest.set(src.data()); }

    @Override
    public BoolMessage createData() { return new BoolMessage(); }

    @Override
    protected BoolType fresh() { return new BoolType(); }
}
