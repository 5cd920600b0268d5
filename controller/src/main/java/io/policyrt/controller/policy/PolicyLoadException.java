package io.policyrt.controller.policy;

/** A policy file or its spec cannot be used; the message says what is wrong and where. */
public class PolicyLoadException extends RuntimeException {
    public PolicyLoadException(String message) {
        super(message);
    }

    public PolicyLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
