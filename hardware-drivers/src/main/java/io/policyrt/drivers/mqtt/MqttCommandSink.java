package io.policyrt.drivers.mqtt;

import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.slot.LatestValue;
import io.policyrt.drivers.outbound.HandOffCommandSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controller's commands over MQTT. The publisher thread of {@link HandOffCommandSink} encodes
 * each new command and hands it to Paho. Commands carry the tick's stamp and a per-topic sequence
 * number; while the connection is down they are dropped, not queued (counted by the connection).
 */
public final class MqttCommandSink extends HandOffCommandSink {
    private static final Logger LOG = LoggerFactory.getLogger(MqttCommandSink.class);

    private final MqttConnection connection;
    private final TopicSpec wheelTopic;
    private final TopicSpec velocityTopic;
    private final PayloadCodec wheelCodec;
    private final PayloadCodec velocityCodec;
    private long wheelSequence;
    private long velocitySequence;
    private volatile long published;

    public MqttCommandSink(MqttConnection connection, MqttTopics topics) {
        super("policyrt-mqtt-commands");
        this.connection = connection;
        this.wheelTopic = topics.wheelCommand();
        this.velocityTopic = topics.velocityCommand();
        this.wheelCodec = PayloadCodec.of(wheelTopic.format());
        this.velocityCodec = PayloadCodec.of(velocityTopic.format());
        start();
    }

    @Override
    protected boolean publishPending(LatestValue<WheelCommand> wheels, LatestValue<VelocityCommand> velocity) {
        boolean any = false;
        try {
            if (wheels.refresh()) {
                any = true;
                if (connection.publish(wheelTopic.name(), wheelCodec.encodeWheelCommand(wheelSequence++, wheels.latest()),
                        wheelTopic.qos(), false)) {
                    published = published + 1;
                }
            }
            if (velocity.refresh()) {
                any = true;
                connection.publish(velocityTopic.name(), velocityCodec.encodeVelocityCommand(velocitySequence++, velocity.latest()),
                        velocityTopic.qos(), false);
            }
        } catch (RuntimeException e) { // an encoder refusing a non-finite command: the governor should have caught it
            LOG.error("mqtt: refusing to publish a command: {}", e.toString());
        }
        return any;
    }

    /** Wheel commands handed to Paho. {@link #close} leaves the connection open. */
    public long published() { return published; }
}
