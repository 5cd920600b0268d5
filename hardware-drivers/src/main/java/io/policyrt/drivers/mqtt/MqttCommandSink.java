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
 *
 * <p><b>Commands go at QoS 0, and only at QoS 0.</b> A command stream is latest-value: the newest
 * command is the only one worth delivering, a lost one is replaced one period later, and the
 * robot's own command timeout stops it when they stop coming. QoS 1 buys nothing here (a
 * redelivered command is an old command) and costs a shared in-flight window: Paho counts each
 * QoS 1 publish until its PUBACK has been processed, and refuses every publish (error 32202) while
 * {@code max_inflight} are outstanding. A flood of inbound messages delays those PUBACKs behind
 * the inbound queue, and in the test that reproduces it (MqttFloodIT, about 150,000 malformed
 * messages/s for 20 s) some were never processed at all: the window stayed full and every
 * command publish failed for good with the connection up. At QoS 0 a command is counted only
 * until it is written to the socket, so nothing the broker or a peer sends can hold the window.
 * The connection still resets itself if the window ever stays full (its QoS 1 status messages
 * share it), and counts every refused publish in {@code publishFailures}.
 *
 * <p><b>Paho is called from the publisher thread, never from the control thread.</b> Paho 1.2.5's
 * QoS 0 publish never waits for the socket (its sender thread writes it), but it allocates on
 * every call (a delivery token, the PUBLISH, a topic array, its logging arguments, besides the
 * encoded payload) and enters monitors that Paho's sender and receiver threads also take (the
 * connection state, the token store, the send queue): a holder that is preempted on a busy core
 * would stall the tick behind it, and the tick allocates nothing. So the control thread only
 * writes the slots, and the slot's write wakes the publisher. Waking the publisher at tick start
 * instead, to spin until the command is handed over, was measured hop by hop in the latency
 * harness: on a busy 2-core machine it made the tick itself slower without shortening the
 * hand-off, so the hand-off stays a wake-up on the slot's write.
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
        requireQos0(topics.wheelCommand());
        requireQos0(topics.velocityCommand());
        this.connection = connection;
        this.wheelTopic = topics.wheelCommand();
        this.velocityTopic = topics.velocityCommand();
        this.wheelCodec = PayloadCodec.of(wheelTopic.format());
        this.velocityCodec = PayloadCodec.of(velocityTopic.format());
        start();
    }

    private static void requireQos0(TopicSpec topic) {
        if (topic.qos() != 0) {
            throw new IllegalArgumentException("MQTT command topic " + topic.name() + " must be QoS 0, got QoS " + topic.qos()
                    + ": commands are a latest-value stream and QoS 1 lets unacknowledged commands block every later one");
        }
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
                } else {
                    publishFailed(); // the governor stops the robot (COMMANDS_BLOCKED) while this goes on
                }
            }
            if (velocity.refresh()) {
                any = true;
                long entered = velocitySendStarts();
                if (!connection.publish(velocityTopic.name(), velocityCodec.encodeVelocityCommand(velocitySequence++, velocity.latest()),
                        velocityTopic.qos(), false)) {
                    publishFailed();
                }
                velocitySent(velocity.latest(), entered);
            }
        } catch (RuntimeException e) { // an encoder refusing a non-finite command: the governor should have caught it
            LOG.error("mqtt: refusing to publish a command: {}", e.toString());
        }
        return any;
    }

    /** Wheel commands handed to Paho. {@link #close} leaves the connection open. */
    public long published() { return published; }
}
