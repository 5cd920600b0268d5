package io.policyrt.recorder.mcap;

/**
 * A Schema record: how a channel's messages are laid out.
 *
 * @param id 1 to 65535, unique in the file
 * @param name e.g. {@code geometry_msgs/Twist}
 * @param encoding e.g. {@code ros1msg}, {@code jsonschema}, or empty for none
 * @param data the schema text or bytes
 */
public record McapSchema(int id, String name, String encoding, byte[] data) {}
