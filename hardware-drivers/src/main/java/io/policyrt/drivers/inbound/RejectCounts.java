package io.policyrt.drivers.inbound;

import java.util.concurrent.atomic.AtomicLongArray;

/** One topic's inbound outcomes: accepted, and dropped per {@link Reject} reason. Written by the receiving thread, read by any. */
public final class RejectCounts {
    private final AtomicLongArray counts = new AtomicLongArray(Reject.values().length);

    /** Counts one message with outcome {@code r} ({@link Reject#NONE}: accepted). No allocation. */
    public void count(Reject r) {
        counts.incrementAndGet(r.ordinal());
    }

    /** Messages accepted. */
    public long accepted() {
        return counts.get(Reject.NONE.ordinal());
    }

    /** Messages dropped for {@code reason}. */
    public long rejected(Reject reason) {
        return counts.get(reason.ordinal());
    }

    /** Messages dropped, for any reason. */
    public long rejectedTotal() {
        long n = 0;
        for (Reject r : Reject.values()) {
            if (r != Reject.NONE) {
                n += counts.get(r.ordinal());
            }
        }
        return n;
    }

    /** {@code "accepted":n,"MALFORMED":n,...} (the non-zero reject counts), without braces, to append to. */
    public StringBuilder appendJsonFields(StringBuilder sb) {
        sb.append("\"accepted\":").append(accepted());
        for (Reject r : Reject.values()) {
            long n = counts.get(r.ordinal());
            if (r != Reject.NONE && n > 0) {
                sb.append(",\"").append(r.name()).append("\":").append(n);
            }
        }
        return sb;
    }
}
