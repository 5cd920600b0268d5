package io.policyrt.benchmarks.latency;

import io.policyrt.controller.loop.LoopConfig;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.inbound.InboundRules;
import io.policyrt.ros1.node.Ros1ApiException;
import io.policyrt.ros1.node.Ros1Node;
import io.policyrt.ros1.node.Ros1NodeSettings;
import io.policyrt.drivers.ros1.transport.Ros1CommandSink;
import io.policyrt.drivers.ros1.transport.Ros1SensorSource;
import io.policyrt.drivers.ros1.transport.Ros1TransportSettings;
import io.policyrt.sim.scenario.Scenario;
import java.io.IOException;
import java.util.Map;

/**
 * PolicyRT behind its ROS 1 transport, as {@code policyrt run} with transport ros1 wires it: a
 * node of its own on the leg's master, {@link Ros1SensorSource} on the driver's topics and
 * {@link Ros1CommandSink} publishing TwistStamped on {@code /cmd_vel}, whose stamp echoes the
 * odometry ({@link OdometryStampEcho}).
 */
final class Ros1PolicyRtNode {
    private Ros1PolicyRtNode() {
    }

    /** The topics the driver publishes and the rospy peer reads, with commands as TwistStamped and no wheel topic. */
    static Ros1TransportSettings topics() {
        return new Ros1TransportSettings(Ros1DriverPort.ODOMETRY_TOPIC, Ros1DriverPort.OBSTACLE_TOPIC, "",
                Ros1TransportSettings.defaultScan(), Ros1DriverPort.PATH_TOPIC, Scenario.TARGET_SPEED_MPS, Ros1DriverPort.ESTOP_TOPIC,
                Ros1DriverPort.CMD_VEL_TOPIC, Ros1TransportSettings.VelocityMessage.TWIST_STAMPED, "",
                Ros1TransportSettings.WheelMessage.FLOAT64_MULTI_ARRAY, "left_wheel_joint", "right_wheel_joint", Ros1DriverPort.BASE_FRAME);
    }

    /** Starts the controller's node on {@code masterUri} and wires PolicyRT behind it (the loop starts with the returned node). */
    static PolicyRtNode create(Policy policy, LoopConfig loopConfig, NanoClock clock, String masterUri)
            throws IOException, Ros1ApiException {
        Ros1Node node = Ros1Node.start(Ros1NodeSettings.resolve("policyrt_controller", masterUri, "127.0.0.1", Map.of()));
        try {
            Ros1TransportSettings topics = topics();
            Ros1SensorSource source = new Ros1SensorSource(node, topics, clock, InboundRules.DEFAULTS);
            Ros1CommandSink sink = new Ros1CommandSink(node, topics);
            return new PolicyRtNode(policy, loopConfig, clock, source, new OdometryStampEcho(sink), node);
        } catch (RuntimeException e) {
            node.shutdown();
            throw e;
        }
    }
}
