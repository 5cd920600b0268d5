package io.policyrt.ros1.msg;

/** A ROS 1 message's bytes that cannot be read: truncated, or a length beyond what remains or is allowed. */
public final class RosMessageFormatException extends RuntimeException {
    public RosMessageFormatException(String message) {
        super(message);
    }
}
