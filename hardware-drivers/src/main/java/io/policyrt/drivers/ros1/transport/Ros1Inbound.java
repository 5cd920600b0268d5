package io.policyrt.drivers.ros1.transport;

import io.policyrt.controller.slot.Copyable;
import io.policyrt.controller.slot.InputSlot;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.InboundTaps;
import io.policyrt.drivers.inbound.InputBounds;
import io.policyrt.drivers.inbound.MessageHeader;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.inbound.StampAdmission;
import io.policyrt.drivers.inbound.WireFrame;
import io.policyrt.drivers.inbound.WireType;
import io.policyrt.ros1.msg.RosMessage;
import io.policyrt.ros1.msg.RosMessageType;
import io.policyrt.ros1.node.Ros1Node;
import io.policyrt.ros1.tcpros.MessageListener;
import java.nio.ByteBuffer;
import java.util.Map;

/**
 * How a ROS 1 topic becomes an {@link InboundChannel}: a converter writes the message into its
 * domain value and returns the stamp; one that refuses the message (a path too short, a malformed
 * scan) throws IllegalArgumentException, counted as {@link Reject#INVALID}. The controller's
 * sensors and the simulated robot's commands are received this way.
 *
 * <p>{@link #subscribe} gives the channel its tap before it subscribes, and every message reaches
 * the channel with its publisher's caller id as the source and the TCPROS frame it was read from;
 * a frame that cannot be read as the topic's type is counted as {@link Reject#MALFORMED} from
 * that publisher, with its bytes.
 */
public final class Ros1Inbound {
    /** Converts one ROS message into its domain value and returns the stamp [ns on the receiver's clock]. */
    @FunctionalInterface
    public interface Converter<M, V> {
        /** @param receivedNanos the receiver's clock now: the stamp of a message without a header */
        long convert(M message, V into, long receivedNanos);
    }

    private Ros1Inbound() {
    }

    /** The channel for {@code topic}, not subscribed (see {@link #subscribe}). */
    public static <M, V extends Copyable<V>> InboundChannel<M, V> channel(String topic, InputSlot<V> slot, V decoded,
                                                                          Converter<M, V> converter, NanoClock clock,
                                                                          StampAdmission admission, InputBounds bounds) {
        return new InboundChannel<>("ros1", topic, slot, decoded, (m, into, header, now) -> {
            header.set(MessageHeader.NO_SEQUENCE, converter.convert(m, into, now));
            return Reject.NONE;
        }, clock, admission, bounds);
    }

    /**
     * Makes the channel for {@code topic}, gives it the tap {@code taps} has for it, then subscribes
     * it on {@code node}; returns the channel.
     */
    public static <M extends RosMessage, V extends Copyable<V>> InboundChannel<M, V> subscribe(Ros1Node node, String topic,
                                                                                               RosMessageType<M> type, InputSlot<V> slot,
                                                                                               V decoded, Converter<M, V> converter,
                                                                                               NanoClock clock, StampAdmission admission,
                                                                                               InputBounds bounds, InboundTaps taps) {
        InboundChannel<M, V> channel = InboundTaps.attach(taps, channel(topic, slot, decoded, converter, clock, admission, bounds),
                wireType(type));
        node.subscribe(topic, type, new ChannelListener<>(channel));
        return channel;
    }

    /** A ROS 1 type as it is recorded: {@code ros1} frames with the connection header's full definition ({@code ros1msg}). */
    public static WireType wireType(RosMessageType<?> type) {
        return new WireType(WireType.ROS1, type.name(), WireType.ROS1MSG, type.definition(), Map.of("md5sum", type.md5sum()));
    }

    /** A subscription's listener: each message, or each unreadable frame, to its channel with the publisher's caller id and the frame. */
    private static final class ChannelListener<M extends RosMessage> implements MessageListener<M> {
        private final InboundChannel<M, ?> channel;
        private final WireFrame wire = new WireFrame();

        ChannelListener(InboundChannel<M, ?> channel) {
            this.channel = channel;
        }

        @Override
        public void onMessage(M message) {
            channel.receive(message);
        }

        @Override
        public void onMessage(M message, String publisherId) {
            channel.receive(message, publisherId);
        }

        @Override
        public void onMessage(M message, String publisherId, ByteBuffer frame) {
            channel.receive(message, publisherId, wire.set(frame, frame.limit()));
        }

        @Override
        public void onMalformed(String publisherId, String why) {
            channel.reject(Reject.MALFORMED, why, publisherId);
        }

        @Override
        public void onMalformed(String publisherId, String why, ByteBuffer frame) {
            channel.reject(Reject.MALFORMED, why, publisherId, frame == null ? null : wire.set(frame, frame.limit()));
        }
    }
}
