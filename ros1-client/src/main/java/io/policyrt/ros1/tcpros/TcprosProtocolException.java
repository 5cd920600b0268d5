package io.policyrt.ros1.tcpros;

import java.io.IOException;

/** A TCPROS peer broke the protocol: a garbage or oversized header, a frame beyond the limit, a refused handshake. */
public final class TcprosProtocolException extends IOException {
    public TcprosProtocolException(String message) {
        super(message);
    }
}
