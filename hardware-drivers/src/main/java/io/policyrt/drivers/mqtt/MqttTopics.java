package io.policyrt.drivers.mqtt;

/**
 * The topics of one robot, by default {@code <prefix>/<robot-id>/odom}, {@code /obstacle},
 * {@code /path}, {@code /estop}, {@code /estop_release} (subscribed only when the e-stop is
 * released on its own topic), {@code /cmd/wheels}, {@code /cmd/vel}, {@code /status} (the
 * controller's retained status) and {@code /robot/status} (the robot side's, e.g. the simulator
 * served over MQTT).
 */
public record MqttTopics(TopicSpec odometry, TopicSpec obstacle, TopicSpec path, TopicSpec estop, TopicSpec estopRelease,
                         TopicSpec wheelCommand, TopicSpec velocityCommand, String status, String robotStatus) {
    /** Largest sensor or command payload accepted by default [bytes]. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 4096;
    /** Largest path payload accepted by default [bytes]: 20,000 points in either format. */
    public static final int DEFAULT_MAX_PATH_BYTES = 2 * 1024 * 1024;

    /**
     * The standard layout: sensors and commands at QoS 0, the path, the e-stop and its release
     * topic at QoS 1, every topic in {@code format}. Commands are a latest-value stream: see
     * {@link MqttCommandSink} for why they go at QoS 0. The e-stop is QoS 1 so that the broker
     * hands over every engage the publisher sent at QoS 1, and (with the publisher's retain flag)
     * the button's state after every connect.
     */
    public static MqttTopics standard(String prefix, String robotId, PayloadFormat format) {
        if (robotId == null || robotId.isEmpty() || robotId.contains("/") || robotId.contains("+") || robotId.contains("#")) {
            throw new IllegalArgumentException("robot id must be one non-empty topic level without wildcards, got '" + robotId + "'");
        }
        String base = (prefix == null || prefix.isEmpty() ? "" : prefix + "/") + robotId + "/";
        int max = DEFAULT_MAX_PAYLOAD_BYTES;
        return new MqttTopics(
                new TopicSpec(base + "odom", format, 0, max),
                new TopicSpec(base + "obstacle", format, 0, max),
                new TopicSpec(base + "path", format, 1, DEFAULT_MAX_PATH_BYTES),
                new TopicSpec(base + "estop", format, 1, max),
                new TopicSpec(base + "estop_release", format, 1, max),
                new TopicSpec(base + "cmd/wheels", format, 0, max),
                new TopicSpec(base + "cmd/vel", format, 0, max),
                base + "status",
                base + "robot/status");
    }
}
