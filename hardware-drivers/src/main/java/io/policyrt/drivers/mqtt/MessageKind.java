package io.policyrt.drivers.mqtt;

/** The messages PolicyRT exchanges over MQTT, with their kind byte in the binary layout. */
public enum MessageKind {
    ODOMETRY(1),
    OBSTACLE(2),
    PATH(3),
    ESTOP(4),
    WHEEL_COMMAND(5),
    VELOCITY_COMMAND(6);

    private final int code;

    MessageKind(int code) {
        this.code = code;
    }

    /** The kind byte (offset 3) of the binary layout. */
    public int code() {
        return code;
    }
}
