package io.policyrt.drivers.ros2;

/** The ROS 2 transport could not start: the DDS participant, a type or an endpoint was refused. */
public final class Ros2TransportException extends Exception {
    public Ros2TransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
