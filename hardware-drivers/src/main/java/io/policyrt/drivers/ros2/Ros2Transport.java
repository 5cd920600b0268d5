package io.policyrt.drivers.ros2;

import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.inbound.InboundRules;
import io.policyrt.drivers.ros2.msg.Ros2MessageType;
import io.policyrt.drivers.transport.Transport;
import io.policyrt.drivers.transport.TransportLink;

/**
 * The controller's link over ROS 2 (transport kind {@code ros2}): one DDS participant for sensors
 * and commands. The receiver's clock must be on the ROS 2 time base (ns since the epoch).
 */
public final class Ros2Transport implements Transport<Ros2Transport.Settings> {
    /** @param velocityType how the body velocity goes out: Twist or TwistStamped */
    public record Settings(Ros2Settings participant, Ros2Topics topics, Ros2SensorSource.Options sensors,
                           Ros2MessageType<VelocityCommand> velocityType) {
    }

    @Override
    public TransportLink open(Settings s, NanoClock clock, InboundRules inbound) throws Ros2TransportException {
        Ros2Participant participant = new Ros2Participant(s.participant());
        try {
            Ros2CommandSink commands = new Ros2CommandSink(participant, s.topics(), s.velocityType());
            Ros2SensorSource sensors = new Ros2SensorSource(participant, s.topics(), s.sensors(), clock, inbound);
            return new Ros2Link(participant, s.topics(), sensors, commands);
        } catch (Ros2TransportException | RuntimeException e) {
            participant.close();
            throw e;
        }
    }
}
