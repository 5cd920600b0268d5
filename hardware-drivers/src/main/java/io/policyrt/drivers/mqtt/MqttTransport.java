package io.policyrt.drivers.mqtt;

import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.inbound.InboundRules;
import io.policyrt.drivers.transport.Transport;
import io.policyrt.drivers.transport.TransportLink;

/** The controller's link over MQTT (transport kind {@code mqtt}): one connection for sensors, commands and status. */
public final class MqttTransport implements Transport<MqttTransport.Settings> {
    /** The process that drives the robot: subscribes to sensors, publishes commands. */
    public static final String CONTROLLER = "controller";
    /** The process that is the robot (the simulator served over MQTT): publishes sensors, obeys commands. */
    public static final String ROBOT = "robot";

    /**
     * @param embeddedBrokerPort start the embedded broker on this loopback port first; 0: use the broker at the URI
     */
    public record Settings(MqttSettings connection, MqttTopics topics, int embeddedBrokerPort) {
    }

    /** Starts the embedded broker if asked, connects, and sets up the command sink; the sensors subscribe when started. */
    @Override
    public TransportLink open(Settings s, NanoClock clock, InboundRules inbound) throws MqttTransportException {
        EmbeddedBroker broker = s.embeddedBrokerPort() > 0 ? EmbeddedBroker.start(s.embeddedBrokerPort()) : null;
        MqttLink link;
        try {
            MqttConnection connection = new MqttConnection(s.connection(), CONTROLLER, s.topics().status(), clock);
            link = new MqttLink(connection, s.topics(), broker, clock, inbound);
        } catch (MqttTransportException | RuntimeException e) {
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
        try {
            // Connected from here on: commands can go out before the sensors subscribe.
            link.connection().start();
        } catch (MqttTransportException | RuntimeException e) {
            link.close();
            throw e;
        }
        return link;
    }
}
