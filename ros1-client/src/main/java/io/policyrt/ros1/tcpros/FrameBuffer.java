package io.policyrt.ros1.tcpros;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One message frame's bytes, read from a stream into an array reused across frames and viewed as
 * a little-endian buffer. Grows (and allocates) only when a frame is larger than any before it.
 */
final class FrameBuffer {
    private byte[] bytes = new byte[4096];
    private ByteBuffer view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);

    /** Reads exactly {@code length} bytes; the caller has bounded {@code length}. */
    void fill(InputStream in, int length) throws IOException {
        if (bytes.length < length) {
            bytes = new byte[(int) Math.max(length, Math.min(Integer.MAX_VALUE - 8, 2L * bytes.length))];
            view = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        }
        int off = 0;
        while (off < length) {
            int r = in.read(bytes, off, length - off);
            if (r < 0) {
                throw new EOFException("connection closed after " + off + " of a " + length + "-byte frame");
            }
            off += r;
        }
        view.clear();
        view.limit(length);
    }

    /** The last frame, from position 0 to its length. */
    ByteBuffer view() { return view; }
}
