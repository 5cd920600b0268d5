package io.policyrt.drivers.ros2;

import io.policyrt.drivers.transport.TransportException;

/** The ROS 2 transport could not start: the DDS participant, a type or an endpoint was refused. */
public final class Ros2TransportException extends TransportException {
    public Ros2TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
