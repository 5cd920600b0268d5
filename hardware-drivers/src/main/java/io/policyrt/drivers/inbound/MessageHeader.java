package io.policyrt.drivers.inbound;


/** The stamp (and, where the transport numbers its messages, the sequence number) of one inbound message; filled in place by a decoder. */
public final class MessageHeader {
    /** No sequence number (ROS messages, JSON messages that omit it). */
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
    /** Stamp [ns on the receiver clock's time base]. */
    public long stampNanos() { return stampNanos; }
}
