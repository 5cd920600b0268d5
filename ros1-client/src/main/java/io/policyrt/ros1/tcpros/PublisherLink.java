package io.policyrt.ros1.tcpros;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscriber's link to one publisher, on its own receive thread: asks the publisher's slave API
 * for a TCPROS endpoint, connects, exchanges connection headers, then reads frames until the
 * connection drops, and starts over with a capped back-off for as long as the publisher stays in
 * the master's list. A publisher that refuses the handshake (an {@code error} header: wrong type
 * or md5) is logged once and not retried until the master lists it anew.
 *
 * <p>The receive loop reads each frame into one buffer reused for the link's life (grown only
 * when a larger frame arrives, never beyond the maximum message size) and hands it to the
 * subscription; it allocates nothing per message.
 */
final class PublisherLink {
    private static final Logger LOG = LoggerFactory.getLogger(PublisherLink.class);
    private static final long MIN_BACKOFF_MS = 100;
    private static final long MAX_BACKOFF_MS = 2000;

    private final TopicSubscriber<?> subscription;
    private final URI publisherApi;
    private final int connectionId;
    private final Thread thread;
    private final RateLimitedWarning frameLog;
    private volatile boolean active = true;
    private volatile boolean refused;
    private volatile boolean connected;
    private volatile Socket socket;
    private volatile String publisherId = "";
    private volatile long bytesReceived;
    private volatile long messagesReceived;
    private volatile long messagesMalformed;
    private volatile int connects;

    PublisherLink(TopicSubscriber<?> subscription, URI publisherApi, int connectionId) {
        this.subscription = subscription;
        this.publisherApi = publisherApi;
        this.connectionId = connectionId;
        this.frameLog = new RateLimitedWarning(LOG, TimeUnit.SECONDS.toNanos(1));
        this.thread = new Thread(this::run, "policyrt-ros1-sub" + subscription.topic().replace('/', '_') + "-" + connectionId);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void run() {
        long backoffMs = MIN_BACKOFF_MS;
        while (active) {
            try {
                InetSocketAddress endpoint = subscription.requester().requestTopic(publisherApi, subscription.topic());
                if (!active) {
                    return;
                }
                connectAndReceive(endpoint);
                backoffMs = MIN_BACKOFF_MS; // it worked for a while: retry soon
            } catch (HandshakeRefusedException e) {
                refused = true;
                LOG.error("ros1: publisher {} of {} refused the subscription: {}", publisherApi, subscription.topic(), e.getMessage());
                return;
            } catch (IOException | RuntimeException e) {
                if (active) {
                    LOG.debug("ros1: link to {} for {} failed: {}", publisherApi, subscription.topic(), e.toString());
                }
            } finally {
                connected = false;
                closeSocket();
            }
            if (!active) {
                return;
            }
            try {
                Thread.sleep(backoffMs);
            } catch (InterruptedException e) {
                return;
            }
            backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
        }
    }

    private void connectAndReceive(InetSocketAddress endpoint) throws IOException {
        TcprosLimits limits = subscription.limits();
        Socket s = new Socket();
        socket = s;
        if (!active) {
            throw new IOException("link closed");
        }
        s.setTcpNoDelay(subscription.tcpNoDelay());
        long startNanos = System.nanoTime();
        s.connect(endpoint, limits.handshakeTimeoutMs());
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        requestHeader().writeTo(out);
        // one deadline for the publisher's whole answer, counted from the connect
        ConnectionHeader reply = ConnectionHeader.readFrom(new DeadlineInputStream(s, startNanos, limits.handshakeTimeoutMs()),
                limits.maxHeaderBytes());
        String error = reply.get(ConnectionHeader.ERROR);
        if (error != null) {
            throw new HandshakeRefusedException(error);
        }
        String md5 = reply.require(ConnectionHeader.MD5SUM);
        if (!md5.equals(subscription.type().md5sum()) && !md5.equals(ConnectionHeader.ANY)) {
            throw new HandshakeRefusedException("publisher sends " + reply.get(ConnectionHeader.TYPE) + "/" + md5
                    + " but this subscriber expects " + subscription.type().name() + "/" + subscription.type().md5sum());
        }
        publisherId = reply.get(ConnectionHeader.CALLER_ID) == null ? publisherApi.toString() : reply.get(ConnectionHeader.CALLER_ID);
        s.setSoTimeout(0); // a quiet publisher is legitimate
        connected = true;
        connects++;
        LOG.info("ros1: subscribed to {} from {} ({})", subscription.topic(), publisherId, endpoint);
        receive(in, limits.maxMessageBytes());
    }

    private ConnectionHeader requestHeader() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put(ConnectionHeader.CALLER_ID, subscription.callerId());
        f.put(ConnectionHeader.TOPIC, subscription.topic());
        f.put(ConnectionHeader.MD5SUM, subscription.type().md5sum());
        f.put(ConnectionHeader.TYPE, subscription.type().name());
        f.put(ConnectionHeader.MESSAGE_DEFINITION, subscription.type().definition());
        f.put(ConnectionHeader.TCP_NODELAY, subscription.tcpNoDelay() ? "1" : "0");
        return new ConnectionHeader(f);
    }

    private void receive(InputStream in, int maxMessageBytes) throws IOException {
        byte[] lengthBytes = new byte[4];
        FrameBuffer buffer = new FrameBuffer();
        while (active) {
            ConnectionHeader.readFully(in, lengthBytes, 4);
            int length = ConnectionHeader.readIntLe(lengthBytes, 0);
            if (length < 0 || length > maxMessageBytes) {
                String why = "frame length " + Integer.toUnsignedString(length) + " exceeds the maximum message size " + maxMessageBytes;
                subscription.malformed(publisherId, why, null); // a message was sent and cannot be read: the listener hears of it
                throw new TcprosProtocolException(why + " on " + subscription.topic() + " from " + publisherId);
            }
            buffer.fill(in, length);
            bytesReceived += 4 + length;
            if (subscription.deliver(buffer.view(), publisherId)) {
                messagesReceived++;
            } else {
                messagesMalformed++;
                frameLog.warn("ros1: dropped a malformed message on topic:", subscription.topic());
            }
        }
    }

    private void closeSocket() {
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /** Stops the link: closes its socket, which ends a blocked read, and waits briefly for the thread. */
    void close() {
        active = false;
        closeSocket();
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    URI publisherApi() { return publisherApi; }
    int connectionId() { return connectionId; }
    boolean isConnected() { return connected; }
    boolean isRefused() { return refused; }
    boolean isAlive() { return thread.isAlive(); }
    String publisherId() { return publisherId; }
    long bytesReceived() { return bytesReceived; }
    long messagesReceived() { return messagesReceived; }
    long messagesMalformed() { return messagesMalformed; }
    int connects() { return connects; }

    /** The publisher answered the handshake with an {@code error} field or a different type. */
    static final class HandshakeRefusedException extends IOException {
        HandshakeRefusedException(String message) {
            super(message);
        }
    }
}
