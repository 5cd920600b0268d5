package io.policyrt.drivers.mqtt;

import io.policyrt.controller.slot.Copyable;
import io.policyrt.controller.slot.InputSlot;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.InputBounds;
import io.policyrt.drivers.inbound.MessageHeader;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.inbound.StampAdmission;

/**
 * How an MQTT topic becomes an {@link InboundChannel}: payloads longer than the topic's limit are
 * {@link Reject#OVERSIZED}, the rest decoded in the topic's format. The controller's sensors and
 * the simulated robot's commands are received this way.
 */
public final class MqttInbound {
    /** How one topic's payload becomes its domain value. */
    @FunctionalInterface
    public interface PayloadDecoder<V> {
        Reject decode(PayloadCodec codec, byte[] payload, MessageHeader header, V into);
    }

    private MqttInbound() {
    }

    /** The channel for {@code topic}; subscribe it with {@code connection.subscribe(topic, channel::receive)}. */
    public static <V extends Copyable<V>> InboundChannel<byte[], V> channel(TopicSpec topic, InputSlot<V> slot, V decoded,
                                                                           PayloadDecoder<V> decoder, NanoClock clock,
                                                                           StampAdmission admission, InputBounds bounds) {
        PayloadCodec codec = PayloadCodec.of(topic.format());
        int maxBytes = topic.maxPayloadBytes();
        return new InboundChannel<>("mqtt", topic.name(), slot, decoded,
                (p, into, header, now) -> p.length > maxBytes ? Reject.OVERSIZED : decoder.decode(codec, p, header, into), clock,
                admission, bounds);
    }
}
