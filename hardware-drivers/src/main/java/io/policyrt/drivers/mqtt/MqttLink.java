package io.policyrt.drivers.mqtt;

import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.transport.TransportLink;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/** An open MQTT link: sensor source and command sink on one connection, and the embedded broker when it owns one. */
public final class MqttLink implements TransportLink {
    private final MqttConnection connection;
    private final MqttTopics topics;
    private final MqttSensorSource sensors;
    private final MqttCommandSink commands;
    private EmbeddedBroker broker;
    private boolean closed;

    MqttLink(MqttConnection connection, MqttTopics topics, EmbeddedBroker broker, NanoClock clock, long futureToleranceNanos) {
        this.connection = connection;
        this.topics = topics;
        this.broker = broker;
        this.sensors = new MqttSensorSource(connection, topics, clock, futureToleranceNanos);
        this.commands = new MqttCommandSink(connection, topics);
    }

    @Override
    public String kind() { return "mqtt"; }

    @Override
    public String endpoint() {
        return "MQTT broker " + connection.settings().brokerUri() + ", topics " + topics.odometry().name() + " ... " + topics.wheelCommand().name();
    }

    @Override
    public MqttSensorSource sensors() { return sensors; }

    @Override
    public MqttCommandSink commands() { return commands; }

    @Override
    public List<InboundChannel<?, ?>> channels() { return sensors.channels(); }

    @Override
    public boolean isUp() { return connection.isConnected(); }

    @Override
    public String summary() {
        return String.format(Locale.ROOT, "%s, connects %d, connection losses %d, failed publishes %d, wheel commands sent %d",
                connection.settings().brokerUri(), connection.connects(), connection.connectionLosses(), connection.publishFailures(),
                commands.published());
    }

    @Override
    public void statusFields(Supplier<String> fields) {
        connection.statusFields(fields);
    }

    public MqttConnection connection() { return connection; }

    public MqttTopics topics() { return topics; }

    /** Flushes the commands (the loop's final stop), says offline, disconnects, stops the embedded broker. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        commands.close();
        sensors.close();
        connection.close();
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
