package io.policyrt.drivers.inbound;

/**
 * Whoever wants to see every inbound message with its verdict (a flight recorder). An
 * {@link InboundChannel} calls {@link #onMessage} once per message, after it decided: accepted
 * (written to the slot) or refused with a {@link Reject} reason. Without a tap nothing is called.
 *
 * <p>Contract: called on the transport's receiving thread, possibly from several threads for
 * different channels. It must not block and must not keep {@code message} or {@code decoded}
 * (the transport reuses them): copy what it needs into storage of its own and hand it to another
 * thread; drop and count when that storage is full. An exception it throws is caught and counted
 * by the channel. Transports give channels their taps through {@link InboundTaps} before they
 * subscribe, so that a tap sees every message.
 */
@FunctionalInterface
public interface InboundTap {
    /**
     * @param channel       the channel that received it (its {@link InboundChannel#name()} is the topic)
     * @param receivedNanos the channel's clock when the message was received [ns]
     * @param verdict       {@link Reject#NONE} when accepted, else why it was refused
     * @param source        the sender as the transport names it (the topic when it cannot tell)
     * @param message       the message as the transport handed it (MQTT: the payload bytes); null
     *                      when the transport refused it before handing it over
     * @param decoded       the domain value decoded from it, or null when decoding failed
     * @param wire          the bytes it came as (valid during this call only), or null when the
     *                      transport hands over no frames ({@link InboundTaps}) or had none (the
     *                      connection ended, the sample could not be taken)
     */
    void onMessage(InboundChannel<?, ?> channel, long receivedNanos, Reject verdict, String source, Object message,
                   Object decoded, WireFrame wire);
}
