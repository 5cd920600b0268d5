package io.policyrt.drivers.loopback;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Starting a local daemon (mosquitto, rosmaster) for the tests and the latency harness: a free
 * loopback port, and waiting until the started process listens on it.
 */
public final class LoopbackListener {
    private static final int CONNECT_TIMEOUT_MS = 200;

    private LoopbackListener() {
    }

    /** A TCP port on 127.0.0.1 that nothing listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    /**
     * Returns once {@code process} accepts connections on 127.0.0.1:{@code port}. Throws
     * IllegalStateException with {@code name} and the process's {@code log} if it exits first, or
     * if {@code timeoutS} pass (then it is killed).
     */
    public static void awaitListening(Process process, String name, int port, int timeoutS, long pollMs, Path log)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutS);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " at start: " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), CONNECT_TIMEOUT_MS);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException(name + " did not listen on 127.0.0.1:" + port + " within " + timeoutS
                            + " s: " + Files.readString(log));
                }
                Thread.sleep(pollMs);
            }
        }
    }
}
