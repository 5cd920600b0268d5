package io.policyrt.ros1.tcpros;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;

/** Asks a publisher's slave API where to open a TCPROS connection for a topic ({@code requestTopic}). */
@FunctionalInterface
public interface TopicRequester {
    /**
     * @throws IOException when the publisher does not answer or refuses (its node is gone, it no longer publishes the topic)
     */
    InetSocketAddress requestTopic(URI publisherApi, String topic) throws IOException;
}
