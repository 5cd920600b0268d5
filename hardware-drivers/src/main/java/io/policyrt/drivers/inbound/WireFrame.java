package io.policyrt.drivers.inbound;

import java.nio.ByteBuffer;

/**
 * The bytes one inbound message came as on the wire (a TCPROS frame without its length prefix, a
 * CDR sample with its encapsulation header), from index 0 of {@link #bytes()} for
 * {@link #lengthBytes()} bytes. A transport keeps one per subscription and points it at its own
 * receive buffer for each message, so handing it over allocates nothing; it is valid only during
 * the call that receives it (an {@link InboundTap} copies what it keeps). Absolute reads only: the
 * buffer's position belongs to the transport.
 */
public final class WireFrame {
    private ByteBuffer bytes;
    private int lengthBytes;

    /** Points this frame at {@code bytes[0, lengthBytes)}; returns this. */
    public WireFrame set(ByteBuffer bytes, int lengthBytes) {
        if (lengthBytes < 0 || lengthBytes > bytes.capacity()) {
            throw new IllegalArgumentException("frame length " + lengthBytes + " outside a buffer of " + bytes.capacity() + " bytes");
        }
        this.bytes = bytes;
        this.lengthBytes = lengthBytes;
        return this;
    }

    /** Forgets the last frame (before a read that may fail before it has one). */
    public void clear() {
        bytes = null;
        lengthBytes = 0;
    }

    /** Whether {@link #set} gave it bytes since the last {@link #clear}. */
    public boolean present() { return bytes != null; }

    /** The transport's buffer: the frame is at indexes 0 to {@link #lengthBytes()}. */
    public ByteBuffer bytes() { return bytes; }

    public int lengthBytes() { return lengthBytes; }
}
