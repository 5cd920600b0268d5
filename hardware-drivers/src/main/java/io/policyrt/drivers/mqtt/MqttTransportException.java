package io.policyrt.drivers.mqtt;

import io.policyrt.drivers.transport.TransportException;

/** The MQTT transport could not start: the message says what to fix (broker, TLS, credentials). */
public final class MqttTransportException extends TransportException {
    private static final long serialVersionUID = 1L;

    public MqttTransportException(String message, Throwable cause) {
        super(message, cause);
    }

    public MqttTransportException(String message) {
        super(message);
    }
}
