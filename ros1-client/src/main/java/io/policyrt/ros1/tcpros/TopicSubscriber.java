package io.policyrt.ros1.tcpros;

import io.policyrt.ros1.msg.RosMessage;
import io.policyrt.ros1.msg.RosMessageFormatException;
import io.policyrt.ros1.msg.RosMessageType;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
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
    private final Map<URI, PublisherLink> links = new LinkedHashMap<>();
    private final RateLimitedWarning listenerLog = new RateLimitedWarning(LOG, TimeUnit.SECONDS.toNanos(1));
    private volatile boolean closed;
    private volatile long delivered;

    /** @param connectionIds the node's connection numbering, shared with its other subscriptions */
    public TopicSubscriber(String topic, RosMessageType<M> type, String callerId, boolean tcpNoDelay, TcprosLimits limits,
                           TopicRequester requester, MessageListener<M> listener, AtomicInteger connectionIds) {
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
     */
    public void updatePublishers(Collection<String> publisherApis) {
        List<PublisherLink> toClose = new ArrayList<>();
        synchronized (this) {
            if (closed) {
                return;
            }
            Set<URI> wanted = new HashSet<>();
            for (String api : publisherApis) {
                try {
                    wanted.add(URI.create(api));
                } catch (IllegalArgumentException e) {
                    LOG.warn("ros1: ignoring a publisher of {} with a malformed URI '{}'", topic, api);
                }
            }
            for (var it = links.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<URI, PublisherLink> e = it.next();
                if (!wanted.contains(e.getKey()) || !e.getValue().isAlive()) {
                    toClose.add(e.getValue());
                    it.remove();
                }
            }
            for (URI api : wanted) {
                if (!links.containsKey(api)) {
                    PublisherLink link = new PublisherLink(this, api, connectionIds.getAndIncrement());
                    links.put(api, link);
                    link.start();
                }
            }
        }
        for (PublisherLink l : toClose) {
            l.close();
        }
    }

    /** Receive threads: deserializes one frame into the shared instance and calls the listener. */
    void deliver(ByteBuffer frame) {
        synchronized (message) {
            message.deserialize(frame);
            if (frame.hasRemaining()) {
                throw new RosMessageFormatException(frame.remaining() + " bytes left over after a " + type.name());
            }
            delivered++;
            try {
                listener.onMessage(message);
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
            links.clear();
        }
        for (PublisherLink l : toClose) {
            l.close();
        }
    }
}
