package io.policyrt.ros1.tcpros;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * One subscriber's TCPROS connection on the publishing side, written without blocking.
 *
 * <p>Latest frame wins: a frame the socket cannot take at once is kept ({@code pending}) and
 * finished first, since the stream has no way to resynchronize after half a frame. While it is
 * pending, a new frame waits in one slot ({@code queued}); a newer one replaces it, and the
 * replaced, older frame is counted as dropped. When the pending frame is done, a waiting frame
 * that a newer {@link #send} supersedes is dropped as well, so a subscriber that cannot keep up
 * gets the newest message, never a backlog, and never stalls the publisher or the others. The
 * waiting frame goes out with the next {@link #send} or {@link #flush}. Both buffers are reused
 * for the connection's life and grow only to the largest frame seen.
 */
final class SubscriberConnection {
    private final int connectionId;
    private final String subscriberId;
    private final SocketChannel channel;
    private ByteBuffer pending = ByteBuffer.allocate(0);
    private ByteBuffer queued = ByteBuffer.allocate(0);
    private boolean hasQueued;
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
     * Sends {@code frame} from position 0 to its limit, or keeps it as the one waiting frame
     * (leaves its position unspecified). Caller holds the publisher's lock.
     *
     * @return false when the connection failed and was closed
     */
    boolean send(ByteBuffer frame) {
        try {
            if (!writePending()) {
                if (hasQueued) {
                    messagesDropped++; // the older waiting frame loses to this newer one
                }
                queue(frame);
                return true;
            }
            if (hasQueued) {
                messagesDropped++;
                hasQueued = false;
            }
            start(frame);
            return true;
        } catch (IOException e) {
            close();
            return false;
        }
    }

    /**
     * Writes what the socket takes of the pending frame and then of the waiting one. Caller holds
     * the publisher's lock.
     *
     * @return true when nothing is left to write (or the connection is closed)
     */
    boolean flush() {
        try {
            if (!writePending()) {
                return false;
            }
            if (hasQueued) {
                hasQueued = false;
                start(queued); // what the socket does not take is copied to pending
            }
            return !pending.hasRemaining();
        } catch (IOException e) {
            close();
            return true;
        }
    }

    /** True when the peer has closed its side (a subscriber sends nothing after its header); reads and discards otherwise. */
    boolean peerClosed() {
        try {
            ByteBuffer sink = ByteBuffer.allocate(256);
            for (int i = 0; i < 4; i++) {
                int r = channel.read(sink);
                if (r < 0) {
                    return true;
                }
                if (r == 0) {
                    return false;
                }
                sink.clear();
            }
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private boolean writePending() throws IOException {
        if (pending.hasRemaining()) {
            bytesSent += channel.write(pending);
        }
        return !pending.hasRemaining();
    }

    private void start(ByteBuffer frame) throws IOException {
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
    }

    private void queue(ByteBuffer frame) {
        frame.position(0);
        if (queued.capacity() < frame.remaining()) {
            queued = ByteBuffer.allocate(frame.capacity());
        }
        queued.clear();
        queued.put(frame);
        queued.flip();
        hasQueued = true;
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
