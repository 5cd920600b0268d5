package io.policyrt.benchmarks.latency;

import io.policyrt.controller.policy.PolicyBackend;
import java.nio.file.Path;

/**
 * What every leg of one harness run shares.
 *
 * @param seconds         measured time per leg and round [s]
 * @param warmUpSeconds   time per leg before measuring (JIT, connections, the path) [s]
 * @param sensorRateHz    odometry rate [Hz]
 * @param obstacleRateHz  obstacle report rate [Hz]
 * @param noiseFloor      whether a busy-wait noise-floor probe runs alongside each leg
 * @param policyFile      the .onnx policy every node runs
 * @param backend         what runs it in PolicyRT's legs ({@code policy.backend}); the peers' references are ONNX Runtime's
 * @param python          the interpreter of the Python peer
 * @param pythonDir       the folder holding the {@code peers} package
 */
public record HarnessSettings(double seconds, double warmUpSeconds, double sensorRateHz, double obstacleRateHz, boolean noiseFloor, Path policyFile,
                              PolicyBackend backend, String python, Path pythonDir) {
}
