package io.policyrt.drivers.mqtt;

/**
 * The topics of one robot, by default {@code <prefix>/<robot-id>/odom}, {@code /obstacle},
 * {@code /path}, {@code /estop}, {@code /cmd/wheels}, {@code /cmd/vel}, {@code /status} (the
 * controller's retained status) and {@code /robot/status} (the robot side's, e.g. the simulator
 * served over MQTT).
 */
public record MqttTopics(TopicSpec odometry, TopicSpec obstacle, TopicSpec path, TopicSpec estop,
                         TopicSpec wheelCommand, TopicSpec velocityCommand, String status, String robotStatus) {
    /** Largest sensor or command payload accepted by default [bytes]. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 4096;
    /** Largest path payload accepted by default [bytes]: 20,000 points in either format. */
    public static final int DEFAULT_MAX_PATH_BYTES = 2 * 1024 * 1024;

    /**
     * The standard layout: sensors and commands at QoS 0, the path and e-stop at QoS 1, every
     * topic in {@code format}. Commands are a latest-value stream: see {@link MqttCommandSink}
     * for why they go at QoS 0.
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
                new TopicSpec(base + "cmd/wheels", format, 0, max),
                new TopicSpec(base + "cmd/vel", format, 0, max),
                base + "status",
                base + "robot/status");
    }
}
