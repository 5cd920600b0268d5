package io.policyrt.drivers.ros1.transport;

import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.inbound.InboundRules;
import io.policyrt.ros1.node.Ros1Node;
import io.policyrt.drivers.transport.ConnectedLink;
import java.util.function.Consumer;

/** An open ROS 1 link: the sensor source and command sink on one node, which the link owns. */
public final class Ros1Link extends ConnectedLink<Ros1SensorSource, Ros1CommandSink> {
    private final Ros1Node node;
    private final Ros1TransportSettings topics;

    Ros1Link(Ros1Node node, Ros1TransportSettings topics, NanoClock clock, InboundRules inbound) {
        super(new Ros1SensorSource(node, topics, clock, inbound), new Ros1CommandSink(node, topics));
        this.node = node;
        this.topics = topics;
    }

    @Override
    public String kind() { return "ros1"; }

    @Override
    public String endpoint() {
        String commandTopics = (topics.cmdVelTopic() + " " + topics.wheelsTopic()).trim();
        return "ROS 1 node " + node.name() + " on master " + node.settings().masterUri() + " (advertised as " + node.slaveUri()
                + "); sensors " + topics.odometryTopic() + ", commands " + commandTopics;
    }

    @Override
    public boolean isUp() { return !node.isShutDown(); }

    @Override
    public String summary() {
        return "node " + node.name() + ", master " + node.settings().masterUri() + ", commands published " + commands().published()
                + ", master re-registrations " + node.reRegistrations();
    }

    public Ros1Node node() { return node; }

    /**
     * Registers what happens when a peer asks the node to shut down over the slave API
     * ({@code rosnode kill}, or the master when another node takes this node's name). The handler
     * runs once, on a thread of its own, with the reason the caller gave. The node's publishers
     * stay open until this link is closed: the handler should stop the control loop, so that its
     * final zero goes out over them, and then close the link (which shuts the node down). See
     * {@link Ros1Node#onShutdownRequest}.
     */
    @Override
    public void onShutdownRequest(Consumer<String> handler) {
        node.onShutdownRequest(handler);
    }

    public Ros1TransportSettings topics() { return topics; }

    /** Shuts the node down: it leaves the master. */
    @Override
    protected void disconnect() {
        node.shutdown();
    }
}
