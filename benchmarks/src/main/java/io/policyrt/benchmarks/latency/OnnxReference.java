package io.policyrt.benchmarks.latency;

import io.policyrt.controller.policy.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Reference outputs of a policy under ONNX Runtime (through PolicyRT's {@code OnnxPolicy}) for a
 * few seeded observations, as JSON ({@code {"observations":[[...]],"actions":[[...]]}}), so that a
 * peer running the same file in another framework can prove at start that it computes the same
 * network.
 */
public final class OnnxReference {
    private static final int OBSERVATIONS = 8;

    private OnnxReference() {
    }

    /** Writes the reference file; observations are uniform in [-3, 3] per normalized feature, plus all zeros. */
    public static void write(Policy policy, Path file) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        int n = policy.spec().observationSize();
        StringBuilder obs = new StringBuilder("[");
        StringBuilder act = new StringBuilder("[");
        float[] action = new float[policy.spec().actionSize()];
        for (int k = 0; k < OBSERVATIONS; k++) {
            float[] o = new float[n];
            for (int i = 0; i < n && k > 0; i++) {
                o[i] = (float) random.nextDouble(-3, 3);
            }
            policy.act(o, action);
            obs.append(k > 0 ? "," : "").append(array(o));
            act.append(k > 0 ? "," : "").append(array(action));
        }
        Files.writeString(file, "{\"observations\":" + obs + "],\"actions\":" + act + "]}\n");
    }

    private static String array(float[] values) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < values.length; i++) {
            sb.append(i > 0 ? "," : "").append(values[i]);
        }
        return sb.append(']').toString();
    }
}
