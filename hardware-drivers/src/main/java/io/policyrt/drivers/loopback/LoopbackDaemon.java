package io.policyrt.drivers.loopback;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A local daemon (mosquitto, rosmaster) serving on one loopback port for the tests and the latency
 * harness: started until it listens, its output appended to a log; it can be killed and started
 * again on the same port, as a broker or master restart does.
 */
public final class LoopbackDaemon implements AutoCloseable {
    private static final long STOP_TIMEOUT_S = 10;

    private final String name;
    private final ProcessBuilder command;
    private final int port;
    private final Path log;
    private final int startTimeoutS;
    private final long pollMs;
    private Process process;

    private LoopbackDaemon(String name, ProcessBuilder command, int port, Path log, int startTimeoutS, long pollMs) {
        this.name = name;
        this.command = command.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        this.port = port;
        this.log = log;
        this.startTimeoutS = startTimeoutS;
        this.pollMs = pollMs;
    }

    /**
     * Starts {@code command} (which must serve on 127.0.0.1:{@code port}) and returns once it
     * accepts connections; see {@link LoopbackListener#awaitListening} for the failures.
     *
     * @param name names the daemon in errors
     */
    public static LoopbackDaemon start(String name, ProcessBuilder command, int port, Path log, int startTimeoutS, long pollMs)
            throws IOException, InterruptedException {
        LoopbackDaemon d = new LoopbackDaemon(name, command, port, log, startTimeoutS, pollMs);
        d.launch();
        return d;
    }

    private void launch() throws IOException, InterruptedException {
        process = command.start();
        LoopbackListener.awaitListening(process, name, port, startTimeoutS, pollMs, log);
    }

    /** Kills the daemon at once (SIGKILL): its clients see their connections drop. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS);
    }

    /** Starts the daemon again, on the same port with the same command, after {@link #kill()}. */
    public void restart() throws IOException, InterruptedException {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " still running");
        }
        launch();
    }

    public boolean isAlive() { return process.isAlive(); }

    public int port() { return port; }

    /** Stops the daemon (SIGTERM, then SIGKILL if it is still there after 10 s). */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
