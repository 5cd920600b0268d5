package io.policyrt.ros1.msg;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Debian's ROS 1 tools from tests: {@code rosmsg} and the genpy peer script
 * {@code policy-export/python/ros1/ros1_msg_peer.py} under the interpreter named by system
 * property {@code policyrt.python}. A missing tool or package fails the test and names the Debian
 * packages to install; it never skips.
 */
final class Ros1DebianTools {
    static final String PACKAGES = "ros-core python3-rosmsg python3-genmsg python3-genpy ros-std-msgs ros-geometry-msgs"
            + " ros-nav-msgs ros-sensor-msgs libstd-msgs-dev libgeometry-msgs-dev libnav-msgs-dev libsensor-msgs-dev"
            + " python3-std-msgs python3-geometry-msgs python3-nav-msgs python3-sensor-msgs";
    private static final long TIMEOUT_S = 120;

    private Ros1DebianTools() {
    }

    static Path repositoryRoot() {
        String repo = System.getProperty("policyrt.repo");
        Path p = repo != null ? Path.of(repo) : Path.of("").toAbsolutePath().getParent();
        if (!Files.isDirectory(p.resolve("policy-export/python/ros1"))) {
            fail("cannot find the repository root (policy-export/python/ros1) from " + p + "; set -Dpolicyrt.repo");
        }
        return p;
    }

    static Path messageRoot() {
        return repositoryRoot().resolve("ros1-client/src/main/ros/msg");
    }

    /** Runs the peer script with {@code args}; returns its stdout, fails with its stderr unless it exits 0. */
    static String runPeer(Path dir, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("policyrt.python", "/usr/bin/python3"));
        command.add(repositoryRoot().resolve("policy-export/python/ros1/ros1_msg_peer.py").toString());
        command.addAll(args);
        return run(dir, command);
    }

    /** Runs {@code rosmsg ARGS} and returns its stdout. */
    static String rosmsg(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("rosmsg");
        command.addAll(List.of(args));
        return run(dir, command);
    }

    private static String run(Path dir, List<String> command) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start '" + command.get(0) + "' (" + e.getMessage() + "); install Debian's "
                    + PACKAGES, e);
        }
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within " + TIMEOUT_S + " s");
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            fail(String.join(" ", command) + " exited with " + p.exitValue() + "; it needs Debian's " + PACKAGES
                    + "\nstderr:\n" + Files.readString(err, StandardCharsets.UTF_8));
        }
        return stdout;
    }
}
