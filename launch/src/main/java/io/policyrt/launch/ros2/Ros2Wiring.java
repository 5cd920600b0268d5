package io.policyrt.launch.ros2;

import io.policyrt.drivers.ros2.Ros2Participant;
import io.policyrt.drivers.ros2.Ros2Transport;
import io.policyrt.drivers.ros2.Ros2TransportException;
import io.policyrt.launch.config.RuntimeConfig;
import io.policyrt.launch.transport.LinkSetup;
import io.policyrt.launch.wiring.SimWiring;
import io.policyrt.sim.ros2.Ros2SimServer;
import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.drivers.ros2.ObstacleSource;
import io.policyrt.drivers.ros2.Ros2Qos;
import io.policyrt.drivers.ros2.Ros2SensorSource;
import io.policyrt.drivers.ros2.Ros2Settings;
import io.policyrt.drivers.ros2.Ros2TopicSpec;
import io.policyrt.drivers.ros2.Ros2Topics;
import io.policyrt.drivers.ros2.msg.Ros2MessageType;
import io.policyrt.drivers.ros2.msg.TwistStampedType;
import io.policyrt.drivers.ros2.msg.TwistType;
import io.policyrt.launch.config.ConfigException;
import io.policyrt.launch.config.Ros2Config;
import java.util.Locale;

/** Turns the {@code ros2} section of a configuration into the ROS 2 transport's settings, for the controller and the simulated robot. */
public final class Ros2Wiring {
    private Ros2Wiring() {
    }

    /** The controller's side: participant, topics, sensor options and the cmd_vel type. */
    public static Ros2Transport.Settings transportSettings(RuntimeConfig c, LinkSetup setup) {
        return new Ros2Transport.Settings(settings(c.ros2, "", setup.where()), topics(c.ros2), options(c.ros2), velocityType(c.ros2));
    }

    /** The robot's side: the simulator on a participant of its own (named {@code <participant_name>_sim}), which it closes. */
    public static Ros2SimServer simServer(RuntimeConfig c, LinkSetup setup) throws Ros2TransportException {
        Ros2Participant participant = new Ros2Participant(settings(c.ros2, "_sim", setup.where()));
        return new Ros2SimServer(SimWiring.simWorld(c, setup.robotRadiusM()), participant, topics(c.ros2), setup.clock(),
                c.ros2.robotFrameId);
    }

    /**
     * @param suffix appended to the participant name ("" for the controller, "_sim" for the simulator)
     * @param where  the configuration's name, for errors (a bad ROS_DOMAIN_ID)
     */
    public static Ros2Settings settings(Ros2Config r, String suffix, String where) {
        if (r.domainId != null) {
            return new Ros2Settings(r.domainId, r.localhostOnly, r.participantName + suffix);
        }
        try {
            return new Ros2Settings(Ros2Settings.domainFromEnvironment(), r.localhostOnly, r.participantName + suffix);
        } catch (IllegalArgumentException e) { // a bad ROS_DOMAIN_ID
            throw new ConfigException(where + ": ros2.domain_id is not set and " + e.getMessage());
        }
    }

    public static Ros2Topics topics(Ros2Config r) {
        Ros2Topics s = Ros2Topics.standard();
        Ros2Config.Topics o = r.topics;
        return new Ros2Topics(apply(s.odometry(), o.odom), apply(s.path(), o.path), apply(s.obstacle(), o.obstacle),
                apply(s.scan(), o.scan), apply(s.estop(), o.estop), apply(s.estopRelease(), o.estopRelease),
                apply(s.velocityCommand(), o.cmdVel), apply(s.wheelCommand(), o.cmdWheels));
    }

    private static Ros2TopicSpec apply(Ros2TopicSpec t, Ros2Config.Topic o) {
        if (o == null) {
            return t;
        }
        Ros2TopicSpec r = o.name == null ? t : t.withName(o.name);
        Ros2Qos q = r.qos();
        if (o.reliability != null) {
            q = q.withReliability(Ros2Qos.reliability(o.reliability));
        }
        if (o.durability != null) {
            q = q.withDurability(Ros2Qos.durability(o.durability));
        }
        if (o.depth != null) {
            q = q.withDepth(o.depth);
        }
        return r.withQos(q);
    }

    /** How the body velocity goes out on cmd_vel (cmd_vel_type), stamped in the robot's base frame. */
    public static Ros2MessageType<VelocityCommand> velocityType(Ros2Config r) {
        return "twist_stamped".equals(r.cmdVelType) ? new TwistStampedType(r.robotFrameId) : new TwistType();
    }

    public static Ros2SensorSource.Options options(Ros2Config r) {
        return new Ros2SensorSource.Options(ObstacleSource.valueOf(r.obstacleSource.toUpperCase(Locale.ROOT)),
                Ros2Config.scanSettings(r.scan), r.pathTargetSpeedMps, r.pathMaxPoses, r.scanMaxRays, r.robotFrameId);
    }
}
