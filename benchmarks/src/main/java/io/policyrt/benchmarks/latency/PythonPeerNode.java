package io.policyrt.benchmarks.latency;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The Python baseline: {@code peers.mqtt_policy_node} (paho-mqtt, numpy, PyTorch) in its own
 * process under Debian's interpreter, on the same broker and topics. It proves at start that its
 * PyTorch network matches ONNX Runtime on the reference observations, then prints READY. SIGUSR1
 * clears its timings after warm-up; SIGTERM stops it and it writes them to a file.
 */
public final class PythonPeerNode implements NodeUnderTest {
    /** The Debian packages the node imports. */
    public static final String PACKAGES = "python3-paho-mqtt python3-torch python3-onnx python3-numpy";
    private static final String NAME = "the Python peer";

    private final String python;
    private final Path timingsFile;
    private final PythonPeerProcess process;

    /**
     * @param python    the interpreter (Debian's {@code /usr/bin/python3})
     * @param pythonDir {@code policy-export/python}, which holds the {@code peers} package
     * @param workDir   where the node's log and timings go
     */
    public PythonPeerNode(String python, Path pythonDir, Path policyFile, Path referenceFile, int brokerPort, String topicBase,
                          Path workDir) {
        this.python = python;
        this.timingsFile = workDir.resolve("python-peer-timings.txt");
        this.process = new PythonPeerProcess(NAME, pythonDir, List.of(python, "-u", "-m", "peers.mqtt_policy_node",
                "--port", Integer.toString(brokerPort), "--topic-base", topicBase, "--policy", policyFile.toAbsolutePath().toString(),
                "--reference", referenceFile.toAbsolutePath().toString(), "--timings-out", timingsFile.toAbsolutePath().toString()),
                Map.of(), workDir.resolve("python-peer.log"));
    }

    /** Fails, naming the Debian packages, when the interpreter lacks a module the node imports. */
    public static void checkInterpreter(String python) throws IOException, InterruptedException {
        PythonPeerProcess.checkInterpreter(python, NAME, "paho.mqtt.client, torch, onnx, numpy", PACKAGES);
    }

    @Override
    public void start() throws Exception {
        checkInterpreter(python);
        Files.deleteIfExists(timingsFile);
        process.start();
    }

    @Override
    public void resetStats() {
        process.signal("-USR1");
    }

    @Override
    public NodeStats stop() throws Exception {
        process.stop(); // SIGTERM: the node disconnects and writes its timings
        return new NodeStats(process.readNanos(timingsFile), null, null, -1,
                "odometry message received to command published (Python)", Map.of());
    }

    @Override
    public void close() {
        process.close();
    }
}
