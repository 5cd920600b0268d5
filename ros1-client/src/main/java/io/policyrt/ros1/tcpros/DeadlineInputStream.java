package io.policyrt.ros1.tcpros;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * A socket's input with one deadline for everything read through it: each read waits at most
 * until the deadline, so a peer that trickles a byte now and then cannot stretch a handshake
 * beyond it, as it could a per-read timeout. Leaves the socket's timeout at what the last read
 * set; the caller resets it.
 */
final class DeadlineInputStream extends InputStream {
    private final Socket socket;
    private final InputStream in;
    private final long deadlineNanos;
    private final int budgetMs;

    DeadlineInputStream(Socket socket, long startNanos, int budgetMs) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.deadlineNanos = startNanos + TimeUnit.MILLISECONDS.toNanos(budgetMs);
        this.budgetMs = budgetMs;
    }

    private void arm() throws IOException {
        long leftNanos = deadlineNanos - System.nanoTime();
        if (leftNanos <= 0) {
            throw new SocketTimeoutException("deadline of " + budgetMs + " ms passed");
        }
        socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(leftNanos)));
    }

    @Override
    public int read() throws IOException {
        arm();
        return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        arm();
        return in.read(b, off, len);
    }
}
