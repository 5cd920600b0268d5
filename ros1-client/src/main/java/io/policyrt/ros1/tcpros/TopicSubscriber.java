package io.policyrt.ros1.tcpros;

import io.policyrt.ros1.msg.RosMessage;
import io.policyrt.ros1.msg.RosMessageFormatException;
import io.policyrt.ros1.msg.RosMessageType;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscribing side of one topic: keeps one {@link PublisherLink} per publisher the master
 * lists (initial registration and every {@code publisherUpdate}), and delivers their messages,
 * deserialized into one reused instance, to the listener one at a time.
 */
public final class TopicSubscriber<M extends RosMessage> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicSubscriber.class);

    private final String topic;
    private final RosMessageType<M> type;
    private final String callerId;
    private final boolean tcpNoDelay;
    private final TcprosLimits limits;
    private final TopicRequester requester;
    private final MessageListener<M> listener;
    private final M message;
    private final AtomicInteger connectionIds;
    private final AtomicInteger nodeLinks;
    private final Map<URI, PublisherLink> links = new LinkedHashMap<>();
    private final RateLimitedWarning listenerLog = new RateLimitedWarning(LOG, TimeUnit.SECONDS.toNanos(1));
    private final RateLimitedWarning updateLog = new RateLimitedWarning(LOG, TimeUnit.SECONDS.toNanos(1));
    private volatile long ignoredPublishers;
    private volatile boolean closed;
    private volatile long delivered;

    /**
     * @param connectionIds the node's connection numbering, shared with its other subscriptions
     * @param nodeLinks     the node's count of publisher links, shared with its other subscriptions
     *                      and bounded by {@link TcprosLimits#maxPublisherLinks}
     */
    public TopicSubscriber(String topic, RosMessageType<M> type, String callerId, boolean tcpNoDelay, TcprosLimits limits,
                           TopicRequester requester, MessageListener<M> listener, AtomicInteger connectionIds,
                           AtomicInteger nodeLinks) {
        this.nodeLinks = nodeLinks;
        this.topic = topic;
        this.type = type;
        this.callerId = callerId;
        this.tcpNoDelay = tcpNoDelay;
        this.limits = limits;
        this.requester = requester;
        this.listener = listener;
        this.message = type.newMessage();
        this.connectionIds = connectionIds;
    }

    /**
     * Sets the publishers to receive from: links to new ones start, links to ones no longer listed
     * close. A listed publisher whose link ended after a refusal is retried.
     *
     * <p>Bounded, since {@code publisherUpdate} is accepted from anyone (ROS 1 has no
     * authentication): only {@code http://host:port} URIs are taken; links that are up and still
     * listed are kept first, then new URIs in the order given, up to
     * {@link TcprosLimits#maxPublishersPerTopic} for this topic and
     * {@link TcprosLimits#maxPublisherLinks} for the node. What is left out is counted
     * ({@link #ignoredPublishers}) and logged at most once a second.
     */
    public void updatePublishers(Collection<String> publisherApis) {
        List<PublisherLink> toClose = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            Set<URI> wanted = new LinkedHashSet<>();
            int malformed = 0;
            for (String api : publisherApis) {
                URI uri = parseApi(api);
                if (uri == null) {
                    malformed++;
                } else {
                    wanted.add(uri);
                }
            }
            for (var it = links.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<URI, PublisherLink> e = it.next();
                if (!wanted.contains(e.getKey()) || !e.getValue().isAlive()) {
                    toClose.add(e.getValue());
                    it.remove();
                    nodeLinks.decrementAndGet();
                }
            }
            int ignored = 0;
            for (URI api : wanted) {
                if (links.containsKey(api)) {
                    continue;
                }
                if (links.size() >= limits.maxPublishersPerTopic() || nodeLinks.get() >= limits.maxPublisherLinks()) {
                    ignored++;
                    continue;
                }
                nodeLinks.incrementAndGet();
                PublisherLink link = new PublisherLink(this, api, connectionIds.getAndIncrement());
                links.put(api, link);
                link.start();
            }
            if (ignored > 0 || malformed > 0) {
                ignoredPublishers += ignored + malformed;
                updateLog.warn("ros1: publisher update for " + topic + ":", "linked to " + links.size() + ", ignored " + ignored
                        + " beyond the limits (" + limits.maxPublishersPerTopic() + " per topic, " + limits.maxPublisherLinks()
                        + " per node) and " + malformed + " malformed URIs");
            }
        }
        for (PublisherLink l : toClose) {
            l.close();
        }
    }

    /** A publisher's slave API URI, or null unless it is {@code http://host:port[/...]}. */
    private static URI parseApi(String api) {
        try {
            URI uri = URI.create(api);
            return "http".equals(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0 ? uri : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Publisher URIs left out of updates so far: malformed, or beyond the link limits. */
    public long ignoredPublishers() { return ignoredPublishers; }

    /**
     * Receive threads: deserializes one frame from {@code publisherId} into the shared instance
     * and calls the listener with it, or, when the frame cannot be read as this topic's type,
     * tells the listener so ({@link MessageListener#onMalformed}).
     *
     * @return whether the frame held a message (false: malformed)
     */
    boolean deliver(ByteBuffer frame, String publisherId) {
        synchronized (message) {
            try {
                message.deserialize(frame);
                if (frame.hasRemaining()) {
                    throw new RosMessageFormatException(frame.remaining() + " bytes left over after a " + type.name());
                }
            } catch (RuntimeException e) { // RosMessageFormatException, or a buffer underflow in a hand-written type
                malformed(publisherId, e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName(), frame);
                return false;
            }
            delivered++;
            try {
                listener.onMessage(message, publisherId, frame);
            } catch (RuntimeException e) {
                listenerLog.warn("ros1: the listener of " + topic + " threw:", e.toString());
            }
            return true;
        }
    }

    /**
     * Receive threads: a frame from {@code publisherId} that holds no readable message of this
     * topic's type; {@code frame} its bytes from index 0 to its limit, or null when it was not read.
     */
    void malformed(String publisherId, String why, ByteBuffer frame) {
        synchronized (message) {
            try {
                listener.onMalformed(publisherId, "malformed " + type.name() + " from " + publisherId + ": " + why, frame);
            } catch (RuntimeException e) {
                listenerLog.warn("ros1: the listener of " + topic + " threw:", e.toString());
            }
        }
    }

    public String topic() { return topic; }
    public RosMessageType<M> type() { return type; }
    String callerId() { return callerId; }
    boolean tcpNoDelay() { return tcpNoDelay; }
    TcprosLimits limits() { return limits; }
    TopicRequester requester() { return requester; }

    /** Messages handed to the listener so far. */
    public long delivered() { return delivered; }

    /** Publishers with an open connection now. */
    public synchronized int connectedPublishers() {
        int n = 0;
        for (PublisherLink l : links.values()) {
            if (l.isConnected()) {
                n++;
            }
        }
        return n;
    }

    /** Per link: id, publisher, bytes and messages received, malformed messages dropped. */
    public synchronized List<TopicPublisher.ConnectionStats> connectionStats() {
        List<TopicPublisher.ConnectionStats> out = new ArrayList<>();
        for (PublisherLink l : links.values()) {
            out.add(new TopicPublisher.ConnectionStats(l.connectionId(), l.publisherId().isEmpty() ? l.publisherApi().toString()
                    : l.publisherId(), l.bytesReceived(), l.messagesReceived(), l.messagesMalformed(), l.isConnected()));
        }
        return out;
    }

    /** Closes every link and waits briefly for their threads. */
    @Override
    public void close() {
        List<PublisherLink> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayList<>(links.values());
            nodeLinks.addAndGet(-links.size());
            links.clear();
        }
        for (PublisherLink l : toClose) {
            l.close();
        }
    }
}
