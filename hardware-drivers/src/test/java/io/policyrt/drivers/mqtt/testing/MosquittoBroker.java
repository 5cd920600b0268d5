package io.policyrt.drivers.mqtt.testing;

import io.policyrt.drivers.loopback.Executables;
import io.policyrt.drivers.loopback.LoopbackDaemon;
import io.policyrt.drivers.loopback.LoopbackListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real mosquitto broker for integration tests, started on a free loopback port with a
 * generated configuration (no persistence) and stopped after. It can be killed and started again
 * on the same port, and can require TLS and a password, and take extra configuration lines (a
 * {@code message_size_limit}, an {@code acl_file}). A missing binary fails the test with the
 * Debian package to install; it never skips.
 */
public final class MosquittoBroker implements AutoCloseable {
    /** Where Debian installs the broker (often not on a non-root PATH). */
    private static final List<String> DIRECTORIES = List.of("/usr/sbin", "/usr/bin", "/usr/local/sbin");

    private final LoopbackDaemon daemon;
    private final boolean tls;

    private MosquittoBroker(LoopbackDaemon daemon, boolean tls) {
        this.daemon = daemon;
        this.tls = tls;
    }

    /** Plain TCP on 127.0.0.1, anonymous clients allowed. */
    public static MosquittoBroker start(Path dir) throws IOException {
        return start(dir, null, null);
    }

    /**
     * @param tlsFiles     CA, server certificate and server key (PEM), or null for plain TCP
     * @param passwordFile a mosquitto password file (see {@link #writePasswordFile}), or null for anonymous
     */
    public static MosquittoBroker start(Path dir, TestPki.ServerFiles tlsFiles, Path passwordFile) throws IOException {
        return launch(dir, tlsFiles, passwordFile, "");
    }

    /** Plain TCP with extra configuration lines, e.g. {@code message_size_limit 65536} or {@code acl_file ...}. */
    public static MosquittoBroker startWith(Path dir, Path passwordFile, String extraConfig) throws IOException {
        return launch(dir, null, passwordFile, extraConfig);
    }

    private static MosquittoBroker launch(Path dir, TestPki.ServerFiles tlsFiles, Path passwordFile, String extraConfig)
            throws IOException {
        Files.createDirectories(dir);
        int port = freePort();
        StringBuilder c = new StringBuilder();
        c.append("listener ").append(port).append(" 127.0.0.1\n");
        c.append("persistence false\n");
        c.append("set_tcp_nodelay true\n");
        c.append("log_dest stderr\n");
        c.append("log_type error\nlog_type warning\nlog_type notice\n");
        c.append("user ").append(System.getProperty("user.name")).append('\n');
        if (passwordFile != null) {
            c.append("allow_anonymous false\npassword_file ").append(passwordFile.toAbsolutePath()).append('\n');
        } else {
            c.append("allow_anonymous true\n");
        }
        if (tlsFiles != null) {
            c.append("cafile ").append(tlsFiles.caCert().toAbsolutePath()).append('\n');
            c.append("certfile ").append(tlsFiles.serverCert().toAbsolutePath()).append('\n');
            c.append("keyfile ").append(tlsFiles.serverKey().toAbsolutePath()).append('\n');
            c.append("require_certificate false\n");
        }
        c.append(extraConfig);
        if (!extraConfig.isEmpty() && !extraConfig.endsWith("\n")) {
            c.append('\n');
        }
        Path config = dir.resolve("mosquitto-" + port + ".conf");
        Files.writeString(config, c);
        try {
            return new MosquittoBroker(LoopbackDaemon.start("mosquitto", new ProcessBuilder(binary(), "-c", config.toString()), port,
                    dir.resolve("mosquitto-" + port + ".log"), 20, 20), tlsFiles != null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** The broker binary, or an AssertionError naming the Debian package. */
    public static String binary() {
        return Executables.find("mosquitto", DIRECTORIES).orElseThrow(() -> new AssertionError(
                "the mosquitto broker is not installed: install the Debian package 'mosquitto' (apt-get install mosquitto; "
                        + "./run-tests does it) to run the MQTT integration tests"));
    }

    /** Writes a mosquitto password file with one user, using mosquitto_passwd from the same package. */
    public static Path writePasswordFile(Path dir, String user, String password) throws IOException, InterruptedException {
        return writePasswordFile(dir, new String[] {user, password});
    }

    /** Writes a mosquitto password file with the given users: user, password, user, password, ... */
    public static Path writePasswordFile(Path dir, String... usersAndPasswords) throws IOException, InterruptedException {
        String passwd = Path.of(binary()).resolveSibling("mosquitto_passwd").toString();
        if (!Files.isExecutable(Path.of(passwd))) {
            passwd = "/usr/bin/mosquitto_passwd";
        }
        Path file = dir.resolve("passwd");
        for (int i = 0; i + 1 < usersAndPasswords.length; i += 2) {
            List<String> command = new ArrayList<>(List.of(passwd, "-b"));
            if (i == 0) {
                command.add("-c");
            }
            command.addAll(List.of(file.toString(), usersAndPasswords[i], usersAndPasswords[i + 1]));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("mosquitto_passwd failed (Debian package 'mosquitto'): " + out);
            }
        }
        return file;
    }

    /** Kills the broker at once (SIGKILL): clients see their connections drop. */
    public void kill() throws InterruptedException {
        daemon.kill();
    }

    /** Starts the broker again on the same port with the same configuration (and no retained state). */
    public void restart() throws IOException {
        try {
            daemon.restart();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    public int port() { return daemon.port(); }

    public String uri() { return (tls ? "ssl" : "tcp") + "://127.0.0.1:" + daemon.port(); }

    public boolean isAlive() { return daemon.isAlive(); }

    @Override
    public void close() throws InterruptedException {
        daemon.close();
    }

    public static int freePort() throws IOException {
        return LoopbackListener.freePort();
    }

    /** Runs a command and fails with its output unless it exits 0. */
    static void run(Path dir, List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("command failed: " + String.join(" ", command) + "\n" + out);
        }
    }
}
