package io.policyrt.benchmarks.latency;

import io.policyrt.drivers.loopback.LoopbackListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A loopback mosquitto broker for one leg: generated configuration (no persistence, TCP_NODELAY),
 * a free port on 127.0.0.1, stopped by {@link #close()}. A missing binary is an error naming the
 * Debian package.
 */
public final class MosquittoProcess implements AutoCloseable {
    private static final List<String> CANDIDATES = List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto");

    private final Process process;
    private final int port;

    private MosquittoProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The broker binary, or an IllegalStateException naming the Debian package. */
    public static String binary() {
        for (String candidate : CANDIDATES) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "mosquitto");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new IllegalStateException("the MQTT legs need the mosquitto broker: install the Debian package 'mosquitto' "
                + "(apt-get install mosquitto; ./run-tests does it), or leave the MQTT legs out with --transports in-process");
    }

    /** Starts a broker writing its configuration and log into {@code dir}; returns once it accepts connections. */
    public static MosquittoProcess start(Path dir) throws IOException, InterruptedException {
        String binary = binary();
        Files.createDirectories(dir);
        int port = LoopbackListener.freePort();
        Path config = dir.resolve("mosquitto-" + port + ".conf");
        Files.writeString(config, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n"
                + "set_tcp_nodelay true\nmax_queued_messages 10000\nlog_dest stderr\nlog_type error\nlog_type warning\n");
        Path log = dir.resolve("mosquitto-" + port + ".log");
        Process process = new ProcessBuilder(binary, "-c", config.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        LoopbackListener.awaitListening(process, "mosquitto", port, 20, 20, log);
        return new MosquittoProcess(process, port);
    }

    public int port() { return port; }

    public String uri() { return "tcp://127.0.0.1:" + port; }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
