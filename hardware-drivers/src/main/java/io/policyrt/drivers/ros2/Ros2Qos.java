package io.policyrt.drivers.ros2;

import java.util.Locale;

/**
 * The QoS of one PolicyRT endpoint: reliability, durability and the KEEP_LAST depth. These are
 * the policies by which ROS 2 endpoints match or fail to match: a subscription that requests
 * RELIABLE does not match a BEST_EFFORT publisher, and one that requests TRANSIENT_LOCAL does not
 * match a VOLATILE publisher.
 */
public record Ros2Qos(Reliability reliability, Durability durability, int depth) {
    /** DDS reliability kinds, weakest first. */
    public enum Reliability { BEST_EFFORT, RELIABLE }

    /** DDS durability kinds that ROS 2 uses, weakest first. */
    public enum Durability { VOLATILE, TRANSIENT_LOCAL }

    public Ros2Qos {
        if (depth < 1 || depth > 10_000) {
            throw new IllegalArgumentException("QoS depth must be in [1, 10000], got " + depth);
        }
    }

    /** As robot drivers publish sensor data (rmw_qos_profile_sensor_data): best effort, volatile, depth 5. */
    public static Ros2Qos sensorData() { return new Ros2Qos(Reliability.BEST_EFFORT, Durability.VOLATILE, 5); }

    /** The ROS 2 default profile: reliable, volatile, depth 10. */
    public static Ros2Qos reliable() { return new Ros2Qos(Reliability.RELIABLE, Durability.VOLATILE, 10); }

    /** A latched topic (a path, a map): reliable, transient local, depth 1, so a late subscriber gets the last sample. */
    public static Ros2Qos latched() { return new Ros2Qos(Reliability.RELIABLE, Durability.TRANSIENT_LOCAL, 1); }

    /** Parses config words: {@code reliable | best_effort} and {@code volatile | transient_local}. */
    public static Reliability reliability(String word) {
        return Reliability.valueOf(word.toUpperCase(Locale.ROOT));
    }

    public static Durability durability(String word) {
        return Durability.valueOf(word.toUpperCase(Locale.ROOT));
    }

    public Ros2Qos withReliability(Reliability r) { return new Ros2Qos(r, durability, depth); }
    public Ros2Qos withDurability(Durability d) { return new Ros2Qos(reliability, d, depth); }
    public Ros2Qos withDepth(int d) { return new Ros2Qos(reliability, durability, d); }

    /**
     * This endpoint's profile as rosbag2 writes a topic's {@code offered_qos_profiles} (a YAML list
     * of one profile, format version 9: policy names as words, durations as sec/nsec). Deadline,
     * lifespan and the liveliness lease are left at the DDS default, infinite; liveliness is
     * automatic.
     */
    public String rosbag2Yaml() {
        String infinite = "\n    sec: 9223372036\n    nsec: 854775807";
        return "- history: keep_last\n"
                + "  depth: " + depth + "\n"
                + "  reliability: " + reliability.name().toLowerCase(Locale.ROOT) + "\n"
                + "  durability: " + durability.name().toLowerCase(Locale.ROOT) + "\n"
                + "  deadline:" + infinite + "\n"
                + "  lifespan:" + infinite + "\n"
                + "  liveliness: automatic\n"
                + "  liveliness_lease_duration:" + infinite + "\n"
                + "  avoid_ros_namespace_conventions: false\n";
    }

    @Override
    public String toString() {
        return reliability + "/" + durability;
    }
}
