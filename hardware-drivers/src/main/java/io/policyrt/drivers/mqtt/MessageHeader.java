package io.policyrt.drivers.mqtt;

import io.policyrt.drivers.inbound.StampAdmission;

/** The sequence number and stamp every message carries; filled in place by a decoder. */
public final class MessageHeader {
    /** No sequence number (JSON messages may omit it). */
    public static final long NO_SEQUENCE = StampAdmission.NO_SEQUENCE;

    private long sequence = NO_SEQUENCE;
    private long stampNanos;

    public MessageHeader set(long sequence, long stampNanos) {
        this.sequence = sequence;
        this.stampNanos = stampNanos;
        return this;
    }

    /** Sequence number, or {@link #NO_SEQUENCE}. */
    public long sequence() { return sequence; }
    /** Stamp [ns since the Unix epoch, the controller clock]. */
    public long stampNanos() { return stampNanos; }
}
