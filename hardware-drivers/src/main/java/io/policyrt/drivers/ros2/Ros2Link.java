package io.policyrt.drivers.ros2;

import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.transport.TransportLink;
import java.util.List;

/** An open ROS 2 link: the sensor source and command sink on one DDS participant, which the link owns. */
public final class Ros2Link implements TransportLink {
    private final Ros2Participant participant;
    private final Ros2Topics topics;
    private final Ros2SensorSource sensors;
    private final Ros2CommandSink commands;
    private boolean closed;

    Ros2Link(Ros2Participant participant, Ros2Topics topics, Ros2SensorSource sensors, Ros2CommandSink commands) {
        this.participant = participant;
        this.topics = topics;
        this.sensors = sensors;
        this.commands = commands;
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

    @Override
    public Ros2SensorSource sensors() { return sensors; }

    @Override
    public Ros2CommandSink commands() { return commands; }

    @Override
    public List<InboundChannel<?, ?>> channels() { return sensors.channels(); }

    /** DDS has no connection to lose: the link is up while the participant is. */
    @Override
    public boolean isUp() { return !closed; }

    @Override
    public String summary() {
        return "domain " + participant.settings().domainId() + ", peers discovered " + participant.peersDiscovered()
                + ", wheel commands written " + commands.written() + ", failed writes " + commands.failed();
    }

    @Override
    public List<String> diagnostics() { return participant.qos().mismatches(); }

    public Ros2Participant participant() { return participant; }

    public Ros2Topics topics() { return topics; }

    /** Writes the pending command (the loop's final stop), then leaves the DDS domain. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        commands.close();
        sensors.close();
        participant.close();
    }
}
