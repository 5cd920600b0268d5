package io.policyrt.launch.ros1;

import io.policyrt.ros1.node.Ros1NodeSettings;
import io.policyrt.drivers.ros1.transport.Ros1TransportSettings;
import io.policyrt.drivers.scan.ScanObstacleSettings;
import io.policyrt.launch.config.Ros1Config;
import java.util.Map;

/** Turns the {@code ros1} section of a configuration into node and transport settings. */
public final class Ros1Wiring {
    private Ros1Wiring() {
    }

    /** The topics and message types, from {@code ros1.topics} and friends. */
    public static Ros1TransportSettings topics(Ros1Config r) {
        Ros1Config.ScanObstacle s = r.scanObstacle;
        return new Ros1TransportSettings(r.topics.odom, r.topics.obstacle, r.topics.scan,
                new ScanObstacleSettings(s.clusterGapM, s.minRadiusM, s.maxRadiusM, s.maxRangeM, s.mountXM, s.mountYM, s.mountYawRad),
                r.topics.path, r.pathTargetSpeedMps, r.topics.estop, r.topics.cmdVel,
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
