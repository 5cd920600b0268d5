package io.policyrt.ros1.tcpros;

import io.policyrt.ros1.msg.RosMessage;
import io.policyrt.ros1.msg.RosMessageType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The publishing side of one topic: accepts subscribers handed over by the {@link TcprosServer}
 * after checking their md5 sum and type, and writes each published message to all of them.
 *
 * <p>{@link #publish} serializes once into a buffer reused across calls and writes it to every
 * connection without blocking (see {@link SubscriberConnection}: on a congested connection the
 * newest frame wins and older ones are dropped and counted); in steady state it allocates
 * nothing. A latching publisher keeps the last message and sends it to each new subscriber first.
 */
public final class TopicPublisher<M extends RosMessage> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicPublisher.class);
    private static final long CLOSE_FLUSH_MS = 200;

    private final String topic;
    private final RosMessageType<M> type;
    private final String callerId;
    private final boolean latching;
    private final int maxMessageBytes;
    private final int maxSubscribers;
    private final List<SubscriberConnection> connections = new CopyOnWriteArrayList<>();
    private ByteBuffer frame = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
    private ByteBuffer latched; // last frame, when latching
    private volatile boolean closed;
    private volatile long published;

    /** @param maxSubscribers subscriber connections served at once; {@link #accept} refuses more */
    public TopicPublisher(String topic, RosMessageType<M> type, String callerId, boolean latching, int maxMessageBytes,
                          int maxSubscribers) {
        this.topic = topic;
        this.maxSubscribers = maxSubscribers;
        this.type = type;
        this.callerId = callerId;
        this.latching = latching;
        this.maxMessageBytes = maxMessageBytes;
    }

    /**
     * Sends {@code message} to every connected subscriber (and keeps it when latching). Any thread;
     * calls are serialized.
     *
     * @throws IllegalArgumentException when the message serializes beyond the maximum message size
     * @throws IllegalStateException    after {@link #close}
     */
    public synchronized void publish(M message) {
        if (closed) {
            throw new IllegalStateException("publisher of " + topic + " is closed");
        }
        int size = message.serializedSizeBytes();
        if (size > maxMessageBytes) {
            throw new IllegalArgumentException("message of " + size + " bytes on " + topic + " exceeds the maximum of "
                    + maxMessageBytes);
        }
        if (frame.capacity() < size + 4) {
            frame = ByteBuffer.allocate(Math.max(size + 4, 2 * frame.capacity())).order(ByteOrder.LITTLE_ENDIAN);
        }
        frame.clear();
        frame.putInt(size);
        message.serialize(frame);
        if (frame.position() != size + 4) {
            throw new IllegalStateException(type.name() + " wrote " + (frame.position() - 4) + " bytes but announced " + size);
        }
        frame.flip();
        if (latching) {
            if (latched == null || latched.capacity() < frame.limit()) {
                latched = ByteBuffer.allocate(frame.capacity());
            }
            latched.clear();
            latched.put(frame);
            latched.flip();
        }
        for (int i = 0; i < connections.size(); i++) {
            SubscriberConnection c = connections.get(i);
            if (!c.send(frame)) {
                connections.remove(c);
                LOG.info("ros1: subscriber {} of {} disconnected", c.subscriberId(), topic);
                i--;
            }
        }
        published++;
    }

    /**
     * Checks a subscriber's connection header against this topic.
     *
     * @return null when acceptable, otherwise the reason for the {@code error} field
     */
    String check(ConnectionHeader header) {
        String md5 = header.get(ConnectionHeader.MD5SUM);
        String requestedType = header.get(ConnectionHeader.TYPE);
        if (md5 == null || header.get(ConnectionHeader.CALLER_ID) == null) {
            return "connection header lacks md5sum or callerid";
        }
        boolean md5Ok = md5.equals(ConnectionHeader.ANY) || md5.equals(type.md5sum());
        boolean typeOk = requestedType == null || requestedType.equals(ConnectionHeader.ANY) || requestedType.equals(type.name());
        if (!md5Ok || !typeOk) {
            return "Client [" + header.get(ConnectionHeader.CALLER_ID) + "] wants topic [" + topic + "] to have datatype/md5sum ["
                    + requestedType + "/" + md5 + "], but our version has [" + type.name() + "/" + type.md5sum()
                    + "]. Dropping connection.";
        }
        return null;
    }

    /** The header this side answers an accepted subscriber with. */
    ConnectionHeader responseHeader() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put(ConnectionHeader.CALLER_ID, callerId);
        f.put(ConnectionHeader.LATCHING, latching ? "1" : "0");
        f.put(ConnectionHeader.MD5SUM, type.md5sum());
        f.put(ConnectionHeader.MESSAGE_DEFINITION, type.definition());
        f.put(ConnectionHeader.TOPIC, topic);
        f.put(ConnectionHeader.TYPE, type.name());
        return new ConnectionHeader(f);
    }

    /**
     * Takes over an accepted subscriber connection (still in blocking mode): answers its header,
     * switches it to non-blocking writes, and queues the latched message if any. Only the small
     * header is written blocking, outside the lock, so a subscriber that never reads cannot hold
     * up {@link #publish}.
     */
    void accept(int connectionId, ConnectionHeader request, SocketChannel channel) throws IOException {
        channel.socket().setTcpNoDelay("1".equals(request.get(ConnectionHeader.TCP_NODELAY)));
        String subscriberId = request.get(ConnectionHeader.CALLER_ID);
        SubscriberConnection c = new SubscriberConnection(connectionId, subscriberId, channel);
        OutputStream out = Channels.newOutputStream(channel);
        responseHeader().writeTo(out);
        channel.configureBlocking(false);
        synchronized (this) {
            if (closed) {
                throw new IOException("publisher of " + topic + " is closed");
            }
            if (!hasRoom()) {
                throw new IOException("topic " + topic + " has " + maxSubscribers + " subscribers already (its limit)");
            }
            if (latched != null && !c.send(latched)) {
                throw new IOException("subscriber " + subscriberId + " went away before the latched message");
            }
            connections.add(c);
        }
        LOG.info("ros1: {} subscribed to {} (tcp_nodelay={})", subscriberId, topic, request.get(ConnectionHeader.TCP_NODELAY));
    }

    public String topic() { return topic; }
    public RosMessageType<M> type() { return type; }
    public boolean latching() { return latching; }
    /** Subscribers connected now. */
    public int subscriberCount() { return connections.size(); }
    /** Messages published so far. */
    public long published() { return published; }

    /** Per connection: id, subscriber caller id, bytes and messages sent, messages dropped for a slow reader. */
    public List<ConnectionStats> connectionStats() {
        return connections.stream().map(c -> new ConnectionStats(c.connectionId(), c.subscriberId(), c.bytesSent(),
                c.messagesSent(), c.messagesDropped(), c.isOpen())).toList();
    }

    /**
     * True when another subscriber may connect: fewer than the maximum are connected, after
     * forgetting those that have closed their side since the last {@link #publish}.
     */
    synchronized boolean hasRoom() {
        for (int i = 0; i < connections.size(); i++) {
            SubscriberConnection c = connections.get(i);
            if (c.peerClosed()) {
                c.close();
                connections.remove(i--);
                LOG.info("ros1: subscriber {} of {} disconnected", c.subscriberId(), topic);
            }
        }
        return connections.size() < maxSubscribers;
    }

    /**
     * Writes what slow subscribers still wait for (a frame in progress and the newest waiting
     * one), for up to {@code timeoutNanos}, without waiting for new messages.
     *
     * @return true when every connection has taken everything
     */
    public synchronized boolean flush(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            boolean done = true;
            for (SubscriberConnection c : connections) {
                done &= c.flush();
            }
            if (done) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
    }

    /**
     * Closes every subscriber connection, after giving slow ones up to {@value #CLOSE_FLUSH_MS} ms
     * to take what is waiting for them (the newest message, usually the final stop); later
     * {@link #publish} calls fail.
     */
    @Override
    public synchronized void close() {
        if (!closed) {
            flush(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(CLOSE_FLUSH_MS));
        }
        closed = true;
        for (SubscriberConnection c : connections) {
            c.close();
        }
        connections.clear();
    }

    /** Traffic of one connection, for the slave API's getBusStats and getBusInfo. */
    public record ConnectionStats(int connectionId, String peerId, long bytes, long messages, long dropped, boolean connected) {
    }
}
