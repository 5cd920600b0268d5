package io.policyrt.drivers.ros1.transport;

import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.inbound.InboundRules;
import io.policyrt.ros1.node.Ros1ApiException;
import io.policyrt.ros1.node.Ros1Node;
import io.policyrt.ros1.node.Ros1NodeSettings;
import io.policyrt.drivers.transport.Transport;
import io.policyrt.drivers.transport.TransportException;
import io.policyrt.drivers.transport.TransportLink;
import java.io.IOException;

/** The controller's link over ROS 1 (transport kind {@code ros1}): one node joined to the master, its topics per the settings. */
public final class Ros1Transport implements Transport<Ros1Transport.Settings> {
    /** The node's own settings (master, name, addresses) and the topics it uses. */
    public record Settings(Ros1NodeSettings node, Ros1TransportSettings topics) {
    }

    @Override
    public TransportLink open(Settings s, NanoClock clock, InboundRules inbound) throws TransportException {
        Ros1Node node;
        try {
            node = Ros1Node.start(s.node());
        } catch (IOException | Ros1ApiException e) {
            throw new TransportException("ros1: cannot join the ROS master at " + s.node().masterUri() + ": " + e.getMessage()
                    + " (is rosmaster running? check ros1.master_uri or ROS_MASTER_URI)", e);
        }
        try {
            return new Ros1Link(node, s.topics(), clock, inbound);
        } catch (RuntimeException e) {
            node.shutdown();
            throw e;
        }
    }
}
