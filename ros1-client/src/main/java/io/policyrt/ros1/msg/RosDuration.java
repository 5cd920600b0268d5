package io.policyrt.ros1.msg;

import java.nio.ByteBuffer;

/** A ROS 1 {@code duration}: signed seconds and nanoseconds in two mutable ints, 8 bytes on the wire. */
public final class RosDuration {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** Whole seconds (int32). */
    public int sec;
    /** Nanoseconds (int32), normally within [0, 1e9). */
    public int nsec;

    /** This duration in nanoseconds. */
    public long toNanos() {
        return sec * NANOS_PER_SECOND + nsec;
    }

    /** Sets this duration from nanoseconds; a negative duration gets negative sec and nsec in [0, 1e9). */
    public RosDuration setNanos(long nanos) {
        this.sec = (int) Math.floorDiv(nanos, NANOS_PER_SECOND);
        this.nsec = (int) Math.floorMod(nanos, NANOS_PER_SECOND);
        return this;
    }

    public RosDuration set(int sec, int nsec) {
        this.sec = sec;
        this.nsec = nsec;
        return this;
    }

    /** Writes sec then nsec at {@code out}'s position. */
    public void serialize(ByteBuffer out) {
        out.putInt(sec);
        out.putInt(nsec);
    }

    /** Reads sec then nsec from {@code in}'s position. */
    public void deserialize(ByteBuffer in) {
        sec = in.getInt();
        nsec = in.getInt();
    }

    @Override
    public String toString() {
        return sec + "s " + nsec + "ns";
    }
}
