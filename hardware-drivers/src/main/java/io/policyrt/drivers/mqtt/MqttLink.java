package io.policyrt.drivers.mqtt;

import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.inbound.InboundRules;
import io.policyrt.drivers.transport.ConnectedLink;
import java.util.Locale;
import java.util.function.Supplier;

/** An open MQTT link: sensor source and command sink on one connection, and the embedded broker when it owns one. */
public final class MqttLink extends ConnectedLink<MqttSensorSource, MqttCommandSink> {
    private final MqttConnection connection;
    private final MqttTopics topics;
    private final EmbeddedBroker broker;

    MqttLink(MqttConnection connection, MqttTopics topics, EmbeddedBroker broker, NanoClock clock, InboundRules inbound) {
        super(new MqttSensorSource(connection, topics, clock, inbound), new MqttCommandSink(connection, topics));
        this.connection = connection;
        this.topics = topics;
        this.broker = broker;
    }

    @Override
    public String kind() { return "mqtt"; }

    @Override
    public String endpoint() {
        return "MQTT broker " + connection.settings().brokerUri() + ", topics " + topics.odometry().name() + " ... " + topics.wheelCommand().name();
    }

    @Override
    public boolean isUp() { return connection.isConnected(); }

    @Override
    public String summary() {
        return String.format(Locale.ROOT, "%s, connects %d, connection losses %d, failed publishes %d, wheel commands sent %d",
                connection.settings().brokerUri(), connection.connects(), connection.connectionLosses(), connection.publishFailures(),
                commands().published());
    }

    @Override
    public void statusFields(Supplier<String> fields) {
        connection.statusFields(fields);
    }

    public MqttConnection connection() { return connection; }

    public MqttTopics topics() { return topics; }

    /** Says offline, disconnects, then stops the embedded broker. */
    @Override
    protected void disconnect() {
        connection.close();
        if (broker != null) {
            broker.close();
        }
    }
}
