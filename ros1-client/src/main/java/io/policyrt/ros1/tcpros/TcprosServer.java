package io.policyrt.ros1.tcpros;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's TCPROS listening socket: accepts subscriber connections, reads each one's connection
 * header and hands it to the topic's {@link TopicPublisher}, or answers with an {@code error}
 * header and closes. A bad peer only ever costs its own connection.
 *
 * <p>Bounded: the whole header must arrive within {@link TcprosLimits#handshakeTimeoutMs} of the
 * accept (a deadline, not a per-read timeout), at most {@value #MAX_CONCURRENT_HANDSHAKES}
 * handshakes run at once (a connection beyond that is closed at once and counted), and a
 * subscriber beyond {@link TcprosLimits#maxSubscribersPerTopic} on its topic or
 * {@link TcprosLimits#maxSubscribers} on the node is refused with an {@code error} header.
 */
public final class TcprosServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TcprosServer.class);
    private static final int MAX_CONCURRENT_HANDSHAKES = 16;

    private final ServerSocketChannel server;
    private final Function<String, TopicPublisher<?>> publishers;
    private final IntSupplier subscriberCount;
    private final String callerId;
    private final TcprosLimits limits;
    private final Thread acceptThread;
    private final ExecutorService handshakes;
    private final AtomicInteger nextConnectionId = new AtomicInteger(1);
    private final AtomicInteger refused = new AtomicInteger();
    private volatile boolean closed;

    /**
     * Binds {@code bindAddress} (port 0: any free port) and starts accepting.
     *
     * @param publishers      looks a topic's publisher up by resolved name; null when the node does not publish it
     * @param subscriberCount the subscriber connections open now over all the node's publishers
     */
    public TcprosServer(InetSocketAddress bindAddress, String callerId, TcprosLimits limits,
                        Function<String, TopicPublisher<?>> publishers, IntSupplier subscriberCount) throws IOException {
        this.callerId = callerId;
        this.limits = limits;
        this.publishers = publishers;
        this.subscriberCount = subscriberCount;
        this.server = ServerSocketChannel.open();
        server.bind(bindAddress, 64);
        String suffix = callerId.replace('/', '_');
        AtomicInteger n = new AtomicInteger();
        this.handshakes = new ThreadPoolExecutor(0, MAX_CONCURRENT_HANDSHAKES, 5, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "policyrt-ros1-handshake" + suffix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, (r, pool) -> {
            throw new java.util.concurrent.RejectedExecutionException("too many TCPROS handshakes at once");
        });
        this.acceptThread = new Thread(this::acceptLoop, "policyrt-ros1-tcpros" + suffix);
        acceptThread.setDaemon(true);
        acceptThread.start();
    }

    /** The port subscribers connect to. */
    public int port() {
        try {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException("TCPROS server socket is closed", e);
        }
    }

    /** Connections refused so far: bad headers, unknown topics, md5 or type mismatches, timeouts. */
    public int refusedConnections() { return refused.get(); }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("ros1: TCPROS accept failed: {}", e.toString());
                }
                continue;
            }
            long acceptedNanos = System.nanoTime();
            try {
                handshakes.execute(() -> handshake(channel, acceptedNanos));
            } catch (RuntimeException e) {
                refused.incrementAndGet();
                LOG.warn("ros1: refusing a TCPROS connection from {}: {}", remote(channel), e.getMessage());
                closeQuietly(channel);
            }
        }
    }

    private void handshake(SocketChannel channel, long acceptedNanos) {
        ConnectionHeader request;
        try {
            Socket socket = channel.socket();
            InputStream in = new DeadlineInputStream(socket, acceptedNanos, limits.handshakeTimeoutMs());
            request = ConnectionHeader.readFrom(in, limits.maxHeaderBytes());
            socket.setSoTimeout(0);
        } catch (SocketTimeoutException e) {
            reject(channel, null, "no whole connection header within " + limits.handshakeTimeoutMs() + " ms");
            return;
        } catch (EOFException e) {
            reject(channel, null, "connection closed during the handshake");
            return;
        } catch (IOException e) {
            reject(channel, null, e.getMessage());
            return;
        }
        if (request.get("service") != null) {
            reject(channel, errorHeader("services are not served by this node"), "service request for " + request.get("service"));
            return;
        }
        String topic = request.get(ConnectionHeader.TOPIC);
        TopicPublisher<?> publisher = topic == null ? null : publishers.apply(topic);
        if (publisher == null) {
            String why = topic == null ? "connection header lacks the 'topic' field" : "node " + callerId + " does not publish " + topic;
            reject(channel, errorHeader(why), why);
            return;
        }
        String mismatch = publisher.check(request);
        if (mismatch != null) {
            reject(channel, errorHeader(mismatch), mismatch);
            return;
        }
        if (subscriberCount.getAsInt() >= limits.maxSubscribers()) {
            String why = "node " + callerId + " serves " + limits.maxSubscribers() + " subscriber connections already (its limit)";
            reject(channel, errorHeader(why), why);
            return;
        }
        if (!publisher.hasRoom()) {
            String why = "topic " + topic + " has " + limits.maxSubscribersPerTopic() + " subscribers already (its limit)";
            reject(channel, errorHeader(why), why);
            return;
        }
        try {
            publisher.accept(nextConnectionId.getAndIncrement(), request, channel);
        } catch (IOException e) {
            reject(channel, null, "handing the connection to " + topic + " failed: " + e);
        }
    }

    private ConnectionHeader errorHeader(String why) {
        return new ConnectionHeader(Map.of(ConnectionHeader.ERROR, why));
    }

    private void reject(SocketChannel channel, ConnectionHeader answer, String why) {
        refused.incrementAndGet();
        LOG.warn("ros1: refused TCPROS connection from {}: {}", remote(channel), why);
        if (answer != null) {
            try {
                answer.writeTo(channel.socket().getOutputStream());
            } catch (IOException ignored) {
                // the peer is gone already
            }
        }
        closeQuietly(channel);
    }

    private static String remote(SocketChannel channel) {
        try {
            return String.valueOf(channel.getRemoteAddress());
        } catch (IOException e) {
            return "?";
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** Stops accepting; connections already handed to publishers are theirs to close. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        handshakes.shutdownNow();
        try {
            acceptThread.join(2000);
            handshakes.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
