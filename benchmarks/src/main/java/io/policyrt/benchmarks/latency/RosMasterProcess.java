package io.policyrt.benchmarks.latency;

import io.policyrt.drivers.loopback.LoopbackListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A loopback ROS 1 master for one leg: Debian's {@code rosmaster --core} on a free port of
 * 127.0.0.1, with its log and ROS_HOME in the leg's folder, stopped by {@link #close()}. A missing
 * binary is an error naming the Debian package.
 */
public final class RosMasterProcess implements AutoCloseable {
    /** The Debian package that provides rosmaster and rospy. */
    public static final String PACKAGE = "ros-core";
    private static final List<String> CANDIDATES = List.of("/usr/bin/rosmaster", "/usr/local/bin/rosmaster");

    private final Process process;
    private final Path dir;
    private final int port;

    private RosMasterProcess(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** The rosmaster binary, or an IllegalStateException naming the Debian package. */
    public static String binary() {
        for (String candidate : CANDIDATES) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("the ROS 1 legs need rosmaster: install the Debian package '" + PACKAGE
                + "' (apt-get install ros-core python3-rospy; ./run-tests does it), or leave the ROS 1 legs out with "
                + "--transports in-process,mqtt");
    }

    /** Starts a master writing its log into {@code dir}; returns once it accepts connections. */
    public static RosMasterProcess start(Path dir) throws IOException, InterruptedException {
        String binary = binary();
        Files.createDirectories(dir);
        int port = LoopbackListener.freePort();
        Path log = dir.resolve("rosmaster-" + port + ".log");
        ProcessBuilder pb = new ProcessBuilder(binary, "--core", "-p", Integer.toString(port)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(environment(dir, port));
        pb.environment().remove("ROS_MASTER_URI");
        Process process = pb.start();
        LoopbackListener.awaitListening(process, "rosmaster", port, 30, 50, log);
        return new RosMasterProcess(process, dir, port);
    }

    private static Map<String, String> environment(Path dir, int port) {
        // absolute: a peer may run in another working directory
        Path abs = dir.toAbsolutePath();
        return Map.of("ROS_MASTER_URI", "http://127.0.0.1:" + port + "/", "ROS_IP", "127.0.0.1",
                "ROS_HOME", abs.resolve("ros_home").toString(), "ROS_LOG_DIR", abs.resolve("ros_log").toString());
    }

    /** The environment of a rospy node on this master: master URI, loopback address, logs in the leg's folder. */
    public Map<String, String> environment() {
        return environment(dir, port);
    }

    public int port() { return port; }

    public String uri() { return "http://127.0.0.1:" + port + "/"; }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }
}
