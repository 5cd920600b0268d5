package io.policyrt.drivers.ros2;

import io.policyrt.drivers.transport.ConnectedLink;
import java.util.List;

/** An open ROS 2 link: the sensor source and command sink on one DDS participant, which the link owns. */
public final class Ros2Link extends ConnectedLink<Ros2SensorSource, Ros2CommandSink> {
    private final Ros2Participant participant;
    private final Ros2Topics topics;

    Ros2Link(Ros2Participant participant, Ros2Topics topics, Ros2SensorSource sensors, Ros2CommandSink commands) {
        super(sensors, commands);
        this.participant = participant;
        this.topics = topics;
    }

    @Override
    public String kind() { return "ros2"; }

    @Override
    public String endpoint() {
        Ros2Settings s = participant.settings();
        return "ROS 2 domain " + s.domainId() + (s.localhostOnly() ? " (localhost only)" : "") + " as " + s.participantName()
                + "; sensors " + topics.odometry().name() + ", commands " + topics.velocityCommand().name() + " "
                + topics.wheelCommand().name();
    }

    /** DDS has no connection to lose: the link is up while the participant is. */
    @Override
    public boolean isUp() { return !closed(); }

    @Override
    public String summary() {
        return "domain " + participant.settings().domainId() + ", peers discovered " + participant.peersDiscovered()
                + ", wheel commands written " + commands().written() + ", failed writes " + commands().failed();
    }

    @Override
    public List<String> diagnostics() { return participant.qos().mismatches(); }

    public Ros2Participant participant() { return participant; }

    public Ros2Topics topics() { return topics; }

    /** Leaves the DDS domain. */
    @Override
    protected void disconnect() {
        participant.close();
    }
}
