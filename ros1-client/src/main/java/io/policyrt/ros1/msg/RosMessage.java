package io.policyrt.ros1.msg;

import java.nio.ByteBuffer;

/**
 * A ROS 1 message that serializes itself in the TCPROS wire format (little-endian, no padding).
 *
 * <p>Generated classes implement it. {@link #deserialize} reads into this object and reuses its
 * nested objects and arrays whenever their capacity suffices, so a subscriber that keeps one
 * instance per topic does not allocate per message once the sizes have settled.
 */
public interface RosMessage {
    /** The type's name, md5 sum, full definition and factory. */
    RosMessageType<?> rosType();

    /** Bytes {@link #serialize} writes, without the 4-byte message length prefix. */
    int serializedSizeBytes();

    /** Writes this message at {@code out}'s position; {@code out} must be little-endian. */
    void serialize(ByteBuffer out);

    /**
     * Reads a message from {@code in}'s position (little-endian) into this object.
     *
     * @throws RosMessageFormatException when the bytes are truncated or a length prefix exceeds
     *     what remains or the type's bound
     */
    void deserialize(ByteBuffer in);
}
