package io.policyrt.drivers.transport;

/** A transport could not be opened or used; the message says what and how to fix it. */
public class TransportException extends Exception {
    public TransportException(String message) {
        super(message);
    }

    public TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
