package io.policyrt.benchmarks.latency;

import io.policyrt.controller.loop.TriggerMode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.HdrHistogram.Histogram;

/**
 * The ROS 1 baseline: {@code peers.rospy_policy_node} (rospy, numpy, PyTorch) in its own process
 * under Debian's interpreter, on the leg's rosmaster and the topics PolicyRT's ROS 1 transport
 * reads, answering with TwistStamped on {@code /cmd_vel} stamped with the odometry it used. It
 * proves at start that its PyTorch network matches ONNX Runtime on the reference observations,
 * then prints READY. SIGUSR1 clears its timings after warm-up; SIGTERM stops it and it writes them.
 */
public final class RospyPeerNode implements NodeUnderTest {
    /** The Debian packages the node imports. */
    public static final String PACKAGES = "ros-core python3-rospy python3-genmsg python3-genpy python3-std-msgs "
            + "python3-geometry-msgs python3-nav-msgs python3-torch python3-onnx python3-numpy";
    private static final long START_TIMEOUT_S = 120;

    private final String python;
    private final Path pythonDir;
    private final List<String> arguments;
    private final Map<String, String> environment;
    private final TriggerMode mode;
    private final long periodNanos;
    private final Path timingsFile;
    private final Path latenessFile;
    private final Path logFile;
    private Process process;
    private Thread stdoutReader;

    /**
     * @param python      the interpreter (Debian's {@code /usr/bin/python3})
     * @param pythonDir   {@code policy-export/python}, which holds the {@code peers} package
     * @param environment ROS_MASTER_URI and the rest of the ROS environment of the leg's master
     * @param rateHz      the timer rate (timer mode only)
     * @param workDir     where the node's log and timings go
     */
    public RospyPeerNode(String python, Path pythonDir, Path policyFile, Path referenceFile, Map<String, String> environment,
                         TriggerMode mode, double rateHz, Path workDir) {
        this.python = python;
        this.pythonDir = pythonDir;
        this.environment = Map.copyOf(environment);
        this.mode = mode;
        this.periodNanos = Math.round(1e9 / rateHz);
        this.timingsFile = workDir.resolve("rospy-peer-timings.txt");
        this.latenessFile = workDir.resolve("rospy-peer-lateness.txt");
        this.logFile = workDir.resolve("rospy-peer.log");
        List<String> args = new ArrayList<>(List.of(python, "-u", "-m", "peers.rospy_policy_node",
                "--policy", policyFile.toAbsolutePath().toString(), "--reference", referenceFile.toAbsolutePath().toString(),
                "--cmd-vel-type", "twist_stamped", "--timings-out", timingsFile.toAbsolutePath().toString()));
        if (mode == TriggerMode.TIMER) {
            args.addAll(List.of("--mode", "timer", "--rate-hz", String.format(Locale.ROOT, "%s", rateHz),
                    "--lateness-out", latenessFile.toAbsolutePath().toString()));
        }
        this.arguments = List.copyOf(args);
    }

    /** Fails, naming the Debian packages, when the interpreter lacks a module the node imports. */
    public static void checkInterpreter(String python) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(python, "-c", "import rospy, genmsg, genpy.dynamic, nav_msgs.msg, geometry_msgs.msg, std_msgs.msg, "
                    + "torch, onnx, numpy").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + python + " for the rospy peer: install the Debian packages python3 "
                    + PACKAGES + " (./run-tests does it)", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(python + " cannot import what the rospy peer needs (" + out
                    + "): install the Debian packages " + PACKAGES + " (./run-tests does it)");
        }
    }

    @Override
    public void start() throws Exception {
        checkInterpreter(python);
        Files.deleteIfExists(timingsFile);
        Files.deleteIfExists(latenessFile);
        ProcessBuilder pb = new ProcessBuilder(arguments).directory(pythonDir.toFile())
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
            ready.completeExceptionally(new IllegalStateException("the rospy peer exited before it was ready"));
        }, "bench-rospy-peer-stdout");
        stdoutReader.setDaemon(true);
        stdoutReader.start();
        try {
            ready.get(START_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new IllegalStateException("the rospy peer did not start (" + e.getMessage() + "); its log " + logFile + ":\n" + log(), e);
        }
    }

    @Override
    public void resetStats() {
        signal("-USR1");
    }

    @Override
    public NodeStats stop() throws Exception {
        process.destroy(); // SIGTERM: rospy shuts down and the node writes its timings
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the rospy peer did not stop within 30 s; log:\n" + log());
        }
        stdoutReader.join(5000); // its last lines into the log
        if (!Files.isRegularFile(timingsFile)) {
            throw new IllegalStateException("the rospy peer wrote no timings (exit " + process.exitValue() + "); log:\n" + log());
        }
        Histogram processing = read(timingsFile);
        if (mode != TriggerMode.TIMER) {
            return new NodeStats(processing, null, null, -1, "odometry message received to command published (rospy)", Map.of());
        }
        Histogram lateness = read(latenessFile);
        // rospy.Rate starts over from now when it fell a whole period behind: count those wake-ups.
        long missed = lateness.getCountBetweenValues(periodNanos, lateness.getHighestTrackableValue());
        return new NodeStats(processing, lateness, null, missed, "timer wake-up to command published (rospy)", Map.of());
    }

    private Histogram read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("the rospy peer wrote no " + file.getFileName() + "; log:\n" + log());
        }
        Histogram h = new Histogram(1, 10_000_000_000L, 3);
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                h.recordValue(Math.max(0, Math.min(Long.parseLong(line.trim()), h.getHighestTrackableValue())));
            }
        }
        return h;
    }

    private void signal(String signal) {
        try {
            new ProcessBuilder("kill", signal, Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new IllegalStateException("cannot signal the rospy peer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The node's standard output and error so far. */
    public String log() {
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
