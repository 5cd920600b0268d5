package io.policyrt.sim.ros1;

import io.policyrt.controller.action.DiffDriveKinematics;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.InputBounds;
import io.policyrt.drivers.inbound.StampAdmission;
import io.policyrt.ros1.msg.RosMessage;
import io.policyrt.ros1.msg.RosMessageType;
import io.policyrt.ros1.msg.geometry_msgs.Twist;
import io.policyrt.ros1.msg.geometry_msgs.TwistStamped;
import io.policyrt.ros1.msg.nav_msgs.Path;
import io.policyrt.ros1.msg.sensor_msgs.JointState;
import io.policyrt.ros1.msg.std_msgs.Float64MultiArray;
import io.policyrt.ros1.node.Ros1Node;
import io.policyrt.ros1.tcpros.TopicPublisher;
import io.policyrt.drivers.ros1.transport.Ros1Inbound;
import io.policyrt.drivers.ros1.transport.Ros1TransportSettings;
import io.policyrt.sim.robot.RobotParams;
import io.policyrt.sim.run.SimServer;
import io.policyrt.sim.run.SimWorld;
import io.policyrt.sim.run.Simulation;
import io.policyrt.sim.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulator served over ROS 1, behaving like a robot: it publishes nav_msgs/Odometry and the
 * policyrt_msgs/ObstacleTrack at the sensor rate and the nav_msgs/Path latched, and drives its
 * wheels from the commands it receives: wheel speeds (Float64MultiArray [left, right] rad/s or
 * JointState velocities) and/or a body velocity on cmd_vel (Twist or TwistStamped, turned into
 * wheel speeds by the robot's own kinematics). Refused commands are counted; when commands stop,
 * the simulated motor driver stops the wheels after its own command timeout.
 */
public final class Ros1SimServer extends SimServer {
    /** Frame of odometry, path and world-frame obstacles. */
    public static final String ODOM_FRAME = "odom";

    private final Ros1Node node;
    private final Ros1TransportSettings topics;
    private final long maxCommandAgeNanos;
    private final long futureToleranceNanos;
    private final List<InboundChannel<?, ?>> commandChannels = new ArrayList<>();
    private final io.policyrt.ros1.msg.nav_msgs.Odometry odomMessage = new io.policyrt.ros1.msg.nav_msgs.Odometry();
    private final io.policyrt.ros1.msg.policyrt_msgs.ObstacleTrack obstacleMessage =
            new io.policyrt.ros1.msg.policyrt_msgs.ObstacleTrack();
    private TopicPublisher<io.policyrt.ros1.msg.nav_msgs.Odometry> odomPublisher;
    private TopicPublisher<io.policyrt.ros1.msg.policyrt_msgs.ObstacleTrack> obstaclePublisher;
    private int odomSeq;
    private int obstacleSeq;

    /**
     * @param maxCommandAgeNanos   stamped commands older than this on arrival are dropped (stale)
     * @param futureToleranceNanos command stamps further ahead of the clock than this are dropped
     */
    public Ros1SimServer(SimWorld world, Ros1Node node, Ros1TransportSettings topics, NanoClock clock, long maxCommandAgeNanos,
                         long futureToleranceNanos) {
        super(world, clock, "ros1 commands");
        this.node = node;
        this.topics = topics;
        this.maxCommandAgeNanos = maxCommandAgeNanos;
        this.futureToleranceNanos = futureToleranceNanos;
    }

    /** Advertises the sensor topics, publishes the path (latched) and subscribes to the command topics. */
    @Override
    public void start() {
        odomPublisher = node.advertise(topics.odometryTopic(), io.policyrt.ros1.msg.nav_msgs.Odometry.TYPE, false);
        if (!topics.obstacleTopic().isEmpty()) {
            obstaclePublisher = node.advertise(topics.obstacleTopic(), io.policyrt.ros1.msg.policyrt_msgs.ObstacleTrack.TYPE,
                    false);
        }
        TopicPublisher<Path> pathPublisher = node.advertise(topics.pathTopic(), Path.TYPE, true);
        Scenario scenario = world.scenario();
        pathPublisher.publish(SimMessages.path(scenario.path().xM(), scenario.path().yM(), clock.nanoTime(), ODOM_FRAME));

        RobotParams robot = world.robot();
        DiffDriveKinematics kinematics = new DiffDriveKinematics(robot.wheelRadiusM(), robot.wheelSeparationM(), 1.0, 1.0,
                robot.maxWheelRadps());
        if (!topics.wheelsTopic().isEmpty()) {
            if (topics.wheelsType() == Ros1TransportSettings.WheelMessage.JOINT_STATE) {
                subscribe(topics.wheelsTopic(), JointState.TYPE, (m, into, receivedNanos) -> {
                    int left = indexOf(m.name, topics.leftWheelJoint());
                    int right = indexOf(m.name, topics.rightWheelJoint());
                    if (left < 0 || right < 0 || m.velocity.length != m.name.length) {
                        throw new IllegalArgumentException("joint state without both wheel velocities");
                    }
                    return motorSetPoint(into, m.header.stamp.toNanos(), m.velocity[left], m.velocity[right]);
                });
            } else {
                subscribe(topics.wheelsTopic(), Float64MultiArray.TYPE, (m, into, receivedNanos) -> {
                    if (m.data.length != 2) {
                        throw new IllegalArgumentException("wheel command array of length " + m.data.length + ", expected 2");
                    }
                    return motorSetPoint(into, receivedNanos, m.data[0], m.data[1]); // an array has no stamp: arrival time
                });
            }
        }
        if (!topics.cmdVelTopic().isEmpty()) {
            if (topics.cmdVelType() == Ros1TransportSettings.VelocityMessage.TWIST_STAMPED) {
                subscribe(topics.cmdVelTopic(), TwistStamped.TYPE, (m, into, receivedNanos) -> {
                    double v = m.twist.linear.x;
                    double w = m.twist.angular.z;
                    return motorSetPoint(into, m.header.stamp.toNanos(), kinematics.leftRadps(v, w), kinematics.rightRadps(v, w));
                });
            } else {
                subscribe(topics.cmdVelTopic(), Twist.TYPE, (m, into, receivedNanos) -> {
                    double v = m.linear.x;
                    double w = m.angular.z;
                    return motorSetPoint(into, receivedNanos, kinematics.leftRadps(v, w), kinematics.rightRadps(v, w));
                });
            }
        }
    }

    private static int indexOf(String[] names, String name) {
        for (int i = 0; i < names.length; i++) {
            if (name.equals(names[i])) {
                return i;
            }
        }
        return -1;
    }

    /** Two command topics may feed the one command slot, each from its own receive thread: channels write it safely. */
    private <M extends RosMessage> void subscribe(String topic, RosMessageType<M> type, Ros1Inbound.Converter<M, WheelCommand> converter) {
        commandChannels.add(Ros1Inbound.subscribe(node, topic, type, commands, new WheelCommand(), converter, clock,
                new StampAdmission(futureToleranceNanos, maxCommandAgeNanos), InputBounds.DEFAULTS, commandTaps));
    }

    /** Writes a motor set-point; a motor driver stops on a non-finite one. Returns the stamp. */
    private static long motorSetPoint(WheelCommand into, long stampNanos, double leftRadps, double rightRadps) {
        boolean finite = Double.isFinite(leftRadps) && Double.isFinite(rightRadps);
        into.set(stampNanos, finite ? leftRadps : 0, finite ? rightRadps : 0);
        return stampNanos;
    }

    @Override
    public List<InboundChannel<?, ?>> commandChannels() { return commandChannels; }

    @Override
    public String endpoint() {
        return "ROS 1 node " + node.name() + " on master " + node.settings().masterUri() + ", commands on "
                + (topics.cmdVelTopic() + " " + topics.wheelsTopic()).trim();
    }

    @Override
    public boolean isUp() { return !node.isShutDown(); }

    @Override
    public String summary() { return "node " + node.name() + ", master " + node.settings().masterUri(); }

    /** The robot's node is this server's: it shuts down with it. */
    @Override
    protected void closeTransport() {
        node.shutdown();
    }

    @Override
    protected void publishSensors(Simulation sim) {
        try {
            odomPublisher.publish(SimMessages.odometry(sim.lastOdometry(), odomSeq++, ODOM_FRAME, topics.baseFrameId(), odomMessage));
            if (obstaclePublisher != null) {
                obstaclePublisher.publish(SimMessages.obstacle(sim.lastObstacle(), obstacleSeq++, ODOM_FRAME, topics.baseFrameId(),
                        obstacleMessage));
            }
        } catch (IllegalStateException closed) {
            // the node is shutting down under the sim thread
        }
    }

    public Ros1Node node() { return node; }
}
