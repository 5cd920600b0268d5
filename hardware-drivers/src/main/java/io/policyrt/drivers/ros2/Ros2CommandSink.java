package io.policyrt.drivers.ros2;

import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.slot.LatestValue;
import io.policyrt.drivers.outbound.HandOffCommandSink;
import io.policyrt.drivers.ros2.msg.Ros2MessageType;
import io.policyrt.drivers.ros2.msg.TwistStampedType;
import io.policyrt.drivers.ros2.msg.TwistType;
import io.policyrt.drivers.ros2.msg.WheelCommandType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import us.ihmc.pubsub.publisher.Publisher;

/**
 * The controller's commands over ROS 2: the body velocity as geometry_msgs/Twist or TwistStamped,
 * and the wheel speeds as std_msgs/Float64MultiArray {@code [left, right]}. The publisher thread
 * of {@link HandOffCommandSink} writes each new command to DDS at once.
 */
public final class Ros2CommandSink extends HandOffCommandSink {
    private static final Logger LOG = LoggerFactory.getLogger(Ros2CommandSink.class);

    private final Publisher velocityPublisher;
    private final Publisher wheelPublisher;
    private volatile long written;
    private volatile long failed;

    /** Body velocity as geometry_msgs/Twist. */
    public Ros2CommandSink(Ros2Participant participant, Ros2Topics topics) throws Ros2TransportException {
        this(participant, topics, new TwistType());
    }

    /** @param velocityType how the body velocity goes out: {@link TwistType} or {@link TwistStampedType} */
    public Ros2CommandSink(Ros2Participant participant, Ros2Topics topics, Ros2MessageType<VelocityCommand> velocityType)
            throws Ros2TransportException {
        super("policyrt-ros2-commands");
        velocityPublisher = participant.advertise(topics.velocityCommand(), velocityType);
        wheelPublisher = participant.advertise(topics.wheelCommand(), new WheelCommandType());
        start();
    }

    @Override
    protected boolean publishPending(LatestValue<WheelCommand> wheels, LatestValue<VelocityCommand> velocity) {
        boolean any = false;
        try {
            if (wheels.refresh()) {
                any = true;
                wheelPublisher.write(wheels.latest());
                written = written + 1;
            }
            if (velocity.refresh()) {
                any = true;
                velocityPublisher.write(velocity.latest());
            }
        } catch (java.io.IOException | RuntimeException e) {
            failed = failed + 1;
            publishFailed();
            LOG.error("ros2: a command could not be written: {}", e.toString());
        }
        return any;
    }

    /** Wheel commands written to DDS. {@link #close} leaves the participant open. */
    public long written() { return written; }
    /** Writes DDS refused. */
    public long failed() { return failed; }
}
