package io.policyrt.ros1.node;

/** A ROS master or slave API call that did not succeed: unreachable peer, bad reply, or a status code other than 1. */
public final class Ros1ApiException extends Exception {
    private final int statusCode;

    public Ros1ApiException(String message, int statusCode) {
        super(message);
        this.statusCode = statusCode;
    }

    public Ros1ApiException(String message, Throwable cause) {
        super(message, cause);
        this.statusCode = Integer.MIN_VALUE;
    }

    /** The API's status code (0 failure, -1 error), or {@link Integer#MIN_VALUE} when no reply came. */
    public int statusCode() { return statusCode; }

    /** True when the peer answered (as opposed to being unreachable or unintelligible). */
    public boolean answered() { return statusCode != Integer.MIN_VALUE; }
}
