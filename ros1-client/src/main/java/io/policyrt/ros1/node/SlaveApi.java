package io.policyrt.ros1.node;

import io.policyrt.ros1.tcpros.TopicPublisher;
import io.policyrt.ros1.tcpros.TopicSubscriber;
import io.policyrt.ros1.xmlrpc.XmlRpcCall;
import io.policyrt.ros1.xmlrpc.XmlRpcCodec;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ROS slave API (http://wiki.ros.org/ROS/Slave_API) of one node: what the master and other
 * nodes may ask it. Each method answers {@code [code, statusMessage, value]}; a call with the
 * wrong parameters gets code -1 and a message saying what was expected.
 */
final class SlaveApi {
    private static final Logger LOG = LoggerFactory.getLogger(SlaveApi.class);
    private static final int SUCCESS = 1;
    private static final int FAILURE = 0;
    private static final int ERROR = -1;

    private final Ros1Node node;

    SlaveApi(Ros1Node node) {
        this.node = node;
    }

    byte[] dispatch(XmlRpcCall call) {
        List<Object> p = call.params();
        return XmlRpcCodec.writeResponse(switch (call.methodName()) {
            case "getBusStats" -> arity(p, 1, "getBusStats(caller_id)") ? busStats() : bad(call);
            case "getBusInfo" -> arity(p, 1, "getBusInfo(caller_id)") ? busInfo() : bad(call);
            case "getMasterUri" -> arity(p, 1, "") ? ok(node.settings().masterUri().toString()) : bad(call);
            case "shutdown" -> p.size() >= 1 && p.get(0) instanceof String ? shutdown(p) : bad(call);
            case "getPid" -> arity(p, 1, "") ? ok((int) ProcessHandle.current().pid()) : bad(call);
            case "getSubscriptions" -> arity(p, 1, "") ? ok(node.subscriptionList()) : bad(call);
            case "getPublications" -> arity(p, 1, "") ? ok(node.publicationList()) : bad(call);
            case "paramUpdate" -> p.size() == 3 && p.get(0) instanceof String && p.get(1) instanceof String
                    ? List.of(SUCCESS, "", 0) : bad(call); // this node subscribes to no parameters
            case "publisherUpdate" -> publisherUpdate(call);
            case "requestTopic" -> requestTopic(call);
            default -> List.of(ERROR, "unknown method " + call.methodName(), 0);
        });
    }

    private static boolean arity(List<Object> p, int n, String unused) {
        return p.size() == n && p.get(0) instanceof String;
    }

    private static List<Object> bad(XmlRpcCall call) {
        return List.of(ERROR, "wrong parameters for " + call.methodName() + ": " + describe(call.params()), 0);
    }

    private static String describe(List<Object> params) {
        List<String> types = new ArrayList<>();
        for (Object o : params) {
            types.add(o == null ? "null" : o.getClass().getSimpleName());
        }
        return types.toString();
    }

    private static List<Object> ok(Object value) {
        return List.of(SUCCESS, "", value);
    }

    private List<Object> shutdown(List<Object> p) {
        String why = p.size() > 1 ? String.valueOf(p.get(1)) : "";
        LOG.warn("ros1: {} told node {} to shut down: {}", p.get(0), node.name(), why);
        node.shutdownRequested(why);
        return List.of(SUCCESS, "shutdown", 0);
    }

    private List<Object> publisherUpdate(XmlRpcCall call) {
        List<Object> p = call.params();
        if (p.size() != 3 || !(p.get(0) instanceof String) || !(p.get(1) instanceof String topic)
                || !(p.get(2) instanceof List<?> apis) || !apis.stream().allMatch(a -> a instanceof String)) {
            return bad(call);
        }
        TopicSubscriber<?> s = node.subscriber(topic);
        if (s == null) {
            return List.of(FAILURE, "not subscribed to " + topic, 0);
        }
        List<String> uris = new ArrayList<>();
        for (Object a : apis) {
            uris.add((String) a);
        }
        s.updatePublishers(uris);
        return List.of(SUCCESS, "publisher update for " + topic, 0);
    }

    private List<Object> requestTopic(XmlRpcCall call) {
        List<Object> p = call.params();
        if (p.size() != 3 || !(p.get(0) instanceof String) || !(p.get(1) instanceof String topic) || !(p.get(2) instanceof List<?> protocols)) {
            return bad(call);
        }
        if (node.publisher(topic) == null) {
            return List.of(ERROR, "not a publisher of [" + topic + "]", List.of());
        }
        for (Object proto : protocols) {
            if (proto instanceof List<?> spec && !spec.isEmpty() && "TCPROS".equals(spec.get(0))) {
                return List.of(SUCCESS, "ready on " + node.settings().host() + ":" + node.tcprosPort(),
                        List.of("TCPROS", node.settings().host(), node.tcprosPort()));
            }
        }
        return List.of(FAILURE, "no supported protocol among " + protocols + " (this node speaks TCPROS)", List.of());
    }

    /** [publishStats, subscribeStats, serviceStats] as the slave API documents them. */
    private List<Object> busStats() {
        List<Object> pubs = new ArrayList<>();
        for (TopicPublisher<?> pub : node.publishers()) {
            List<Object> conns = new ArrayList<>();
            long total = 0;
            for (TopicPublisher.ConnectionStats c : pub.connectionStats()) {
                conns.add(List.of(c.connectionId(), clampInt(c.bytes()), clampInt(c.messages()), c.connected()));
                total += c.messages();
            }
            pubs.add(List.of(pub.topic(), clampInt(total), conns));
        }
        List<Object> subs = new ArrayList<>();
        for (TopicSubscriber<?> sub : node.subscribers()) {
            List<Object> conns = new ArrayList<>();
            for (TopicPublisher.ConnectionStats c : sub.connectionStats()) {
                conns.add(List.of(c.connectionId(), clampInt(c.bytes()), clampInt(c.dropped()), c.connected()));
            }
            subs.add(List.of(sub.topic(), conns));
        }
        return ok(List.of(pubs, subs, List.of(0, 0, 0)));
    }

    /** One entry per connection: [id, destination, direction, transport, topic, connected]. */
    private List<Object> busInfo() {
        List<Object> info = new ArrayList<>();
        for (TopicPublisher<?> pub : node.publishers()) {
            for (TopicPublisher.ConnectionStats c : pub.connectionStats()) {
                info.add(List.of(c.connectionId(), c.peerId(), "o", "TCPROS", pub.topic(), c.connected()));
            }
        }
        for (TopicSubscriber<?> sub : node.subscribers()) {
            for (TopicPublisher.ConnectionStats c : sub.connectionStats()) {
                info.add(List.of(c.connectionId(), c.peerId(), "i", "TCPROS", sub.topic(), c.connected()));
            }
        }
        return ok(info);
    }

    private static int clampInt(long v) {
        return (int) Math.min(Integer.MAX_VALUE, v);
    }
}
