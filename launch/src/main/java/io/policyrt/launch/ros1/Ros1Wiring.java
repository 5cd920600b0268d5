package io.policyrt.launch.ros1;

import io.policyrt.ros1.node.Ros1ApiException;
import io.policyrt.ros1.node.Ros1Node;
import io.policyrt.drivers.ros1.transport.Ros1Transport;
import io.policyrt.drivers.transport.TransportException;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.transport.LinkSetup;
import io.policyrt.launch.wiring.SimWiring;
import io.policyrt.sim.ros1.Ros1SimServer;
import java.io.IOException;
import io.policyrt.ros1.node.Ros1NodeSettings;
import io.policyrt.drivers.ros1.transport.Ros1TransportSettings;
import io.policyrt.drivers.scan.ScanObstacleSettings;
import io.policyrt.launch.config.Ros1Config;
import java.util.Map;

/** Turns the {@code ros1} section of a configuration into the ROS 1 transport's settings, for the controller and the simulated robot. */
public final class Ros1Wiring {
    private Ros1Wiring() {
    }

    /** The controller's side: its node (ros1.node_name) and topics. */
    public static Ros1Transport.Settings transportSettings(RuntimeConfig c, LinkSetup setup) {
        return new Ros1Transport.Settings(node(c.ros1, c.ros1.nodeName, System.getenv()), topics(c.ros1));
    }

    /** The robot's side: the simulator served over ROS 1 by a node of its own (ros1.sim_node_name), which it shuts down. */
    public static Ros1SimServer simServer(RuntimeConfig c, LinkSetup setup) throws TransportException {
        Ros1NodeSettings settings = node(c.ros1, c.ros1.simNodeName, System.getenv());
        Ros1Node node;
        try {
            node = Ros1Node.start(settings);
        } catch (IOException | Ros1ApiException e) {
            throw new TransportException("ros1: cannot join the ROS master at " + settings.masterUri() + ": " + e.getMessage(), e);
        }
        return new Ros1SimServer(SimWiring.simWorld(c, setup.robotRadiusM()), node, topics(c.ros1), setup.clock(),
                Math.round(c.ros1.commandMaxAgeMs * 1e6), Math.round(c.safety.futureToleranceMs * 1e6));
    }

    /** The topics and message types, from {@code ros1.topics} and friends. */
    public static Ros1TransportSettings topics(Ros1Config r) {
        Ros1Config.ScanObstacle s = r.scanObstacle;
        return new Ros1TransportSettings(r.topics.odom, r.topics.obstacle, r.topics.scan,
                new ScanObstacleSettings(s.clusterGapM, s.minRadiusM, s.maxRadiusM, s.maxRangeM, s.mountXM, s.mountYM, s.mountYawRad),
                r.topics.path, r.pathTargetSpeedMps, r.topics.estop, r.topics.estopRelease, r.topics.cmdVel,
                Ros1TransportSettings.VelocityMessage.parse(r.cmdVelType), r.topics.wheels,
                Ros1TransportSettings.WheelMessage.parse(r.wheelsType), r.leftWheelJoint, r.rightWheelJoint, r.baseFrame);
    }

    /**
     * The node settings for {@code nodeName}: the configured master URI and host win over
     * ROS_MASTER_URI, ROS_IP and ROS_HOSTNAME in {@code env}, which win over the defaults.
     */
    public static Ros1NodeSettings node(Ros1Config r, String nodeName, Map<String, String> env) {
        Ros1NodeSettings s = Ros1NodeSettings.resolve(nodeName, r.masterUri, r.host, env);
        return s.withLimits(s.limits().withMaxMessageBytes(r.maxMessageBytes)).withTcpNoDelay(r.tcpNodelay);
    }
}
