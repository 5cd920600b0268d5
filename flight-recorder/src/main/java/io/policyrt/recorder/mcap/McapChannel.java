package io.policyrt.recorder.mcap;

import java.util.Map;

/**
 * A Channel record: one stream of messages on a topic.
 *
 * @param id unique in the file
 * @param schemaId the schema of its messages, 0 for none
 * @param topic e.g. {@code /odom}
 * @param messageEncoding e.g. {@code ros1}, {@code cdr}, {@code json}
 * @param metadata e.g. {@code offered_qos_profiles} (ROS 2)
 */
public record McapChannel(int id, int schemaId, String topic, String messageEncoding,
    Map<String, String> metadata) {}
