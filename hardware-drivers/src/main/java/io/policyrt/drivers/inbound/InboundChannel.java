package io.policyrt.drivers.inbound;

import io.policyrt.controller.domain.FiniteValue;
import io.policyrt.controller.slot.Copyable;
import io.policyrt.controller.slot.InputSlot;
import io.policyrt.controller.slot.LatestValue;
import io.policyrt.controller.telemetry.LatencyHistogram;
import io.policyrt.controller.telemetry.RateLimitedLog;
import io.policyrt.controller.time.NanoClock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * One inbound topic of any transport, from the message as the transport hands it over to the
 * controller's slot: decode into a preallocated value, refuse non-finite numbers, refuse values
 * outside their physical {@link InputBounds}, apply the {@link StampAdmission} rules,
 * write what passes into the slot, and count every outcome by {@link Reject} reason, with the
 * latency of accepted messages and a warning at most once a second per topic.
 *
 * <p>The e-stop's slot is the exception ({@link InputSlot#stampRulesApply()} false): its
 * messages skip the stamp rules, and a refused one is handed to the slot as well, which counts
 * it as an engage. Each message names its sender ({@link #receive(Object, String)}) where the
 * transport can tell senders apart; otherwise the topic is the sender.
 *
 * <p>A transport declares its channels (topic, slot, decoder) instead of writing a receiver; its
 * thread calls {@link #receive} for each message. {@link #receive} and {@link #reject} never
 * throw, never block and allocate nothing; one receiving thread at a time per channel (several
 * channels may write one slot: {@link LatestValue#write} is safe from any thread).
 *
 * <p>An {@link InboundTap}, when one is attached ({@link #tap(InboundTap)}), sees each message
 * once after its verdict; what it costs on the receiving thread is the tap's (the flight
 * recorder's copies into a preallocated slot).
 *
 * <p>Latency: the receiver's clock at decode minus the message's stamp. A message that carries no
 * stamp is stamped by its decoder with the arrival time, and then follows the same rules.
 *
 * @param <M> the message as the transport delivers it (payload bytes, a ROS message, a DDS sample)
 * @param <V> the domain value the slot holds
 */
public final class InboundChannel<M, V extends Copyable<V>> {
    /** Turns one message into a domain value. Runs on the transport's receiving thread. */
    @FunctionalInterface
    public interface Decoder<M, V> {
        /**
         * Decodes {@code message} into {@code into} and its stamp into {@code header}. A decoder may
         * also throw IllegalArgumentException (a domain value refusing the contents): INVALID.
         *
         * @param receivedNanos the receiver's clock now: the stamp of a message that carries none
         * @return {@link Reject#NONE} when {@code into} holds the message, else why not
         */
        Reject decode(M message, V into, MessageHeader header, long receivedNanos);
    }

    private final String name;
    private final InputSlot<V> slot;
    private final V decoded;
    private final Decoder<M, V> decoder;
    private final NanoClock clock;
    private final StampAdmission admission;
    private final InputBounds bounds;
    private final MessageHeader header = new MessageHeader();
    private final RejectCounts counts = new RejectCounts();
    private final LatencyHistogram latency = new LatencyHistogram();
    private final RateLimitedLog log;
    private final String logMessage;
    private final String transport;
    private volatile InboundTap tap;
    private volatile long tapFailures;

    /**
     * @param transport the transport's kind, for the log ("mqtt", "ros1", ...)
     * @param name      the topic's name as the transport knows it
     * @param decoded   the preallocated value messages are decoded into before they reach {@code slot}
     * @param admission this topic's own stamp rules (not shared with another channel)
     * @param bounds    the physical bounds decoded values must be within
     */
    public InboundChannel(String transport, String name, InputSlot<V> slot, V decoded, Decoder<M, V> decoder, NanoClock clock,
                          StampAdmission admission, InputBounds bounds) {
        this.transport = transport;
        this.name = name;
        this.slot = slot;
        this.decoded = decoded;
        this.decoder = decoder;
        this.clock = clock;
        this.admission = admission;
        this.bounds = bounds;
        this.log = new RateLimitedLog(LoggerFactory.getLogger(InboundChannel.class), TimeUnit.SECONDS.toNanos(1));
        this.logMessage = transport + ": dropped a message on " + name + ":";
    }

    /** {@link #receive(Object, String)} from a sender the transport cannot name: the topic. */
    public void receive(M message) {
        receive(message, name);
    }

    /**
     * Decodes, admits and delivers one message, or counts why not. The transport's receiving thread.
     *
     * @param source the sender as the transport tells senders apart (a ROS 1 caller id, a DDS writer GUID)
     */
    public void receive(M message, String source) {
        receive(message, source, null);
    }

    /**
     * {@link #receive(Object, String)} with the bytes the message came as, for the tap.
     *
     * @param wire the transport's frame (valid during this call), or null
     */
    public void receive(M message, String source, WireFrame wire) {
        long now = clock.nanoTime();
        Reject r;
        try {
            r = decoder.decode(message, decoded, header, now);
        } catch (IllegalArgumentException e) {
            r = Reject.INVALID;
        } catch (RuntimeException e) { // a decoder bug must not kill the transport's thread
            r = Reject.MALFORMED;
        }
        boolean decodedOk = r == Reject.NONE;
        if (r == Reject.NONE && decoded instanceof FiniteValue f && !f.isFinite()) {
            r = Reject.NON_FINITE; // the same rule on every transport, whatever its decoder checked
        }
        if (r == Reject.NONE && !bounds.admits(decoded)) {
            r = Reject.IMPLAUSIBLE;
        }
        if (r == Reject.NONE && slot.stampRulesApply()) {
            r = admission.admit(header.stampNanos(), header.sequence(), now);
        }
        if (r != Reject.NONE) {
            refuse(r, r.description(), source);
            tap(now, r, source, message, decodedOk ? decoded : null, wire);
            return;
        }
        slot.write(decoded, source);
        counts.count(Reject.NONE);
        latency.record(now - header.stampNanos());
        tap(now, Reject.NONE, source, message, decoded, wire);
    }

    /** Counts a message the transport refused before it could be decoded (too large, unreadable), with why. */
    public void reject(Reject reason, String detail) {
        reject(reason, detail, name);
    }

    /** {@link #reject(Reject, String)} from a named sender; a fail-safe slot (the e-stop) acts on it. */
    public void reject(Reject reason, String detail, String source) {
        reject(reason, detail, source, null);
    }

    /** {@link #reject(Reject, String, String)} of a frame the transport has the bytes of ({@code wire}, or null), for the tap. */
    public void reject(Reject reason, String detail, String source, WireFrame wire) {
        refuse(reason, detail, source);
        if (tap != null) {
            tap(clock.nanoTime(), reason, source, null, null, wire);
        }
    }

    private void refuse(Reject reason, String detail, String source) {
        counts.count(reason);
        log.warn(logMessage, detail);
        slot.refused(source);
    }

    /**
     * Attaches the tap that sees every message from now on (null: none). Any thread; messages the
     * channel received before are not shown to it: transports attach taps through
     * {@link InboundTaps} before they subscribe.
     */
    public void tap(InboundTap tap) {
        this.tap = tap;
    }

    private void tap(long receivedNanos, Reject verdict, String source, Object message, Object value, WireFrame wire) {
        InboundTap t = tap;
        if (t == null) {
            return;
        }
        try {
            t.onMessage(this, receivedNanos, verdict, source, message, value, wire);
        } catch (RuntimeException e) {
            tapFailures = tapFailures + 1;
        }
    }

    /** The class of the domain value this channel decodes into (Odometry, PathReference, ...). */
    public Class<?> valueType() { return decoded.getClass(); }

    /** The transport's kind, as given at construction ("mqtt", "ros1", ...). */
    public String transport() { return transport; }

    /** Exceptions the tap threw (each contained). Any thread. */
    public long tapFailures() { return tapFailures; }

    /** The channel of topic {@code name} among {@code channels}, or null. */
    public static InboundChannel<?, ?> named(List<InboundChannel<?, ?>> channels, String name) {
        for (InboundChannel<?, ?> c : channels) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** Messages dropped over all of {@code channels}, for any reason. Any thread. */
    public static long rejectedTotal(List<InboundChannel<?, ?>> channels) {
        long n = 0;
        for (InboundChannel<?, ?> c : channels) {
            n += c.rejectedTotal();
        }
        return n;
    }

    /** The topic's name as the transport knows it. */
    public String name() { return name; }

    /** Messages accepted into the slot. Any thread. */
    public long accepted() { return counts.accepted(); }

    /** Messages dropped for {@code reason}. Any thread. */
    public long rejected(Reject reason) { return counts.rejected(reason); }

    /** Messages dropped, for any reason. Any thread. */
    public long rejectedTotal() { return counts.rejectedTotal(); }

    /** Receiver clock at decode minus message stamp, of accepted messages [ns]. Any thread. */
    public LatencyHistogram latency() { return latency; }

    /** {@code {"accepted":n,"MALFORMED":n,...}} with the non-zero reject counts, for status payloads. */
    public String countsJson() {
        return counts.appendJsonFields(new StringBuilder("{")).append('}').toString();
    }

    /** {@code accepted n, malformed m, ...} with the non-zero reject counts, for reports. */
    public String countsLine() {
        StringBuilder sb = new StringBuilder("accepted ").append(accepted());
        for (Reject r : Reject.values()) {
            if (r != Reject.NONE && rejected(r) > 0) {
                sb.append(", ").append(r.name().toLowerCase(Locale.ROOT)).append(' ').append(rejected(r));
            }
        }
        return sb.toString();
    }
}
