package io.policyrt.benchmarks.latency;

import io.policyrt.drivers.loopback.Executables;
import io.policyrt.drivers.loopback.LoopbackDaemon;
import io.policyrt.drivers.loopback.LoopbackListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A loopback ROS 1 master for one leg: Debian's {@code rosmaster --core} on a free port of
 * 127.0.0.1, with its log and ROS_HOME in the leg's folder, stopped by {@link #close()}. A missing
 * binary is an error naming the Debian package.
 */
public final class RosMasterProcess implements AutoCloseable {
    /** The Debian package that provides rosmaster and rospy. */
    public static final String PACKAGE = "ros-core";
    /** Where Debian installs ros-core's tools. */
    private static final List<String> DIRECTORIES = List.of("/usr/bin", "/usr/local/bin");

    private final LoopbackDaemon daemon;
    private final Path dir;

    private RosMasterProcess(LoopbackDaemon daemon, Path dir) {
        this.daemon = daemon;
        this.dir = dir;
    }

    /** The rosmaster binary, or an IllegalStateException naming the Debian package. */
    public static String binary() {
        return Executables.find("rosmaster", DIRECTORIES).orElseThrow(() -> new IllegalStateException(
                "the ROS 1 legs need rosmaster: install the Debian package '" + PACKAGE + "' (apt-get install ros-core python3-rospy; "
                        + "./run-tests does it), or leave the ROS 1 legs out with --transports in-process,mqtt"));
    }

    /** Starts a master writing its log into {@code dir}; returns once it accepts connections. */
    public static RosMasterProcess start(Path dir) throws IOException, InterruptedException {
        String binary = binary();
        Files.createDirectories(dir);
        int port = LoopbackListener.freePort();
        ProcessBuilder pb = new ProcessBuilder(binary, "--core", "-p", Integer.toString(port));
        pb.environment().putAll(environment(dir, port));
        pb.environment().remove("ROS_MASTER_URI");
        Path log = dir.resolve("rosmaster-" + port + ".log");
        return new RosMasterProcess(LoopbackDaemon.start("rosmaster", pb, port, log, 30, 50), dir);
    }

    private static Map<String, String> environment(Path dir, int port) {
        // absolute: a peer may run in another working directory
        Path abs = dir.toAbsolutePath();
        return Map.of("ROS_MASTER_URI", "http://127.0.0.1:" + port + "/", "ROS_IP", "127.0.0.1",
                "ROS_HOME", abs.resolve("ros_home").toString(), "ROS_LOG_DIR", abs.resolve("ros_log").toString());
    }

    /** The environment of a rospy node on this master: master URI, loopback address, logs in the leg's folder. */
    public Map<String, String> environment() {
        return environment(dir, daemon.port());
    }

    public int port() { return daemon.port(); }

    public String uri() { return "http://127.0.0.1:" + daemon.port() + "/"; }

    @Override
    public void close() throws InterruptedException {
        daemon.close();
    }
}
