package io.policyrt.benchmarks.latency;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * One Python baseline node in its own process: started until it prints READY, signalled, stopped
 * with SIGTERM (on which the peers write their timings), its output kept in a log for failures.
 */
final class PythonPeerProcess implements AutoCloseable {
    private static final long START_TIMEOUT_S = 120;
    private static final long STOP_TIMEOUT_S = 30;

    private final String name;
    private final Path pythonDir;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path logFile;
    private Process process;
    private Thread stdoutReader;

    /**
     * @param name      how messages name the node ("the rospy peer")
     * @param pythonDir {@code policy-export/python}, which holds the {@code peers} package
     * @param command   the interpreter and its arguments
     */
    PythonPeerProcess(String name, Path pythonDir, List<String> command, Map<String, String> environment, Path logFile) {
        this.name = name;
        this.pythonDir = pythonDir;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.logFile = logFile;
    }

    /**
     * Fails, naming the Debian packages, when {@code python} cannot import {@code modules}.
     *
     * @param modules  a Python import list ("rospy, torch")
     * @param packages the Debian packages that provide them
     */
    static void checkInterpreter(String python, String name, String modules, String packages)
            throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(python, "-c", "import " + modules).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + python + " for " + name + ": install the Debian packages python3 "
                    + packages + " (./run-tests does it)", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(python + " cannot import what " + name + " needs (" + out
                    + "): install the Debian packages " + packages + " (./run-tests does it)");
        }
    }

    /** Starts the node and returns once it printed READY; a node that exits or stays silent fails with its log. */
    void start() throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(pythonDir.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        pb.environment().putAll(environment);
        process = pb.start();
        CompletableFuture<String> ready = new CompletableFuture<>();
        stdoutReader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    Files.writeString(logFile, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    if (line.equals("READY")) {
                        ready.complete(line);
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException(name + " exited before it was ready"));
        }, "bench-python-peer-stdout");
        stdoutReader.setDaemon(true);
        stdoutReader.start();
        try {
            ready.get(START_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new IllegalStateException(name + " did not start (" + e.getMessage() + "); its log " + logFile + ":\n" + log(), e);
        }
    }

    /** Sends a signal ("-USR1") to the node. */
    void signal(String signal) {
        try {
            new ProcessBuilder("kill", signal, Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the node with SIGTERM and waits until it exited and its last lines are in the log. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT_S, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not stop within " + STOP_TIMEOUT_S + " s; log:\n" + log());
        }
        stdoutReader.join(5000);
    }

    /** A file of nanosecond values, one per line, that the node wrote on SIGTERM, as a histogram. */
    Histogram readNanos(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(name + " wrote no " + file.getFileName() + " (exit " + process.exitValue() + "); log:\n"
                    + log());
        }
        Histogram h = new Histogram(1, 10_000_000_000L, 3);
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                h.recordValue(Math.max(0, Math.min(Long.parseLong(line.trim()), h.getHighestTrackableValue())));
            }
        }
        return h;
    }

    /** The node's standard output and error so far. */
    String log() {
        try {
            return Files.isRegularFile(logFile) ? Files.readString(logFile) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
