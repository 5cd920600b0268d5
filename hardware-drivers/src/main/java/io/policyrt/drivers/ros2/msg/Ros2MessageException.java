package io.policyrt.drivers.ros2.msg;

import io.policyrt.drivers.inbound.Reject;

/**
 * A ROS 2 sample that cannot become a domain value: truncated or malformed CDR, a sequence above
 * its bound, a non-finite number. Carries the reject reason it is counted under and a message that
 * names the message type and field. Thrown only for bad input, never in steady state.
 */
public final class Ros2MessageException extends RuntimeException {
    private final Reject reason;

    public Ros2MessageException(Reject reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reject reason() { return reason; }
}
