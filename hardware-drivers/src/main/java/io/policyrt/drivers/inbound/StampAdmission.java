package io.policyrt.drivers.inbound;

/**
 * The stamp rules every inbound topic applies, on every transport, before a message may reach its
 * slot. One instance per topic, used by its receiving thread only; no allocation.
 *
 * <ul>
 *   <li>a stamp of zero or less is {@link Reject#INVALID} (a sender that does not stamp);</li>
 *   <li>a stamp further ahead of the receiver's clock than the future tolerance is
 *       {@link Reject#FUTURE_STAMP} (unsynchronised clocks);</li>
 *   <li>a stamp older than the maximum age, where there is one, is {@link Reject#STALE};</li>
 *   <li>a stamp earlier than the last accepted one's is {@link Reject#OUT_OF_ORDER}, an equal one
 *       a {@link Reject#DUPLICATE}; where the transport numbers its messages (MQTT), an equal stamp
 *       with a higher sequence number is accepted, and one without a number or with a lower one is
 *       out of order.</li>
 *   <li>ordering continues from {@code min(stamp, receiver's clock at arrival)}: a stamp ahead of
 *       the clock but within the tolerance is accepted, and the next real sample, stamped after
 *       that arrival, is accepted too. Without the clamp one stamp 450 ms ahead would refuse every
 *       real sample as out of order until the clock caught up, freezing the pose; the cost is
 *       that two future-stamped messages are not ordered against each other (an exact repeat of
 *       the last accepted stamp and sequence number is still a duplicate).</li>
 * </ul>
 */
public final class StampAdmission {
    /** The sequence number of a message that carries none (ROS 1, ROS 2, an MQTT sender without). */
    public static final long NO_SEQUENCE = -1;

    private final long futureToleranceNanos;
    private final long maxAgeNanos;
    /** min(stamp, arrival clock) of the last accepted message: what later stamps are ordered against. */
    private long lastStampNanos = Long.MIN_VALUE;
    /** The last accepted message's stamp as sent, for duplicates of a future stamp. */
    private long lastRawStampNanos = Long.MIN_VALUE;
    private long lastSequence = NO_SEQUENCE;

    /**
     * @param futureToleranceNanos a stamp further ahead of the receiver's clock is refused
     * @param maxAgeNanos          a stamp older than this is refused as stale; 0: no limit
     */
    public StampAdmission(long futureToleranceNanos, long maxAgeNanos) {
        if (futureToleranceNanos < 0 || maxAgeNanos < 0) {
            throw new IllegalArgumentException("future tolerance and maximum age must be >= 0 ns: " + futureToleranceNanos + ", "
                    + maxAgeNanos);
        }
        this.futureToleranceNanos = futureToleranceNanos;
        this.maxAgeNanos = maxAgeNanos;
    }

    /**
     * Decides on one message; an accepted one becomes the last accepted.
     *
     * @param sequence the sender's sequence number, or {@link #NO_SEQUENCE}
     * @param nowNanos the receiver's clock now, on the stamps' time base
     * @return {@link Reject#NONE} to accept, else why not
     */
    public Reject admit(long stampNanos, long sequence, long nowNanos) {
        if (stampNanos <= 0) {
            return Reject.INVALID;
        }
        if (stampNanos - nowNanos > futureToleranceNanos) {
            return Reject.FUTURE_STAMP;
        }
        if (maxAgeNanos > 0 && nowNanos - stampNanos > maxAgeNanos) {
            return Reject.STALE;
        }
        if (stampNanos == lastRawStampNanos && sequence == lastSequence) {
            return Reject.DUPLICATE;
        }
        if (stampNanos < lastStampNanos) {
            return Reject.OUT_OF_ORDER;
        }
        if (stampNanos == lastStampNanos) {
            if (sequence == lastSequence) { // equal to a clamped future stamp: not the same message
                return lastRawStampNanos == lastStampNanos ? Reject.DUPLICATE : Reject.OUT_OF_ORDER;
            }
            if (sequence == NO_SEQUENCE || sequence < lastSequence) {
                return Reject.OUT_OF_ORDER;
            }
        }
        lastStampNanos = Math.min(stampNanos, nowNanos);
        lastRawStampNanos = stampNanos;
        lastSequence = sequence;
        return Reject.NONE;
    }
}
