package io.policyrt.ros1.tcpros;

import io.policyrt.ros1.msg.RosMessage;
import java.nio.ByteBuffer;

/**
 * Receives the messages of one subscription. Called on a connection's receive thread, one call
 * at a time per subscription, with the same reused message instance: copy what must outlive the
 * call, never block.
 *
 * <p>A lambda implements {@link #onMessage(RosMessage)} alone. A listener that must tell
 * publishers apart (the e-stop, latched per source) overrides {@link #onMessage(RosMessage, String)},
 * and {@link #onMalformed} to hear of frames it could not read. A listener that records the bytes
 * as they came (a flight recorder's tap) overrides the variants with the frame, which the
 * subscription calls.
 */
@FunctionalInterface
public interface MessageListener<M extends RosMessage> {
    void onMessage(M message);

    /**
     * One message from the publisher whose node is {@code publisherId}: the {@code callerid} of
     * its connection header (its node name, for example {@code /rostopic_4242_1712345678901}),
     * or its slave API URI when the header carries none. This is what the subscription calls;
     * by default it forwards to {@link #onMessage(RosMessage)}. Allocates nothing: the id is the
     * link's own string.
     */
    default void onMessage(M message, String publisherId) {
        onMessage(message);
    }

    /**
     * What the subscription calls for each message: {@link #onMessage(RosMessage, String)} with
     * the frame it was read from, the serialized message without its length prefix at indexes 0
     * to {@code frame.limit()}. The frame is the connection's receive buffer, reused for the next
     * message: read it with absolute gets during this call only, copy what must outlive it.
     * Handing it over allocates nothing.
     */
    default void onMessage(M message, String publisherId, ByteBuffer frame) {
        onMessage(message, publisherId);
    }

    /**
     * A frame from {@code publisherId} that could not be read as a message of this topic's type:
     * too short, bytes left over, a length inside that lies (the frame is dropped and counted, the
     * connection stays up), or a frame longer than the maximum message size (the connection is
     * closed and opened again). By default nothing else happens. Called on the receive thread, one
     * call at a time with the messages. A connection that ends in the middle of a frame is a
     * dropped connection, not a message, and is not reported here.
     *
     * @param why what was wrong, for a log line
     */
    default void onMalformed(String publisherId, String why) {
    }

    /**
     * What the subscription calls for a frame it could not read: {@link #onMalformed(String, String)}
     * with the frame as it came (as in {@link #onMessage(RosMessage, String, ByteBuffer)}), or
     * null when the frame was refused before it was read (longer than the maximum message size).
     */
    default void onMalformed(String publisherId, String why, ByteBuffer frame) {
        onMalformed(publisherId, why);
    }
}
