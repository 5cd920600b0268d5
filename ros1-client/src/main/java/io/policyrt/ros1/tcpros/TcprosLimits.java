package io.policyrt.ros1.tcpros;

/**
 * Bounds on what one TCPROS peer may send.
 *
 * @param maxMessageBytes    longest message frame; a longer length prefix closes that connection
 * @param maxHeaderBytes     longest connection header
 * @param handshakeTimeoutMs how long a peer may take to send its connection header
 */
public record TcprosLimits(int maxMessageBytes, int maxHeaderBytes, int handshakeTimeoutMs) {
    /** 16 MiB messages (a large point cloud still fits), 256 KiB headers, 5 s handshakes. */
    public static final TcprosLimits DEFAULT = new TcprosLimits(16 << 20, 256 << 10, 5000);

    public TcprosLimits {
        if (maxMessageBytes <= 0 || maxHeaderBytes <= 0 || handshakeTimeoutMs <= 0) {
            throw new IllegalArgumentException("TCPROS limits must be positive: " + maxMessageBytes + ", " + maxHeaderBytes
                    + ", " + handshakeTimeoutMs);
        }
    }

    public TcprosLimits withMaxMessageBytes(int bytes) {
        return new TcprosLimits(bytes, maxHeaderBytes, handshakeTimeoutMs);
    }
}
