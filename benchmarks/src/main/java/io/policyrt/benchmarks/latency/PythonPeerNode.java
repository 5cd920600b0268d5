package io.policyrt.benchmarks.latency;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * The Python baseline: {@code peers.mqtt_policy_node} (paho-mqtt, numpy, PyTorch) in its own
 * process under Debian's interpreter, on the same broker and topics. It proves at start that its
 * PyTorch network matches ONNX Runtime on the reference observations, then prints READY. SIGUSR1
 * clears its timings after warm-up; SIGTERM stops it and it writes them to a file.
 */
public final class PythonPeerNode implements NodeUnderTest {
    /** The Debian packages the node imports. */
    public static final String PACKAGES = "python3-paho-mqtt python3-torch python3-onnx python3-numpy";
    private static final long START_TIMEOUT_S = 120;

    private final String python;
    private final Path pythonDir;
    private final List<String> arguments;
    private final Path timingsFile;
    private final Path logFile;
    private Process process;

    /**
     * @param python    the interpreter (Debian's {@code /usr/bin/python3})
     * @param pythonDir {@code policy-export/python}, which holds the {@code peers} package
     * @param workDir   where the node's log and timings go
     */
    public PythonPeerNode(String python, Path pythonDir, Path policyFile, Path referenceFile, int brokerPort, String topicBase,
                          Path workDir) {
        this.python = python;
        this.pythonDir = pythonDir;
        this.timingsFile = workDir.resolve("python-peer-timings.txt");
        this.logFile = workDir.resolve("python-peer.log");
        this.arguments = List.of(python, "-u", "-m", "peers.mqtt_policy_node", "--port", Integer.toString(brokerPort),
                "--topic-base", topicBase, "--policy", policyFile.toAbsolutePath().toString(),
                "--reference", referenceFile.toAbsolutePath().toString(), "--timings-out", timingsFile.toAbsolutePath().toString());
    }

    /** Fails, naming the Debian packages, when the interpreter lacks a module the node imports. */
    public static void checkInterpreter(String python) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(python, "-c", "import paho.mqtt.client, torch, onnx, numpy").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + python + " for the Python peer: install the Debian packages python3 "
                    + PACKAGES + " (./run-tests does it)", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(python + " cannot import what the Python peer needs (" + out
                    + "): install the Debian packages " + PACKAGES + " (./run-tests does it)");
        }
    }

    @Override
    public void start() throws Exception {
        checkInterpreter(python);
        Files.deleteIfExists(timingsFile);
        process = new ProcessBuilder(arguments).directory(pythonDir.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    Files.writeString(logFile, line + "\n", StandardCharsets.UTF_8,
                            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                    if (line.equals("READY")) {
                        ready.complete(line);
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException("the Python peer exited before it was ready"));
        }, "bench-python-peer-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            ready.get(START_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
            close();
            throw new IllegalStateException("the Python peer did not start (" + e.getMessage() + "); its log "
                    + logFile + ":\n" + log(), e);
        }
    }

    @Override
    public void resetStats() {
        signal("-USR1");
    }

    @Override
    public NodeStats stop() throws Exception {
        process.destroy(); // SIGTERM: the node disconnects and writes its timings
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the Python peer did not stop within 30 s; log:\n" + log());
        }
        if (!Files.isRegularFile(timingsFile)) {
            throw new IllegalStateException("the Python peer wrote no timings (exit " + process.exitValue() + "); log:\n" + log());
        }
        Histogram processing = new Histogram(1, 10_000_000_000L, 3);
        for (String line : Files.readAllLines(timingsFile)) {
            if (!line.isBlank()) {
                processing.recordValue(Math.min(Long.parseLong(line.trim()), processing.getHighestTrackableValue()));
            }
        }
        return new NodeStats(processing, null, null, -1, "odometry message received to command published (Python)", java.util.Map.of());
    }

    private void signal(String signal) {
        try {
            new ProcessBuilder("kill", signal, Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal the Python peer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String log() {
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
