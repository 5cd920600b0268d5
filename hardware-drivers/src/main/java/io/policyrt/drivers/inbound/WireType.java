package io.policyrt.drivers.inbound;

import java.util.Map;
import java.util.Objects;

/**
 * What one inbound topic's messages are on the wire, in the names the MCAP registry gives them,
 * for whoever records them as they came: ROS 1 ({@code ros1}, a {@code ros1msg} definition) or
 * ROS 2 ({@code cdr}, a {@code ros2msg} definition).
 *
 * @param encoding         the message encoding ({@code ros1}, {@code cdr})
 * @param typeName         the type's name as that encoding names it ({@code nav_msgs/Odometry},
 *                         {@code nav_msgs/msg/Odometry})
 * @param definitionFormat how {@code definition} is written ({@code ros1msg}, {@code ros2msg})
 * @param definition       the type's full definition: its own text, then each type it uses
 * @param properties       what the transport knows of the topic beside the type (the md5 sum, the
 *                         ROS 2 QoS profile as rosbag2 writes it)
 */
public record WireType(String encoding, String typeName, String definitionFormat, String definition, Map<String, String> properties) {
    public static final String ROS1 = "ros1";
    public static final String ROS1MSG = "ros1msg";
    public static final String CDR = "cdr";
    public static final String ROS2MSG = "ros2msg";

    public WireType {
        Objects.requireNonNull(encoding, "encoding");
        Objects.requireNonNull(typeName, "typeName");
        Objects.requireNonNull(definitionFormat, "definitionFormat");
        Objects.requireNonNull(definition, "definition");
        properties = Map.copyOf(properties);
    }
}
