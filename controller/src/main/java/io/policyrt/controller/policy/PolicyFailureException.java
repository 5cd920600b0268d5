package io.policyrt.controller.policy;

/** A policy failed to produce an action for one tick; the loop stops the robot safely. */
public final class PolicyFailureException extends RuntimeException {
    public PolicyFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
