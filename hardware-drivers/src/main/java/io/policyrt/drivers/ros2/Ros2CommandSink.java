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

    private final Ros2Participant participant;
    private final Ros2Topics topics;
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
        this.participant = participant;
        this.topics = topics;
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

    /**
     * After the last command (the final zero) was written: waits until the reliable subscribers
     * acknowledged it, at most {@link #FINAL_ZERO_BOUND_MS} per publisher, so that leaving the
     * domain right after does not discard it. Seen in the contract suite: without the wait, a
     * Cyclone DDS peer sometimes never received the final zero.
     */
    @Override
    protected void afterStop() {
        if (participant.publicationMatches(topics.velocityCommand()) > 0) {
            awaitAcknowledged(velocityPublisher);
        }
        if (participant.publicationMatches(topics.wheelCommand()) > 0) {
            awaitAcknowledged(wheelPublisher);
        }
    }

    /** Fast-DDS's wait_for_all_acked, which the IHMC library implements but does not expose. */
    private static void awaitAcknowledged(Publisher publisher) {
        try {
            java.lang.reflect.Field implField = publisher.getClass().getDeclaredField("impl");
            implField.setAccessible(true);
            Object impl = implField.get(publisher);
            if (impl == null) {
                return; // already removed
            }
            us.ihmc.rtps.impl.fastRTPS.Time_t bound = new us.ihmc.rtps.impl.fastRTPS.Time_t(0, FINAL_ZERO_BOUND_MS * 1_000_000L);
            try {
                boolean acked = (Boolean) impl.getClass().getMethod("wait_for_all_acked", us.ihmc.rtps.impl.fastRTPS.Time_t.class)
                        .invoke(impl, bound);
                if (!acked) {
                    LOG.info("ros2: the last command was not confirmed by every subscriber within {} ms", FINAL_ZERO_BOUND_MS);
                }
            } finally {
                bound.delete();
            }
        } catch (ReflectiveOperationException | ClassCastException e) {
            LOG.warn("ros2: cannot wait for the last command's acknowledgement (the IHMC library changed?): {}", e.toString());
        }
    }

    /** Wheel commands written to DDS. {@link #close} leaves the participant open. */
    public long written() { return written; }
    /** Writes DDS refused. */
    public long failed() { return failed; }
}
