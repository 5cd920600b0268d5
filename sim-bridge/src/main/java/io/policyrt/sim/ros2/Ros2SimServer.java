package io.policyrt.sim.ros2;

import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.telemetry.RateLimitedLog;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.ros2.Ros2Inbound;
import io.policyrt.drivers.ros2.Ros2Participant;
import io.policyrt.drivers.ros2.Ros2Topics;
import io.policyrt.drivers.ros2.Ros2TransportException;
import io.policyrt.drivers.ros2.msg.ObstacleTrackType;
import io.policyrt.drivers.ros2.msg.OdometryType;
import io.policyrt.drivers.ros2.msg.PathMessage;
import io.policyrt.drivers.ros2.msg.PathType;
import io.policyrt.drivers.ros2.msg.WheelCommandType;
import io.policyrt.sim.run.SimServer;
import io.policyrt.sim.run.SimWorld;
import io.policyrt.sim.run.Simulation;
import io.policyrt.sim.scenario.Scenario;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import us.ihmc.pubsub.publisher.Publisher;

/**
 * The simulator as a ROS 2 participant, behaving like a robot driver: it publishes
 * nav_msgs/Odometry and the obstacle track at the sensor rate, the path once on a latched
 * (transient local) topic so a controller that joins later still gets it, and drives its wheels
 * from std_msgs/Float64MultiArray wheel commands {@code [left, right]}, stamped on arrival. When
 * commands stop, the simulated motor driver stops the wheels after its own command timeout.
 */
public final class Ros2SimServer extends SimServer {
    private static final Logger LOG = LoggerFactory.getLogger(Ros2SimServer.class);

    private final Ros2Participant participant;
    private final Ros2Topics topics;
    private final String robotFrameId;
    private final Ros2Inbound<WheelCommand> commandTopic;
    private Publisher odometryOut;
    private Publisher obstacleOut;
    private Publisher pathOut;
    private volatile long writeFailures;

    public Ros2SimServer(SimWorld world, Ros2Participant participant, Ros2Topics topics, NanoClock clock, String robotFrameId) {
        super(world, clock, "ros2 wheel commands");
        this.participant = participant;
        this.topics = topics;
        this.robotFrameId = robotFrameId;
        RateLimitedLog log = new RateLimitedLog(LOG, TimeUnit.SECONDS.toNanos(1));
        this.commandTopic = new Ros2Inbound<>(topics.wheelCommand(), clock, Long.MAX_VALUE, log) {
            @Override
            protected WheelCommand target() { return commands.claim(); }

            @Override
            protected long convert(WheelCommand c, long now) {
                c.set(now, c.leftRadps(), c.rightRadps()); // Float64MultiArray has no stamp: the robot stamps it on arrival
                return Long.MIN_VALUE;
            }

            @Override
            protected void publish() { commands.publish(); }
        };
    }

    /** Creates the endpoints, subscribes to the wheel commands and publishes the path (latched). */
    public void start() throws Ros2TransportException {
        odometryOut = participant.advertise(topics.odometry(), new OdometryType("odom", robotFrameId));
        obstacleOut = participant.advertise(topics.obstacle(), new ObstacleTrackType(robotFrameId, "odom"));
        Scenario scenario = world.scenario();
        int n = scenario.path().xM().length;
        PathType pathType = new PathType(n, "odom");
        pathOut = participant.advertise(topics.path(), pathType);
        participant.subscribe(topics.wheelCommand(), new WheelCommandType(), commandTopic);
        PathMessage path = new PathMessage(n).set(clock.nanoTime(), scenario.path().xM(), scenario.path().yM(), n);
        write(pathOut, path);
    }

    private void write(Publisher out, Object sample) {
        try {
            out.write(sample);
        } catch (IOException | RuntimeException e) {
            writeFailures = writeFailures + 1;
            LOG.warn("ros2 sim: a write failed: {}", e.toString());
        }
    }

    @Override
    public boolean commanded() {
        return commandTopic.accepted() > 0;
    }

    @Override
    protected void publishSensors(Simulation sim) {
        write(odometryOut, sim.lastOdometry());
        write(obstacleOut, sim.lastObstacle());
    }

    /** The wheel-command subscription: counts per reject reason. */
    public Ros2Inbound<WheelCommand> commands() { return commandTopic; }

    public Ros2Participant participant() { return participant; }

    public long writeFailures() { return writeFailures; }
}
