package io.policyrt.drivers.ros2.msg;

import io.policyrt.drivers.inbound.Reject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads one XCDR1 (plain CDR) sample as rmw_cyclonedds and rmw_fastrtps write it: a 4-byte
 * encapsulation header (CDR_LE or CDR_BE), then the fields, each primitive aligned to its own size
 * counted from the end of the header. Every read is bounds-checked against the sample's length; a
 * short or malformed sample raises {@link Ros2MessageException} naming the field. Allocation-free.
 */
public final class CdrReader {
    private static final int HEADER_BYTES = 4;

    private ByteBuffer buf;
    private int limit;
    private String type;

    /**
     * Starts reading {@code buf} from 0 to {@code limit}: checks the encapsulation header and sets the byte order.
     *
     * @param type the ROS type name, for error messages (e.g. nav_msgs/Odometry)
     */
    public CdrReader reset(ByteBuffer buf, int limit, String type) {
        this.buf = buf;
        this.limit = Math.min(limit, buf.capacity());
        this.type = type;
        if (this.limit < HEADER_BYTES) {
            throw error(Reject.MALFORMED, "sample", "shorter than its encapsulation header");
        }
        int kind = ((buf.get(0) & 0xff) << 8) | (buf.get(1) & 0xff);
        if (kind == 0x0001) {
            buf.order(ByteOrder.LITTLE_ENDIAN);
        } else if (kind == 0x0000) {
            buf.order(ByteOrder.BIG_ENDIAN);
        } else {
            // XCDR2 (0x0006..0x000b) and parameter lists (0x0002, 0x0003) are not what ROS 2 sends for these types.
            throw error(Reject.MALFORMED, "sample", "encapsulation 0x" + Integer.toHexString(kind) + " is not plain CDR (XCDR1)");
        }
        buf.position(HEADER_BYTES);
        return this;
    }

    private int take(int size, String field) {
        int pos = buf.position();
        int aligned = HEADER_BYTES + ((pos - HEADER_BYTES + size - 1) & -size);
        if (aligned + size > limit || aligned + size < 0) {
            throw error(Reject.MALFORMED, field, "the sample ends before this field (truncated)");
        }
        buf.position(aligned + size);
        return aligned;
    }

    public int int32(String field) { return buf.getInt(take(4, field)); }

    /** An unsigned 32-bit value that must fit an int (lengths, counts). */
    public int uint32(String field) {
        int v = buf.getInt(take(4, field));
        if (v < 0) {
            throw error(Reject.MALFORMED, field, "length " + Integer.toUnsignedString(v) + " is beyond any sample");
        }
        return v;
    }

    public float float32(String field) { return buf.getFloat(take(4, field)); }

    public double float64(String field) { return buf.getDouble(take(8, field)); }

    /** A float64 that must be finite. */
    public double finite64(String field) {
        double v = float64(field);
        if (!Double.isFinite(v)) {
            throw error(Reject.NON_FINITE, field, "is " + v);
        }
        return v;
    }

    public boolean bool(String field) {
        int b = buf.get(take(1, field));
        if (b != 0 && b != 1) {
            throw error(Reject.MALFORMED, field, "boolean byte is " + b);
        }
        return b == 1;
    }

    /** Skips a string (uint32 length including the terminating NUL, then the bytes). */
    public void skipString(String field) {
        int n = uint32(field);
        skipBytes(n, field);
    }

    /** Skips {@code n} unaligned bytes. */
    public void skipBytes(int n, String field) {
        int pos = buf.position();
        if (n > limit - pos) {
            throw error(Reject.MALFORMED, field, "length " + n + " runs past the end of the sample");
        }
        buf.position(pos + n);
    }

    /** Reads a string into {@code out} (ASCII/UTF-8 bytes as chars; for short ids such as frame ids), at most {@code maxChars}. */
    public void string(String field, StringBuilder out, int maxChars) {
        int n = uint32(field);
        if (n == 0) {
            throw error(Reject.MALFORMED, field, "string length 0 (CDR strings carry their NUL)");
        }
        int pos = buf.position();
        if (n > limit - pos) {
            throw error(Reject.MALFORMED, field, "length " + n + " runs past the end of the sample");
        }
        out.setLength(0);
        int chars = n - 1;
        if (chars > maxChars) {
            throw error(Reject.OVERSIZED, field, "has " + chars + " characters, above the bound " + maxChars);
        }
        for (int i = 0; i < chars; i++) {
            out.append((char) (buf.get(pos + i) & 0xff));
        }
        buf.position(pos + n);
    }

    /**
     * Reads a sequence length and checks it against this receiver's bound and against the bytes left.
     *
     * @param minElementBytes the smallest encoding of one element, to refuse absurd counts early
     */
    public int sequence(String field, int bound, String boundKey, int minElementBytes) {
        int n = uint32(field);
        if (n > bound) {
            throw error(Reject.OVERSIZED, field, "has " + n + " elements, above this receiver's bound of " + bound
                    + (boundKey == null ? "" : " (" + boundKey + ")"));
        }
        if ((long) n * minElementBytes > limit - buf.position()) {
            throw error(Reject.MALFORMED, field, "claims " + n + " elements, more than the sample holds");
        }
        return n;
    }

    public Ros2MessageException error(Reject reason, String field, String what) {
        return new Ros2MessageException(reason, type + "." + field + ": " + what);
    }
}
