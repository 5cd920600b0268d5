package io.policyrt.drivers.ros1.testing;

import io.policyrt.drivers.loopback.Executables;
import io.policyrt.drivers.loopback.LoopbackDaemon;
import io.policyrt.drivers.loopback.LoopbackListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real {@code rosmaster --core} for integration tests, on a free loopback port, with its logs
 * and ROS_HOME in a test directory; it can be killed and started again on the same port. A
 * missing binary fails the test naming the Debian package; it never skips.
 */
public final class RosMaster implements AutoCloseable {
    public static final String PACKAGE = "ros-core";
    /** Where Debian installs ros-core's tools. */
    private static final List<String> DIRECTORIES = List.of("/usr/bin", "/usr/local/bin");

    private final Path dir;
    private final int port;
    private final LoopbackDaemon daemon;

    private RosMaster(Path dir, int port) throws IOException {
        this.dir = dir;
        this.port = port;
        ProcessBuilder pb = new ProcessBuilder(binary(), "--core", "-p", Integer.toString(port));
        pb.environment().putAll(environment());
        pb.environment().remove("ROS_MASTER_URI");
        try {
            this.daemon = LoopbackDaemon.start("rosmaster", pb, port, dir.resolve("rosmaster-" + port + ".log"), 30, 50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    public static RosMaster start(Path dir) throws IOException {
        Files.createDirectories(dir);
        return new RosMaster(dir, freePort());
    }

    /** The rosmaster binary, or an AssertionError naming the Debian package. */
    public static String binary() {
        return executable("rosmaster");
    }

    /** A ROS command-line tool from Debian's ros-core (rostopic, rosmsg), or an AssertionError naming the package. */
    public static String executable(String name) {
        return Executables.find(name, DIRECTORIES).orElseThrow(() -> new AssertionError(name
                + " is not installed: install the Debian package '" + PACKAGE + "' (apt-get install " + PACKAGE
                + " ros-std-msgs ros-geometry-msgs ros-nav-msgs ros-sensor-msgs python3-std-msgs python3-geometry-msgs"
                + " python3-nav-msgs python3-sensor-msgs; ./run-tests does it) to run the ROS 1 integration tests"));
    }

    /** Environment for ROS tools and rospy peers talking to this master from loopback. */
    public Map<String, String> environment() {
        return Map.of("ROS_MASTER_URI", uri(), "ROS_IP", "127.0.0.1", "ROS_HOME", dir.resolve("ros_home").toString(),
                "ROS_LOG_DIR", dir.resolve("ros_log").toString(), "PYTHONUNBUFFERED", "1");
    }

    /** Kills the master at once: every registration is lost with it. */
    public void kill() throws InterruptedException {
        daemon.kill();
    }

    /** Starts a fresh master (knowing nothing) on the same port. */
    public void restart() throws IOException {
        try {
            daemon.restart();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    public int port() { return port; }

    public String uri() { return "http://127.0.0.1:" + port + "/"; }

    @Override
    public void close() throws InterruptedException {
        daemon.close();
    }

    public static int freePort() throws IOException {
        return LoopbackListener.freePort();
    }
}
