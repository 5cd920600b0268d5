package io.policyrt.ros1.msg;

import java.nio.ByteBuffer;

/**
 * A ROS 1 {@code time}: unsigned seconds and nanoseconds since the Unix epoch, held in two mutable
 * ints so that messages keep one instance and never allocate for a stamp.
 */
public final class RosTime {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** Seconds since the epoch (uint32 on the wire; read with {@link Integer#toUnsignedLong}). */
    public int sec;
    /** Nanoseconds within the second (uint32 on the wire). */
    public int nsec;

    /** This time in nanoseconds since the epoch; nsec above one second carries over as ROS does. */
    public long toNanos() {
        return Integer.toUnsignedLong(sec) * NANOS_PER_SECOND + Integer.toUnsignedLong(nsec);
    }

    /**
     * Sets this time from nanoseconds since the epoch.
     *
     * @throws IllegalArgumentException when the time is negative or past 2106 (ROS time is uint32 seconds)
     */
    public RosTime setNanos(long epochNanos) {
        if (epochNanos < 0 || epochNanos / NANOS_PER_SECOND > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("ROS time must lie in [0, 2^32) s, got " + epochNanos + " ns");
        }
        this.sec = (int) (epochNanos / NANOS_PER_SECOND);
        this.nsec = (int) (epochNanos % NANOS_PER_SECOND);
        return this;
    }

    public RosTime set(int sec, int nsec) {
        this.sec = sec;
        this.nsec = nsec;
        return this;
    }

    /** Writes sec then nsec, 8 bytes, at {@code out}'s position. */
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
        return Integer.toUnsignedString(sec) + "." + String.format("%09d", Integer.toUnsignedLong(nsec));
    }
}
