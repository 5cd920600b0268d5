package io.policyrt.benchmarks.latency;

import io.policyrt.drivers.loopback.Executables;
import io.policyrt.drivers.loopback.LoopbackDaemon;
import io.policyrt.drivers.loopback.LoopbackListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A loopback mosquitto broker for one leg: generated configuration (no persistence, TCP_NODELAY),
 * a free port on 127.0.0.1, stopped by {@link #close()}. A missing binary is an error naming the
 * Debian package.
 */
public final class MosquittoProcess implements AutoCloseable {
    /** Where Debian installs the broker (often not on a non-root PATH). */
    private static final List<String> DIRECTORIES = List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin");

    private final LoopbackDaemon daemon;

    private MosquittoProcess(LoopbackDaemon daemon) {
        this.daemon = daemon;
    }

    /** The broker binary, or an IllegalStateException naming the Debian package. */
    public static String binary() {
        return Executables.find("mosquitto", DIRECTORIES).orElseThrow(() -> new IllegalStateException(
                "the MQTT legs need the mosquitto broker: install the Debian package 'mosquitto' (apt-get install mosquitto; "
                        + "./run-tests does it), or leave the MQTT legs out with --transports in-process"));
    }

    /** Starts a broker writing its configuration and log into {@code dir}; returns once it accepts connections. */
    public static MosquittoProcess start(Path dir) throws IOException, InterruptedException {
        String binary = binary();
        Files.createDirectories(dir);
        int port = LoopbackListener.freePort();
        Path config = dir.resolve("mosquitto-" + port + ".conf");
        Files.writeString(config, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n"
                + "set_tcp_nodelay true\nmax_queued_messages 10000\nlog_dest stderr\nlog_type error\nlog_type warning\n");
        return new MosquittoProcess(LoopbackDaemon.start("mosquitto", new ProcessBuilder(binary, "-c", config.toString()), port,
                dir.resolve("mosquitto-" + port + ".log"), 20, 20));
    }

    /** Kills the broker (SIGKILL), as a crash would; {@link #restart()} starts it again. */
    public void kill() throws InterruptedException {
        daemon.kill();
    }

    /** Starts the broker again on the same port, after {@link #kill()}; returns once it accepts connections. */
    public void restart() throws IOException, InterruptedException {
        daemon.restart();
    }

    public int port() { return daemon.port(); }

    public String uri() { return "tcp://127.0.0.1:" + daemon.port(); }

    @Override
    public void close() throws InterruptedException {
        daemon.close();
    }
}
