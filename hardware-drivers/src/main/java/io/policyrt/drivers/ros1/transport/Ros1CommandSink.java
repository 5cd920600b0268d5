package io.policyrt.drivers.ros1.transport;

import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.slot.LatestValue;
import io.policyrt.drivers.ros1.convert.VelocityToRos;
import io.policyrt.drivers.ros1.convert.WheelCommandToRos;
import io.policyrt.ros1.msg.geometry_msgs.Twist;
import io.policyrt.ros1.msg.geometry_msgs.TwistStamped;
import io.policyrt.ros1.msg.sensor_msgs.JointState;
import io.policyrt.ros1.msg.std_msgs.Float64MultiArray;
import io.policyrt.ros1.node.Ros1Node;
import io.policyrt.drivers.outbound.HandOffCommandSink;
import io.policyrt.ros1.tcpros.TopicPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's commands over ROS 1: the body velocity as geometry_msgs/Twist or TwistStamped
 * (usually {@code /cmd_vel}) and/or the wheel speeds as std_msgs/Float64MultiArray
 * {@code [left, right]} rad/s or sensor_msgs/JointState velocities.
 *
 * <p>The publisher thread of {@link HandOffCommandSink} converts each new command into
 * preallocated messages and publishes them. The node belongs to the caller; {@link #close} sends
 * the last pending command (the loop's final stop) and a zero, and unadvertises.
 */
public final class Ros1CommandSink extends HandOffCommandSink {
    private static final Logger LOG = LoggerFactory.getLogger(Ros1CommandSink.class);

    private final Ros1Node node;
    private final Ros1TransportSettings topics;
    private final TopicPublisher<Twist> twistPublisher;
    private final TopicPublisher<TwistStamped> twistStampedPublisher;
    private final TopicPublisher<Float64MultiArray> arrayPublisher;
    private final TopicPublisher<JointState> jointPublisher;
    private final Twist twist = new Twist();
    private final TwistStamped twistStamped = new TwistStamped();
    private final Float64MultiArray array = new Float64MultiArray();
    private final JointState joints = new JointState();
    private final VelocityToRos velocityConverter;
    private final WheelCommandToRos wheelConverter;
    private volatile long published;

    /** Advertises the configured command topics on {@code node} and starts the publisher thread. */
    public Ros1CommandSink(Ros1Node node, Ros1TransportSettings topics) {
        super("policyrt-ros1-commands" + node.name().replace('/', '_'));
        this.node = node;
        this.topics = topics;
        this.velocityConverter = new VelocityToRos(topics.baseFrameId());
        this.wheelConverter = new WheelCommandToRos(topics.leftWheelJoint(), topics.rightWheelJoint());
        boolean vel = !topics.cmdVelTopic().isEmpty();
        boolean stamped = topics.cmdVelType() == Ros1TransportSettings.VelocityMessage.TWIST_STAMPED;
        twistPublisher = vel && !stamped ? node.advertise(topics.cmdVelTopic(), Twist.TYPE, false) : null;
        twistStampedPublisher = vel && stamped ? node.advertise(topics.cmdVelTopic(), TwistStamped.TYPE, false) : null;
        boolean wheel = !topics.wheelsTopic().isEmpty();
        boolean jointState = topics.wheelsType() == Ros1TransportSettings.WheelMessage.JOINT_STATE;
        arrayPublisher = wheel && !jointState ? node.advertise(topics.wheelsTopic(), Float64MultiArray.TYPE, false) : null;
        jointPublisher = wheel && jointState ? node.advertise(topics.wheelsTopic(), JointState.TYPE, false) : null;
        start();
    }

    @Override
    protected boolean publishPending(LatestValue<WheelCommand> wheels, LatestValue<VelocityCommand> velocity) {
        boolean any = false;
        try {
            if (velocity.refresh()) {
                any = true;
                VelocityCommand v = velocity.latest();
                long entered = velocitySendStarts();
                if (twistPublisher != null) {
                    twistPublisher.publish(VelocityToRos.toTwist(v, twist));
                }
                if (twistStampedPublisher != null) {
                    twistStampedPublisher.publish(velocityConverter.toTwistStamped(v, twistStamped));
                }
                velocitySent(v, entered);
            }
            if (wheels.refresh()) {
                any = true;
                WheelCommand w = wheels.latest();
                if (arrayPublisher != null) {
                    arrayPublisher.publish(WheelCommandToRos.toMultiArray(w, array));
                }
                if (jointPublisher != null) {
                    jointPublisher.publish(wheelConverter.toJointState(w, joints));
                }
                published = published + 1;
            }
        } catch (RuntimeException e) { // a closed publisher at shutdown, or a refused message
            publishFailed();
            LOG.error("ros1: could not publish a command: {}", e.toString());
        }
        return any;
    }

    /** After the last pending command: unadvertises. The node stays up. */
    @Override
    protected void afterStop() {
        if (!node.isShutDown()) {
            for (String topic : new String[] {topics.cmdVelTopic(), topics.wheelsTopic()}) {
                if (!topic.isEmpty()) {
                    node.unadvertise(topic);
                }
            }
        }
    }

    /** Commands published (each on every configured command topic). */
    public long published() { return published; }
}
