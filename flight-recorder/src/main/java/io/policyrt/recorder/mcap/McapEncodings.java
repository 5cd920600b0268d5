package io.policyrt.recorder.mcap;

/**
 * Well-known names of MCAP's registry (https://mcap.dev/spec/registry), passed by the caller as
 * plain strings: the writer does not interpret them.
 */
public final class McapEncodings {
  private McapEncodings() {}

  // Header profiles.
  /** No profile: a file of our own channels. */
  public static final String PROFILE_NONE = "";
  /** Every channel is {@code ros1} with a {@code ros1msg} schema. */
  public static final String PROFILE_ROS1 = "ros1";
  /** Every channel is {@code cdr} with a ros2 schema and {@link #METADATA_OFFERED_QOS_PROFILES}. */
  public static final String PROFILE_ROS2 = "ros2";

  // Channel message encodings.
  /** ROS 1 serialization (the TCPROS message body). */
  public static final String MESSAGE_ROS1 = "ros1";
  /** ROS 2: an XCDR1 or XCDR2 stream with its 4-byte encapsulation header. */
  public static final String MESSAGE_CDR = "cdr";
  /** JSON text in UTF-8. */
  public static final String MESSAGE_JSON = "json";

  // Schema encodings.
  /** No schema (allowed for self-describing encodings such as JSON); the data must be empty. */
  public static final String SCHEMA_NONE = "";
  /** Concatenated ROS 1 {@code .msg} definitions, as in the connection header's message_definition. */
  public static final String SCHEMA_ROS1MSG = "ros1msg";
  /** Concatenated ROS 2 {@code .msg} definitions, delimited as for ros1msg. */
  public static final String SCHEMA_ROS2MSG = "ros2msg";
  /** A JSON Schema document; Foxglove uses it to name the fields of {@code json} messages. */
  public static final String SCHEMA_JSONSCHEMA = "jsonschema";

  // Channel metadata keys.
  /** ROS 2 profile: YAML list of the publisher's QoS (rosbag2 needs it to replay). */
  public static final String METADATA_OFFERED_QOS_PROFILES = "offered_qos_profiles";
  /** ROS 1 profile: the publishing node's name. */
  public static final String METADATA_CALLERID = "callerid";
  /** ROS 1 profile: {@code "true"} or {@code "false"}. */
  public static final String METADATA_LATCHING = "latching";
}
