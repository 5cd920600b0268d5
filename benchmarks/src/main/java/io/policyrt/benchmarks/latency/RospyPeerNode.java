package io.policyrt.benchmarks.latency;

import io.policyrt.controller.loop.TriggerMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
    private static final String NAME = "the rospy peer";

    private final String python;
    private final TriggerMode mode;
    private final long periodNanos;
    private final Path timingsFile;
    private final Path latenessFile;
    private final PythonPeerProcess process;

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
        this.mode = mode;
        this.periodNanos = Math.round(1e9 / rateHz);
        this.timingsFile = workDir.resolve("rospy-peer-timings.txt");
        this.latenessFile = workDir.resolve("rospy-peer-lateness.txt");
        List<String> command = new ArrayList<>(List.of(python, "-u", "-m", "peers.rospy_policy_node",
                "--policy", policyFile.toAbsolutePath().toString(), "--reference", referenceFile.toAbsolutePath().toString(),
                "--cmd-vel-type", "twist_stamped", "--timings-out", timingsFile.toAbsolutePath().toString()));
        if (mode == TriggerMode.TIMER) {
            command.addAll(List.of("--mode", "timer", "--rate-hz", String.format(Locale.ROOT, "%s", rateHz),
                    "--lateness-out", latenessFile.toAbsolutePath().toString()));
        }
        this.process = new PythonPeerProcess(NAME, pythonDir, command, environment, workDir.resolve("rospy-peer.log"));
    }

    /** Fails, naming the Debian packages, when the interpreter lacks a module the node imports. */
    public static void checkInterpreter(String python) throws IOException, InterruptedException {
        PythonPeerProcess.checkInterpreter(python, NAME,
                "rospy, genmsg, genpy.dynamic, nav_msgs.msg, geometry_msgs.msg, std_msgs.msg, torch, onnx, numpy", PACKAGES);
    }

    @Override
    public void start() throws Exception {
        checkInterpreter(python);
        Files.deleteIfExists(timingsFile);
        Files.deleteIfExists(latenessFile);
        process.start();
    }

    @Override
    public void resetStats() {
        process.signal("-USR1");
    }

    @Override
    public NodeStats stop() throws Exception {
        process.stop(); // SIGTERM: rospy shuts down and the node writes its timings
        Histogram processing = process.readNanos(timingsFile);
        if (mode != TriggerMode.TIMER) {
            return new NodeStats(processing, null, null, -1, "odometry message received to command published (rospy)", Map.of());
        }
        Histogram lateness = process.readNanos(latenessFile);
        // rospy.Rate starts over from now when it fell a whole period behind: count those wake-ups.
        long missed = lateness.getCountBetweenValues(periodNanos, lateness.getHighestTrackableValue());
        return new NodeStats(processing, lateness, null, missed, "timer wake-up to command published (rospy)", Map.of());
    }

    /** The node's standard output and error so far. */
    public String log() {
        return process.log();
    }

    @Override
    public void close() {
        process.close();
    }
}
