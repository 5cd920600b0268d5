package io.policyrt.drivers.ros1.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A ROS peer process for tests (rostopic, or the rospy script {@code policy-export/python/ros1/ros1_peer.py}
 * under Debian's /usr/bin/python3), talking to a {@link RosMaster}. Its stdout lines are kept for
 * assertions; {@link #close} kills it.
 */
public final class RosPeer implements AutoCloseable {
    public static final String PYTHON_PACKAGES = "ros-core python3-std-msgs python3-geometry-msgs python3-nav-msgs python3-sensor-msgs";

    private final Process process;
    private final String what;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> all = new ArrayList<>();
    private final Path stderr;

    private RosPeer(Process process, String what, Path stderr) {
        this.process = process;
        this.what = what;
        this.stderr = stderr;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                    synchronized (all) {
                        all.add(line);
                    }
                }
            } catch (IOException ignored) {
                // process gone
            }
        }, "test-ros-peer-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** Runs {@code rostopic ARGS}. */
    public static RosPeer rostopic(RosMaster master, Path dir, String... args) throws IOException {
        return tool(master, dir, "rostopic", args);
    }

    /** Runs one of ROS's command-line tools ({@code rostopic}, {@code rosnode}, ...) with {@code args}. */
    public static RosPeer tool(RosMaster master, Path dir, String tool, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(RosMaster.executable(tool));
        cmd.addAll(List.of(args));
        return start(master, dir, cmd, tool + " " + String.join(" ", args));
    }

    /** Runs the rospy peer script with {@code args}. */
    public static RosPeer rospy(RosMaster master, Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(python());
        cmd.add(repositoryRoot().resolve("policy-export/python/ros1/ros1_peer.py").toString());
        cmd.addAll(List.of(args));
        return start(master, dir, cmd, "ros1_peer.py " + String.join(" ", args));
    }

    private static RosPeer start(RosMaster master, Path dir, List<String> cmd, String what) throws IOException {
        Files.createDirectories(dir);
        Path err = Files.createTempFile(dir, "peer", ".stderr");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(err.toFile());
        pb.environment().putAll(master.environment());
        return new RosPeer(pb.start(), what, err);
    }

    public static String python() {
        String p = System.getProperty("policyrt.python", "/usr/bin/python3");
        if (!Files.isExecutable(Path.of(p))) {
            throw new AssertionError(p + " is missing: install Debian's python3 and " + PYTHON_PACKAGES);
        }
        return p;
    }

    public static Path repositoryRoot() {
        String repo = System.getProperty("policyrt.repo");
        Path p = repo != null ? Path.of(repo) : Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("policy-export/python"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new AssertionError("cannot find the repository root (policy-export/python)");
        }
        return p;
    }

    /** Waits for a stdout line matching {@code match}; fails with the peer's output on timeout or exit. */
    public String awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = lines.poll(Math.max(0, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200))), TimeUnit.NANOSECONDS);
            if (line != null && match.test(line)) {
                return line;
            }
            if (line == null && !process.isAlive() && lines.isEmpty()) {
                throw new AssertionError(what + " exited with " + process.exitValue() + describe());
            }
            if (left <= 0) {
                throw new AssertionError(what + ": no matching line within " + timeout + describe());
            }
        }
    }

    private String describe() throws IOException {
        String out;
        synchronized (all) {
            out = String.join("\n", all.subList(Math.max(0, all.size() - 20), all.size()));
        }
        String err = Files.readString(stderr);
        if (process.isAlive() || process.exitValue() != 3) {
            return "\nstdout (last lines):\n" + out + "\nstderr:\n" + err;
        }
        return "; the ROS Python packages are missing: install Debian's " + PYTHON_PACKAGES + "\nstderr:\n" + err;
    }

    public Process process() { return process; }

    /** Every stdout line so far, joined with newlines. */
    public String output() {
        synchronized (all) {
            return String.join("\n", all);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy(); // SIGTERM: rospy unregisters from the master
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
