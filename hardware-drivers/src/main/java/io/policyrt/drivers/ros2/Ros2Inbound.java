package io.policyrt.drivers.ros2;

import io.policyrt.controller.telemetry.RateLimitedLog;
import io.policyrt.controller.time.NanoClock;
import io.policyrt.controller.telemetry.LatencyHistogram;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.inbound.RejectCounts;
import io.policyrt.drivers.inbound.StampAdmission;
import io.policyrt.drivers.ros2.msg.Ros2MessageException;
import us.ihmc.pubsub.common.MatchingInfo;
import us.ihmc.pubsub.subscriber.Subscriber;
import us.ihmc.pubsub.subscriber.SubscriberListener;

/**
 * Receives one ROS 2 topic on its DDS thread: takes the sample (decoding straight into the
 * subclass's holder or claimed slot buffer), checks the stamp, hands the value on, and counts every
 * outcome per {@link Reject} reason. Never throws, never blocks, allocates nothing in steady state;
 * bad samples are logged at most once a second with the topic, the field and why.
 *
 * <p>Stamped samples pass the {@link StampAdmission} rules every transport shares (no maximum
 * age here: the safety governor judges staleness). Unstamped types (Bool) are stamped on arrival.
 */
public abstract class Ros2Inbound<T> implements SubscriberListener<T> {
    private final Ros2TopicSpec topic;
    private final NanoClock clock;
    private final StampAdmission admission;
    private final RateLimitedLog log;
    private final String logMessage;
    private final RejectCounts counts = new RejectCounts();
    private final LatencyHistogram latency = new LatencyHistogram();
    private volatile long unreadable;

    protected Ros2Inbound(Ros2TopicSpec topic, NanoClock clock, long futureToleranceNanos, RateLimitedLog log) {
        this.topic = topic;
        this.clock = clock;
        this.admission = new StampAdmission(futureToleranceNanos, 0);
        this.log = log;
        this.logMessage = "ros2: dropped a sample on " + topic.name() + ":";
    }

    /** The object the sample is decoded into (a claimed slot buffer or a preallocated holder). */
    protected abstract T target();

    /**
     * Turns the decoded sample into the slot's claimed value without publishing it.
     *
     * @return the stamp to order by [ns], or {@link Long#MIN_VALUE} for an unstamped sample
     */
    protected abstract long convert(T sample, long nowNanos);

    /** Publishes what {@link #convert} wrote. */
    protected abstract void publish();

    @Override
    public final void onNewDataMessage(Subscriber<T> subscriber) {
        long now;
        long stamp;
        try {
            // One take per callback: looping until false makes the native side log read errors. No
            // SampleInfo: filling one allocates on every sample, and the header stamp is what counts.
            if (!subscriber.takeNextData(target(), null)) {
                unreadable = unreadable + 1;
                log.warn(logMessage, "the sample could not be read (larger than the " + subscriberBufferHint()
                        + " receive buffer, or lost)");
                return;
            }
            now = clock.nanoTime();
            stamp = convert(target(), now);
        } catch (Ros2MessageException e) {
            count(e.reason(), e.getMessage());
            return;
        } catch (IllegalArgumentException e) { // a domain value refused it (a path of zero length, say)
            count(Reject.INVALID, e.getMessage());
            return;
        }
        Reject r = stamp == Long.MIN_VALUE ? Reject.NONE : admission.admit(stamp, StampAdmission.NO_SEQUENCE, now);
        if (r != Reject.NONE) {
            count(r, r.description());
            return;
        }
        publish();
        counts.count(Reject.NONE);
        if (stamp != Long.MIN_VALUE) {
            latency.record(now - stamp);
        }
    }

    /** For the unreadable-sample log: what bounds this topic's receive buffer. */
    protected String subscriberBufferHint() {
        return "type's";
    }

    private void count(Reject r, String why) {
        counts.count(r);
        log.warn(logMessage, why);
    }

    @Override
    public void onSubscriptionMatched(Subscriber<T> subscriber, MatchingInfo info) {
    }

    public Ros2TopicSpec topic() { return topic; }
    /** Samples accepted into the slot. Any thread. */
    public long accepted() { return counts.accepted(); }
    /** Samples dropped for {@code reason}. Any thread. */
    public long rejected(Reject reason) { return counts.rejected(reason); }
    /** Samples announced by DDS that could not be taken (too large for the receive buffer). */
    public long unreadable() { return unreadable; }

    /** All samples dropped, for any reason. Any thread. */
    public long rejectedTotal() { return unreadable + counts.rejectedTotal(); }

    /** Receiver clock at decode minus header stamp, of accepted stamped samples [ns]. */
    public LatencyHistogram latency() { return latency; }

    /** {@code {"accepted":n,"MALFORMED":n,...}} with the non-zero reject counts. */
    public String countsJson() {
        StringBuilder sb = counts.appendJsonFields(new StringBuilder("{"));
        if (unreadable > 0) {
            sb.append(",\"UNREADABLE\":").append(unreadable);
        }
        return sb.append('}').toString();
    }
}
