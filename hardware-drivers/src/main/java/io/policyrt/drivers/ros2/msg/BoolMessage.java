package io.policyrt.drivers.ros2.msg;

/** A received {@code std_msgs/Bool}. */
public final class BoolMessage {
    private boolean data;

    public boolean data() { return data; }

    public BoolMessage set(boolean data) {
        this.data = data;
        return this;
    }
}
