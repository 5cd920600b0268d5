package io.policyrt.drivers.ros1.transport;

import io.policyrt.controller.telemetry.RateLimitedLog;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.drivers.inbound.LatencyHistogram;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.inbound.RejectCounts;
import io.policyrt.drivers.inbound.StampAdmission;
import io.policyrt.ros1.msg.RosMessage;
import io.policyrt.ros1.tcpros.MessageListener;

/**
 * Receives one ROS 1 topic on its receive thread: converts each message into the subclass's
 * slot buffer, checks its stamp against the receiver's clock, drops stale, future, duplicate and
 * out-of-order messages by the {@link StampAdmission} rules every transport shares, publishes the
 * rest, and counts every outcome. Never throws, never blocks, allocates nothing.
 *
 * <p>A conversion that refuses the message (a path too short, a malformed scan) is
 * {@link Reject#INVALID}; messages without a header are stamped on arrival.
 * Non-finite values pass into the slot: the controller's safety governor stops on them.
 *
 * <p>Latency: for each accepted message, the receiver's clock at conversion minus the stamp.
 */
public abstract class Ros1Inbound<M extends RosMessage> implements MessageListener<M> {
    private final String topic;
    private final NanoClock clock;
    private final StampAdmission admission;
    private final RateLimitedLog log;
    private final String logMessage;
    private final RejectCounts counts = new RejectCounts();
    private final LatencyHistogram latency = new LatencyHistogram();

    /**
     * @param futureToleranceNanos a stamp further ahead of {@code clock} is refused
     * @param maxAgeNanos          a stamp older than this is refused as {@link Reject#STALE}; 0: no limit
     */
    protected Ros1Inbound(String topic, NanoClock clock, long futureToleranceNanos, long maxAgeNanos, RateLimitedLog log) {
        this.topic = topic;
        this.clock = clock;
        this.admission = new StampAdmission(futureToleranceNanos, maxAgeNanos);
        this.log = log;
        this.logMessage = "ros1: dropped a message on " + topic + ":";
    }

    /**
     * Converts {@code message} into the slot's claimed buffer (not yet published) and returns its
     * stamp [ns on the receiver's clock]. Throws IllegalArgumentException to refuse the message.
     *
     * @param receivedNanos the receiver's clock now, the stamp of messages without a header
     */
    protected abstract long convert(M message, long receivedNanos);

    /** Publishes the buffer {@link #convert} filled. */
    protected abstract void publish();

    @Override
    public final void onMessage(M message) {
        long now = clock.nanoTime();
        Reject r;
        long stamp = 0;
        try {
            stamp = convert(message, now);
            r = admission.admit(stamp, StampAdmission.NO_SEQUENCE, now);
        } catch (IllegalArgumentException e) {
            r = Reject.INVALID;
        }
        if (r != Reject.NONE) {
            counts.count(r);
            log.warn(logMessage, r.name());
            return;
        }
        publish();
        counts.count(Reject.NONE);
        latency.record(now - stamp);
    }

    public String topic() { return topic; }
    /** Messages accepted into the slot. Any thread. */
    public long accepted() { return counts.accepted(); }
    /** Messages dropped for {@code reason}. Any thread. */
    public long rejected(Reject reason) { return counts.rejected(reason); }

    /** All messages dropped, for any reason. Any thread. */
    public long rejectedTotal() { return counts.rejectedTotal(); }

    /** Receiver clock at conversion minus message stamp, of accepted messages [ns]. */
    public LatencyHistogram latency() { return latency; }
}
