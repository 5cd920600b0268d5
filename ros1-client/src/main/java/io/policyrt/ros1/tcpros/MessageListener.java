package io.policyrt.ros1.tcpros;

import io.policyrt.ros1.msg.RosMessage;

/**
 * Receives the messages of one subscription. Called on a connection's receive thread, one call
 * at a time per subscription, with the same reused message instance: copy what must outlive the
 * call, never block.
 *
 * <p>A lambda implements {@link #onMessage(RosMessage)} alone. A listener that must tell
 * publishers apart (the e-stop, latched per source) overrides {@link #onMessage(RosMessage, String)},
 * which the subscription calls, and {@link #onMalformed} to hear of frames it could not read.
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
}
