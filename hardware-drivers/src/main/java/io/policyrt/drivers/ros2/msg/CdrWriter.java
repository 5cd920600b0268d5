package io.policyrt.drivers.ros2.msg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes one XCDR1 little-endian sample (encapsulation CDR_LE), as rmw_cyclonedds and
 * rmw_fastrtps read it: primitives aligned to their size counted from the end of the 4-byte
 * header. Allocation-free; the caller sizes the buffer for the type's largest sample.
 */
public final class CdrWriter {
    private static final int HEADER_BYTES = 4;
    private ByteBuffer buf;

    /** Starts a sample at position 0 of {@code buf}. */
    public CdrWriter reset(ByteBuffer buf) {
        this.buf = buf;
        buf.clear();
        buf.order(ByteOrder.LITTLE_ENDIAN);
        buf.put((byte) 0).put((byte) 1).put((byte) 0).put((byte) 0);
        return this;
    }

    private void align(int size) {
        int pos = buf.position();
        int aligned = HEADER_BYTES + ((pos - HEADER_BYTES + size - 1) & -size);
        while (pos < aligned) {
            buf.put((byte) 0);
            pos++;
        }
    }

    public CdrWriter int32(int v) {
        align(4);
        buf.putInt(v);
        return this;
    }

    public CdrWriter float32(float v) {
        align(4);
        buf.putFloat(v);
        return this;
    }

    public CdrWriter float64(double v) {
        align(8);
        buf.putDouble(v);
        return this;
    }

    public CdrWriter bool(boolean v) {
        buf.put((byte) (v ? 1 : 0));
        return this;
    }

    /** An ASCII string (frame ids, labels). */
    public CdrWriter string(String s) {
        int n = s.length();
        int32(n + 1);
        for (int i = 0; i < n; i++) {
            buf.put((byte) s.charAt(i));
        }
        buf.put((byte) 0);
        return this;
    }

    /** Bytes written so far, header included. */
    public int length() { return buf.position(); }
}
