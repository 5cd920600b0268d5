package io.policyrt.drivers.mqtt;

import io.policyrt.controller.telemetry.RateLimitedLog;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.inbound.RejectCounts;
import io.policyrt.controller.telemetry.LatencyHistogram;
import io.policyrt.drivers.inbound.StampAdmission;

/**
 * Receives one topic on the Paho callback thread: refuses oversized payloads, decodes, checks the
 * stamp and sequence number by the {@link StampAdmission} rules every transport shares, publishes
 * the rest into the subclass's slot, and counts every outcome. Never throws, never blocks.
 *
 * <p>An equal stamp and sequence number is a {@link Reject#DUPLICATE} (a QoS 1 redelivery, a
 * retained repeat). A sender that restarts may start its sequence numbers again: its stamps keep
 * rising.
 *
 * <p>Latency: for each accepted message, the receiver's clock at decode minus the message stamp.
 */
public abstract class InboundTopic implements MqttConnection.Handler {
    private final TopicSpec topic;
    private final NanoClock clock;
    private final StampAdmission admission;
    private final RateLimitedLog log;
    private final String logMessage;
    protected final MessageHeader header = new MessageHeader();
    private final RejectCounts counts = new RejectCounts();
    private final LatencyHistogram latency = new LatencyHistogram();

    /**
     * @param futureToleranceNanos a stamp further ahead of {@code clock} is refused
     * @param maxAgeNanos          a stamp older than this is refused as {@link Reject#STALE}; 0: no limit
     * @param log                  shared by the topics of one callback thread
     */
    protected InboundTopic(TopicSpec topic, NanoClock clock, long futureToleranceNanos, long maxAgeNanos, RateLimitedLog log) {
        this.topic = topic;
        this.clock = clock;
        this.admission = new StampAdmission(futureToleranceNanos, maxAgeNanos);
        this.log = log;
        this.logMessage = "mqtt: dropped a message on " + topic.name() + ":";
    }

    /** Decodes into the slot's claimed buffer and fills {@link #header}; must not publish. */
    protected abstract Reject decode(byte[] payload);

    /** Publishes the buffer {@link #decode} filled. */
    protected abstract void publish();

    @Override
    public final void onMessage(byte[] payload) {
        Reject r = payload.length > topic.maxPayloadBytes() ? Reject.OVERSIZED : decode(payload);
        long now = clock.nanoTime();
        if (r == Reject.NONE) {
            r = admission.admit(header.stampNanos(), header.sequence(), now);
        }
        if (r != Reject.NONE) {
            counts.count(r);
            log.warn(logMessage, r.name());
            return;
        }
        publish();
        counts.count(Reject.NONE);
        latency.record(now - header.stampNanos());
    }

    public TopicSpec topic() { return topic; }
    /** Messages accepted into the slot. Any thread. */
    public long accepted() { return counts.accepted(); }
    /** Messages dropped for {@code reason}. Any thread. */
    public long rejected(Reject reason) { return counts.rejected(reason); }

    /** All messages dropped, for any reason. Any thread. */
    public long rejectedTotal() { return counts.rejectedTotal(); }

    /** Receiver clock at decode minus message stamp, of accepted messages [ns]. */
    public LatencyHistogram latency() { return latency; }

    /** {@code {"accepted":n,"MALFORMED":n,...}} with the non-zero reject counts. */
    public String countsJson() {
        StringBuilder sb = counts.appendJsonFields(new StringBuilder("{"));
        return sb.append('}').toString();
    }
}
