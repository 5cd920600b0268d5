package io.policyrt.ros1.node;

import io.policyrt.ros1.xmlrpc.XmlRpcClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ROS master API (http://wiki.ros.org/ROS/Master_API) as one node calls it: registration of
 * publishers and subscribers, node lookup and the system state.
 */
public final class MasterClient {
    private final URI masterUri;
    private final String callerId;
    private final RosApiCaller caller;

    public MasterClient(URI masterUri, String callerId, XmlRpcClient client) {
        this.masterUri = masterUri;
        this.callerId = callerId;
        this.caller = new RosApiCaller(client);
    }

    public URI masterUri() { return masterUri; }

    /** Registers a publisher; returns the slave API URIs of the topic's current subscribers. */
    public List<String> registerPublisher(String topic, String type, URI callerApi) throws Ros1ApiException {
        return RosApiCaller.stringList("registerPublisher",
                caller.call(masterUri, "registerPublisher", callerId, topic, type, callerApi.toString()));
    }

    /** Registers a subscriber; returns the slave API URIs of the topic's current publishers. */
    public List<String> registerSubscriber(String topic, String type, URI callerApi) throws Ros1ApiException {
        return RosApiCaller.stringList("registerSubscriber",
                caller.call(masterUri, "registerSubscriber", callerId, topic, type, callerApi.toString()));
    }

    /** Returns how many registrations were removed (0 when there was none). */
    public int unregisterPublisher(String topic, URI callerApi) throws Ros1ApiException {
        return asInt("unregisterPublisher", caller.call(masterUri, "unregisterPublisher", callerId, topic, callerApi.toString()));
    }

    public int unregisterSubscriber(String topic, URI callerApi) throws Ros1ApiException {
        return asInt("unregisterSubscriber", caller.call(masterUri, "unregisterSubscriber", callerId, topic, callerApi.toString()));
    }

    /** The slave API URI of node {@code nodeName}; fails with code -1 when the master does not know it. */
    public URI lookupNode(String nodeName) throws Ros1ApiException {
        Object v = caller.call(masterUri, "lookupNode", callerId, nodeName);
        if (!(v instanceof String s)) {
            throw new Ros1ApiException("lookupNode value is not a URI: " + v, 0);
        }
        return URI.create(s);
    }

    /** The master's own URI as it reports it. */
    public URI getUri() throws Ros1ApiException {
        Object v = caller.call(masterUri, "getUri", callerId);
        if (!(v instanceof String s)) {
            throw new Ros1ApiException("getUri value is not a URI: " + v, 0);
        }
        return URI.create(s);
    }

    /** The graph as the master sees it: per topic, the publishing and the subscribing node names. */
    public SystemState getSystemState() throws Ros1ApiException {
        Object v = caller.call(masterUri, "getSystemState", callerId);
        if (!(v instanceof List<?> parts) || parts.size() != 3) {
            throw new Ros1ApiException("getSystemState value is not [publishers, subscribers, services]: " + v, 0);
        }
        return new SystemState(topicNodes(parts.get(0)), topicNodes(parts.get(1)), topicNodes(parts.get(2)));
    }

    private static Map<String, List<String>> topicNodes(Object part) throws Ros1ApiException {
        Map<String, List<String>> out = new TreeMap<>();
        if (!(part instanceof List<?> entries)) {
            throw new Ros1ApiException("getSystemState entry is not an array: " + part, 0);
        }
        for (Object e : entries) {
            if (!(e instanceof List<?> pair) || pair.size() != 2 || !(pair.get(0) instanceof String name)) {
                throw new Ros1ApiException("getSystemState entry is not [name, [nodes]]: " + e, 0);
            }
            out.put(name, new ArrayList<>(RosApiCaller.stringList("getSystemState", pair.get(1))));
        }
        return out;
    }

    private static int asInt(String method, Object v) throws Ros1ApiException {
        if (!(v instanceof Integer i)) {
            throw new Ros1ApiException(method + " value is not an integer: " + v, 0);
        }
        return i;
    }

    /** The master's view of the graph: topic or service name to node names. */
    public record SystemState(Map<String, List<String>> publishers, Map<String, List<String>> subscribers,
                              Map<String, List<String>> services) {
    }
}
