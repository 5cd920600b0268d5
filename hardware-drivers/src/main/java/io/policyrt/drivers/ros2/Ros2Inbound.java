package io.policyrt.drivers.ros2;

import io.policyrt.controller.slot.Copyable;
import io.policyrt.controller.slot.InputSlot;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.InboundTaps;
import io.policyrt.drivers.inbound.InputBounds;
import io.policyrt.drivers.inbound.MessageHeader;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.inbound.StampAdmission;
import io.policyrt.drivers.inbound.WireType;
import io.policyrt.drivers.ros2.msg.Ros2MessageDefinitions;
import io.policyrt.drivers.ros2.msg.Ros2MessageType;
import java.util.Map;

/**
 * How a ROS 2 topic becomes an {@link InboundChannel}: each sample is taken into a preallocated
 * holder (the type decodes the CDR straight into it), converted into its domain value and, when
 * admitted, written into the slot. The controller's sensors and the simulated robot's commands are
 * received this way.
 */
public final class Ros2Inbound {
    /** Turns one taken sample into its domain value and returns the stamp [ns], or the arrival time for an unstamped one. */
    @FunctionalInterface
    public interface Converter<T, V> {
        long convert(T sample, V into, long receivedNanos);
    }

    private Ros2Inbound() {
    }

    /**
     * Subscribes {@code topic} on {@code participant} through a new channel and returns it; the
     * channel has its tap from {@code taps} before the topic is subscribed. The source of each
     * sample is the topic: for sensors, whose sender does not matter. Use a type object per
     * subscription (its {@link Ros2MessageType#taken()} frame is the subscription's).
     *
     * @param receiveBufferHint what bounds the topic's receive buffer, for the log of samples too large to take
     */
    public static <T, V extends Copyable<V>> InboundChannel<T, V> subscribe(Ros2Participant participant, Ros2TopicSpec topic,
                                                                            Ros2MessageType<T> type, T holder, InputSlot<V> slot,
                                                                            V decoded, Converter<T, V> converter, NanoClock clock,
                                                                            StampAdmission admission, InputBounds bounds, String receiveBufferHint,
                                                                            InboundTaps taps)
            throws Ros2TransportException {
        InboundChannel<T, V> channel = InboundTaps.attach(taps, channel(topic.name(), slot, decoded, converter, clock, admission, bounds),
                wireType(type, topic));
        participant.subscribe(topic, type, SampleTaker.anonymous(holder, channel, type.taken(), receiveBufferHint));
        return channel;
    }

    /**
     * {@link #subscribe} for an input that latches per sender (the e-stop): the source of each
     * sample, delivered or refused, is its writer's GUID (the topic when DDS names no writer).
     */
    public static <T, V extends Copyable<V>> InboundChannel<T, V> subscribeNamingWriters(Ros2Participant participant, Ros2TopicSpec topic,
                                                                                         Ros2MessageType<T> type, T holder,
                                                                                         InputSlot<V> slot, V decoded,
                                                                                         Converter<T, V> converter, NanoClock clock,
                                                                                         StampAdmission admission, InputBounds bounds,
                                                                                         String receiveBufferHint, InboundTaps taps)
            throws Ros2TransportException {
        InboundChannel<T, V> channel = InboundTaps.attach(taps, channel(topic.name(), slot, decoded, converter, clock, admission, bounds),
                wireType(type, topic));
        participant.subscribe(topic, type, SampleTaker.namingWriters(holder, channel, type.taken(), receiveBufferHint));
        return channel;
    }

    /**
     * A ROS 2 topic as it is recorded: {@code cdr} samples with the type's full {@code ros2msg}
     * definition, and the QoS this subscription matched its publishers with as rosbag2's
     * {@code offered_qos_profiles}.
     */
    public static WireType wireType(Ros2MessageType<?> type, Ros2TopicSpec topic) {
        return new WireType(WireType.CDR, Ros2MessageDefinitions.interfaceName(type.rosName()), WireType.ROS2MSG,
                Ros2MessageDefinitions.fullText(type.rosName()), Map.of(OFFERED_QOS_PROFILES, topic.qos().rosbag2Yaml()));
    }

    /** The channel metadata key rosbag2 reads a topic's QoS from. */
    public static final String OFFERED_QOS_PROFILES = "offered_qos_profiles";

    /** The channel alone, for a sample taken elsewhere: the converter's stamp goes through the admission rules. */
    static <T, V extends Copyable<V>> InboundChannel<T, V> channel(String topic, InputSlot<V> slot, V decoded,
                                                                   Converter<T, V> converter, NanoClock clock, StampAdmission admission,
                                                                   InputBounds bounds) {
        return new InboundChannel<>("ros2", topic, slot, decoded, (sample, into, header, now) -> {
            header.set(MessageHeader.NO_SEQUENCE, converter.convert(sample, into, now));
            return Reject.NONE;
        }, clock, admission, bounds);
    }
}
