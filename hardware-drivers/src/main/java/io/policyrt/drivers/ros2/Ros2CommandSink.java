package io.policyrt.drivers.ros2;

import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.port.CommandSink;
import io.policyrt.controller.slot.LatestValue;
import io.policyrt.drivers.ros2.msg.TwistType;
import io.policyrt.drivers.ros2.msg.WheelCommandType;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import us.ihmc.pubsub.publisher.Publisher;

/**
 * The controller's commands over ROS 2: geometry_msgs/Twist and the wheel speeds as
 * std_msgs/Float64MultiArray {@code [left, right]}. {@link #send} only copies the command into
 * latest-value slots (no allocation, no lock, no I/O on the control thread); a publisher thread
 * wakes on each new command and writes it to DDS at once. If it falls behind, older commands are
 * skipped for the newest.
 */
public final class Ros2CommandSink implements CommandSink {
    private static final Logger LOG = LoggerFactory.getLogger(Ros2CommandSink.class);

    private final Publisher velocityPublisher;
    private final Publisher wheelPublisher;
    private final LatestValue<WheelCommand> wheels = new LatestValue<>("ros2 wheel commands", WheelCommand::new);
    private final LatestValue<VelocityCommand> velocity = new LatestValue<>("ros2 cmd_vel", VelocityCommand::new);
    private final Thread publisher;
    private volatile boolean running = true;
    private volatile long sent;
    private volatile long written;
    private volatile long failed;

    public Ros2CommandSink(Ros2Participant participant, Ros2Topics topics) throws Ros2TransportException {
        velocityPublisher = participant.advertise(topics.velocityCommand(), new TwistType());
        wheelPublisher = participant.advertise(topics.wheelCommand(), new WheelCommandType());
        publisher = new Thread(this::run, "policyrt-ros2-commands");
        publisher.setDaemon(true);
        wheels.wakeOnPublish(publisher);
        velocity.wakeOnPublish(publisher);
        publisher.start();
    }

    /** Control thread: hands the command to the publisher thread and returns. */
    @Override
    public void send(WheelCommand wheelCommand, VelocityCommand velocityCommand) {
        wheels.claim().copyFrom(wheelCommand);
        wheels.publish();
        velocity.claim().copyFrom(velocityCommand);
        velocity.publish();
        sent = sent + 1;
    }

    private void run() {
        while (running) {
            if (!writePending()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
        writePending(); // the loop's final stop command
    }

    private boolean writePending() {
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
            LOG.error("ros2: a command could not be written: {}", e.toString());
        }
        return any;
    }

    /** Writes the last pending command and stops the publisher thread. The participant stays open. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(publisher);
        try {
            publisher.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Commands handed over by the control thread. */
    public long sent() { return sent; }
    /** Wheel commands written to DDS. */
    public long written() { return written; }
    /** Writes DDS refused. */
    public long failed() { return failed; }
}
