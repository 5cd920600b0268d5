package io.policyrt.ros1.tcpros;

/**
 * Bounds on what TCPROS peers may send and how many of them a node serves.
 *
 * @param maxMessageBytes        longest message frame; a longer length prefix closes that connection
 * @param maxHeaderBytes         longest connection header
 * @param handshakeTimeoutMs     deadline for the whole connection header, from the accept (or the
 *                               connect, on the subscribing side): not a per-read timeout, so a peer
 *                               that sends a byte now and then is closed all the same
 * @param maxSubscribersPerTopic subscriber connections one topic's publisher serves at once; beyond
 *                               it a new subscriber is refused with an {@code error} header
 * @param maxSubscribers         subscriber connections the node serves at once over all its topics
 * @param maxPublishersPerTopic  publishers one subscription links to at once (each link is one
 *                               thread); further URIs in a {@code publisherUpdate} are ignored and logged
 * @param maxPublisherLinks      publisher links (receive threads) the node runs at once over all its subscriptions
 */
public record TcprosLimits(int maxMessageBytes, int maxHeaderBytes, int handshakeTimeoutMs, int maxSubscribersPerTopic,
                           int maxSubscribers, int maxPublishersPerTopic, int maxPublisherLinks) {
    /**
     * 16 MiB messages (a large point cloud still fits), 256 KiB headers, 5 s handshakes, 32
     * subscribers per topic and 128 in all, 16 publishers per subscription and 64 links in all.
     * A robot's graph has a handful of peers per topic; the caps are there to stop a flood, not
     * to ration a real graph.
     */
    public static final TcprosLimits DEFAULT = new TcprosLimits(16 << 20, 256 << 10, 5000, 32, 128, 16, 64);

    public TcprosLimits {
        if (maxMessageBytes <= 0 || maxHeaderBytes <= 0 || handshakeTimeoutMs <= 0 || maxSubscribersPerTopic <= 0
                || maxSubscribers <= 0 || maxPublishersPerTopic <= 0 || maxPublisherLinks <= 0) {
            throw new IllegalArgumentException("TCPROS limits must be positive: " + maxMessageBytes + ", " + maxHeaderBytes + ", "
                    + handshakeTimeoutMs + ", " + maxSubscribersPerTopic + ", " + maxSubscribers + ", " + maxPublishersPerTopic
                    + ", " + maxPublisherLinks);
        }
    }

    /** The given frame, header and handshake bounds with the default connection caps. */
    public TcprosLimits(int maxMessageBytes, int maxHeaderBytes, int handshakeTimeoutMs) {
        this(maxMessageBytes, maxHeaderBytes, handshakeTimeoutMs, DEFAULT.maxSubscribersPerTopic, DEFAULT.maxSubscribers,
                DEFAULT.maxPublishersPerTopic, DEFAULT.maxPublisherLinks);
    }

    public TcprosLimits withMaxMessageBytes(int bytes) {
        return new TcprosLimits(bytes, maxHeaderBytes, handshakeTimeoutMs, maxSubscribersPerTopic, maxSubscribers,
                maxPublishersPerTopic, maxPublisherLinks);
    }

    public TcprosLimits withSubscriberCaps(int perTopic, int total) {
        return new TcprosLimits(maxMessageBytes, maxHeaderBytes, handshakeTimeoutMs, perTopic, total, maxPublishersPerTopic,
                maxPublisherLinks);
    }

    public TcprosLimits withPublisherCaps(int perTopic, int total) {
        return new TcprosLimits(maxMessageBytes, maxHeaderBytes, handshakeTimeoutMs, maxSubscribersPerTopic, maxSubscribers,
                perTopic, total);
    }
}
