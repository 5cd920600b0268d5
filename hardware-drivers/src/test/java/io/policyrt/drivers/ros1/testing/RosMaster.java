package io.policyrt.drivers.ros1.testing;

import io.policyrt.drivers.loopback.LoopbackListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code rosmaster --core} for integration tests, on a free loopback port, with its logs
 * and ROS_HOME in a test directory; it can be killed and started again on the same port. A
 * missing binary fails the test naming the Debian package; it never skips.
 */
public final class RosMaster implements AutoCloseable {
    public static final String PACKAGE = "ros-core";
    private static final List<String> CANDIDATES = List.of("/usr/bin/rosmaster", "/usr/local/bin/rosmaster");

    private final Path dir;
    private final int port;
    private Process process;

    private RosMaster(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static RosMaster start(Path dir) throws IOException {
        Files.createDirectories(dir);
        RosMaster m = new RosMaster(dir, freePort());
        m.launch();
        return m;
    }

    /** The rosmaster binary, or an AssertionError naming the Debian package. */
    public static String binary() {
        return executable("rosmaster");
    }

    /** A ROS command-line tool from Debian's ros-core (rostopic, rosmsg), or an AssertionError naming the package. */
    public static String executable(String name) {
        for (String candidate : CANDIDATES) {
            Path p = Path.of(candidate).resolveSibling(name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new AssertionError(name + " is not installed: install the Debian package '" + PACKAGE
                + "' (apt-get install " + PACKAGE + " ros-std-msgs ros-geometry-msgs ros-nav-msgs ros-sensor-msgs "
                + "python3-std-msgs python3-geometry-msgs python3-nav-msgs python3-sensor-msgs; ./run-tests does it) "
                + "to run the ROS 1 integration tests");
    }

    /** Environment for ROS tools and rospy peers talking to this master from loopback. */
    public Map<String, String> environment() {
        return Map.of("ROS_MASTER_URI", uri(), "ROS_IP", "127.0.0.1", "ROS_HOME", dir.resolve("ros_home").toString(),
                "ROS_LOG_DIR", dir.resolve("ros_log").toString(), "PYTHONUNBUFFERED", "1");
    }

    private void launch() throws IOException {
        Path log = dir.resolve("rosmaster-" + port + ".log");
        ProcessBuilder pb = new ProcessBuilder(binary(), "--core", "-p", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(environment());
        pb.environment().remove("ROS_MASTER_URI");
        process = pb.start();
        try {
            LoopbackListener.awaitListening(process, "rosmaster", port, 30, 50, log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    /** Kills the master at once: every registration is lost with it. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Starts a fresh master (knowing nothing) on the same port. */
    public void restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException("rosmaster still running");
        }
        launch();
    }

    public int port() { return port; }

    public String uri() { return "http://127.0.0.1:" + port + "/"; }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    public static int freePort() throws IOException {
        return LoopbackListener.freePort();
    }
}
