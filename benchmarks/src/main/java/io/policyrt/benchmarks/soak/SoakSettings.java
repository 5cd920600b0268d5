package io.policyrt.benchmarks.soak;

import java.nio.file.Path;

/**
 * One soak run.
 *
 * @param transport           mqtt or ros1
 * @param durationS           how long the controller runs [s]
 * @param disturbEveryS       time between disturbances (a flood, then a peer restart) [s]
 * @param floodS              how long each flood lasts [s]
 * @param sampleEveryS        time between resource samples [s]
 * @param recoveryBoundS      a moving command must reach the robot this soon after each disturbance [s]
 * @param threadMargin        threads the last sample may exceed the baseline by
 * @param fdMargin            file descriptors the last sample may exceed the baseline by
 * @param heapMarginBytes     used heap after GC the last sample may exceed the baseline by [B]
 * @param workDir             broker configuration and logs
 */
public record SoakSettings(String transport, double durationS, double disturbEveryS, double floodS, double sampleEveryS,
                           double recoveryBoundS, int threadMargin, int fdMargin, long heapMarginBytes, Path workDir) {
    public SoakSettings {
        if (!transport.equals("mqtt") && !transport.equals("ros1")) {
            throw new IllegalArgumentException("transport must be mqtt or ros1, not " + transport);
        }
        if (!(durationS > 0 && disturbEveryS > floodS && floodS > 0 && sampleEveryS > 0 && recoveryBoundS > 0)) {
            throw new IllegalArgumentException("durations must be positive and a flood shorter than the disturbance period");
        }
    }
}
