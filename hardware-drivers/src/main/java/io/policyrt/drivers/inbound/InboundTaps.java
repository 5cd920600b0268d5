package io.policyrt.drivers.inbound;

/**
 * Gives each inbound channel its {@link InboundTap} when the transport declares the channel,
 * before the transport subscribes its topic, so that a tap sees every message of the run. A
 * transport calls {@link #attach} once per channel it makes.
 */
@FunctionalInterface
public interface InboundTaps {
    /** No taps. */
    InboundTaps NONE = (channel, wire) -> null;

    /**
     * The tap for a channel just made (null: none). Called on the thread that opens the transport.
     *
     * @param wire what the channel's messages are on the wire, or null when the transport hands
     *             over no frames of a registered encoding (MQTT: the payload itself is the message)
     */
    InboundTap tapFor(InboundChannel<?, ?> channel, WireType wire);

    /** Attaches to {@code channel} the tap {@code taps} gives it; returns the channel. */
    static <C extends InboundChannel<?, ?>> C attach(InboundTaps taps, C channel, WireType wire) {
        channel.tap(taps.tapFor(channel, wire));
        return channel;
    }
}
