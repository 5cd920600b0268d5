package io.policyrt.drivers.ros2;

/**
 * One ROS 2 topic: its absolute name (the DDS topic is {@code "rt" + name}) and the QoS of
 * PolicyRT's endpoint on it.
 */
public record Ros2TopicSpec(String name, Ros2Qos qos) {
    public Ros2TopicSpec {
        if (name == null || !name.startsWith("/") || name.endsWith("/") || name.contains("//") || !name.matches("[/A-Za-z0-9_~]+")
                || name.matches(".*/[0-9].*")) {
            throw new IllegalArgumentException("ROS 2 topic name must be absolute (start with '/'), made of letters, digits, "
                    + "'_' and '/', no token starting with a digit, got '" + name + "'");
        }
    }

    /** The DDS topic name ROS 2 uses for this topic. */
    public String ddsName() { return "rt" + name; }

    public Ros2TopicSpec withName(String n) { return new Ros2TopicSpec(n, qos); }
    public Ros2TopicSpec withQos(Ros2Qos q) { return new Ros2TopicSpec(name, q); }
}
