package io.policyrt.drivers.ros1.transport;

import io.policyrt.controller.slot.Copyable;
import io.policyrt.controller.slot.InputSlot;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.inbound.InboundChannel;
import io.policyrt.drivers.inbound.InputBounds;
import io.policyrt.drivers.inbound.MessageHeader;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.inbound.StampAdmission;

/**
 * How a ROS 1 topic becomes an {@link InboundChannel}: a converter writes the message into its
 * domain value and returns the stamp; one that refuses the message (a path too short, a malformed
 * scan) throws IllegalArgumentException, counted as {@link Reject#INVALID}. The controller's
 * sensors and the simulated robot's commands are received this way.
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

    /** The channel for {@code topic}; subscribe it with {@code node.subscribe(topic, type, channel::receive)}. */
    public static <M, V extends Copyable<V>> InboundChannel<M, V> channel(String topic, InputSlot<V> slot, V decoded,
                                                                          Converter<M, V> converter, NanoClock clock,
                                                                          StampAdmission admission, InputBounds bounds) {
        return new InboundChannel<>("ros1", topic, slot, decoded, (m, into, header, now) -> {
            header.set(MessageHeader.NO_SEQUENCE, converter.convert(m, into, now));
            return Reject.NONE;
        }, clock, admission, bounds);
    }
}
