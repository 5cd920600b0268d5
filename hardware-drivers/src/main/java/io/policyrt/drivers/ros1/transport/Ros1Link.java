package io.policyrt.drivers.ros1.transport;

import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.ros1.node.Ros1Node;
import io.policyrt.drivers.transport.TransportLink;
import java.util.List;

/** An open ROS 1 link: the sensor source and command sink on one node, which the link owns. */
public final class Ros1Link implements TransportLink {
    private final Ros1Node node;
    private final Ros1TransportSettings topics;
    private final Ros1SensorSource sensors;
    private final Ros1CommandSink commands;
    private boolean closed;

    Ros1Link(Ros1Node node, Ros1TransportSettings topics, NanoClock clock, long futureToleranceNanos) {
        this.node = node;
        this.topics = topics;
        this.commands = new Ros1CommandSink(node, topics);
        this.sensors = new Ros1SensorSource(node, topics, clock, futureToleranceNanos);
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
    public Ros1SensorSource sensors() { return sensors; }

    @Override
    public Ros1CommandSink commands() { return commands; }

    @Override
    public List<InboundChannel<?, ?>> channels() { return sensors.channels(); }

    @Override
    public boolean isUp() { return !node.isShutDown(); }

    @Override
    public String summary() {
        return "node " + node.name() + ", master " + node.settings().masterUri() + ", commands published " + commands.published()
                + ", master re-registrations " + node.reRegistrations();
    }

    public Ros1Node node() { return node; }

    public Ros1TransportSettings topics() { return topics; }

    /** Sends the pending command (the loop's final stop), unsubscribes and shuts the node down. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        commands.close();
        sensors.close();
        node.shutdown();
    }
}
