package io.policyrt.sim.ros2;

import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.InputBounds;
import io.policyrt.drivers.inbound.StampAdmission;
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
import java.util.List;
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
    private final StampAdmission commandAdmission = new StampAdmission(Long.MAX_VALUE, 0);
    private volatile List<InboundChannel<?, ?>> commandChannels = List.of();
    private Publisher odometryOut;
    private Publisher obstacleOut;
    private Publisher pathOut;
    private volatile long writeFailures;

    public Ros2SimServer(SimWorld world, Ros2Participant participant, Ros2Topics topics, NanoClock clock, String robotFrameId) {
        super(world, clock, "ros2 wheel commands");
        this.participant = participant;
        this.topics = topics;
        this.robotFrameId = robotFrameId;
    }

    /** Creates the endpoints, subscribes to the wheel commands and publishes the path (latched). */
    @Override
    public void start() throws Ros2TransportException {
        odometryOut = participant.advertise(topics.odometry(), new OdometryType("odom", robotFrameId));
        obstacleOut = participant.advertise(topics.obstacle(), new ObstacleTrackType(robotFrameId, "odom"));
        Scenario scenario = world.scenario();
        int n = scenario.path().xM().length;
        PathType pathType = new PathType(n, "odom");
        pathOut = participant.advertise(topics.path(), pathType);
        // Float64MultiArray has no stamp: the robot stamps each command on arrival.
        commandChannels = List.of(Ros2Inbound.subscribe(participant, topics.wheelCommand(), new WheelCommandType(), new WheelCommand(),
                commands, new WheelCommand(), (c, into, now) -> into.set(now, c.leftRadps(), c.rightRadps()).stampNanos(), clock,
                commandAdmission, InputBounds.DEFAULTS, "type's", commandTaps));
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
    public List<InboundChannel<?, ?>> commandChannels() { return commandChannels; }

    @Override
    public String endpoint() {
        return "ROS 2 domain " + participant.settings().domainId() + " as " + participant.settings().participantName() + ", commands on "
                + topics.wheelCommand().name();
    }

    @Override
    public boolean isUp() { return true; }

    @Override
    public String summary() {
        return "domain " + participant.settings().domainId() + ", peers discovered " + participant.peersDiscovered() + ", failed writes "
                + writeFailures;
    }

    /** The robot's participant is this server's: it leaves the domain with it. */
    @Override
    protected void closeTransport() {
        participant.close();
    }

    @Override
    protected void publishSensors(Simulation sim) {
        write(odometryOut, sim.lastOdometry());
        write(obstacleOut, sim.lastObstacle());
    }

    public Ros2Participant participant() { return participant; }

    public long writeFailures() { return writeFailures; }
}
