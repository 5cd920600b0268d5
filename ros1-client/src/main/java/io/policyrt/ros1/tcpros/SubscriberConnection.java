package io.policyrt.ros1.tcpros;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One subscriber's TCPROS connection on the publishing side, written without blocking: a frame
 * the socket cannot take at once is kept (in a buffer reused for the connection's life) and
 * finished before the next one; while that remainder is pending, new messages for this
 * subscriber are dropped and counted, so a slow subscriber never stalls the publisher or the others.
 */
final class SubscriberConnection {
    private final int connectionId;
    private final String subscriberId;
    private final SocketChannel channel;
    private ByteBuffer pending = ByteBuffer.allocate(0);
    private volatile boolean open = true;
    private volatile long bytesSent;
    private volatile long messagesSent;
    private volatile long messagesDropped;

    SubscriberConnection(int connectionId, String subscriberId, SocketChannel channel) {
        this.connectionId = connectionId;
        this.subscriberId = subscriberId;
        this.channel = channel;
    }

    /**
     * Sends {@code frame} from position 0 to its limit (leaves its position unspecified).
     *
     * @return false when the connection failed and was closed
     */
    boolean send(ByteBuffer frame) {
        try {
            if (pending.hasRemaining()) {
                bytesSent += channel.write(pending);
                if (pending.hasRemaining()) {
                    messagesDropped++;
                    return true;
                }
            }
            frame.position(0);
            bytesSent += channel.write(frame);
            messagesSent++;
            if (frame.hasRemaining()) {
                if (pending.capacity() < frame.remaining()) {
                    pending = ByteBuffer.allocate(frame.capacity()); // grows once to the largest frame seen
                }
                pending.clear();
                pending.put(frame);
                pending.flip();
            }
            return true;
        } catch (IOException e) {
            close();
            return false;
        }
    }

    void close() {
        open = false;
        try {
            channel.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    int connectionId() { return connectionId; }
    String subscriberId() { return subscriberId; }
    boolean isOpen() { return open && channel.isOpen(); }
    long bytesSent() { return bytesSent; }
    long messagesSent() { return messagesSent; }
    long messagesDropped() { return messagesDropped; }
}
