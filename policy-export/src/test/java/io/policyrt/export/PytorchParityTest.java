package io.policyrt.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.policy.OnnxPolicy;
import io.policyrt.controller.policy.PolicyLoader;
import io.policyrt.controller.policy.PolicySpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports a seeded random actor with {@code policy-export/python/export.py} and checks that ONNX
 * Runtime, through {@link PolicyLoader} and {@link OnnxPolicy}, reproduces PyTorch's float32
 * actions on the golden observations. Needs Debian's python3-torch and python3-onnx under the
 * interpreter named by {@code policyrt.python}; without them the test fails, it never skips.
 */
class PytorchParityTest {
    private static final double TOLERANCE = 1e-5;

    @BeforeAll
    static void pythonHasTorchAndOnnx(@TempDir Path dir) throws Exception {
        PythonScripts.requireTorchAndOnnx(dir);
    }

    @Test
    void policyrt_layout_export_matches_pytorch_to_1e_minus_5(@TempDir Path dir) throws Exception {
        double maxError = exportAndCompare(dir, "random", 16, false);
        System.out.printf("PolicyRT layout, 16 features: max |onnxruntime - torch| = %.3g%n", maxError);
        assertThat(maxError).isLessThanOrEqualTo(TOLERANCE);
    }

    @Test
    void gops_layout_export_with_sidecar_matches_pytorch_to_1e_minus_5(@TempDir Path dir) throws Exception {
        double maxError = exportAndCompare(dir, "random-gops", 8, true);
        System.out.printf("GOPS layout, 8 features: max |onnxruntime - torch| = %.3g%n", maxError);
        assertThat(maxError).isLessThanOrEqualTo(TOLERANCE);
    }

    /** Exports, loads, runs every golden observation; returns the largest absolute difference. */
    private static double exportAndCompare(Path dir, String name, int obsDim, boolean gops) throws Exception {
        Path onnx = dir.resolve(name + ".onnx");
        List<String> args = new ArrayList<>(List.of("--random-actor", "--obs-dim", Integer.toString(obsDim),
                "--out", onnx.toString(), "--golden", dir.toString(), "--seed", "7"));
        if (gops) {
            args.add("--gops");
        }
        PythonScripts.runScript(dir, "export.py", args);
        assertThat(Files.exists(PolicyLoader.defaultSidecar(onnx))).as("sidecar written").isEqualTo(gops);

        List<String> known = List.copyOf(FeatureRegistry.tracking().names());
        try (OnnxPolicy policy = PolicyLoader.load(onnx, known)) {
            PolicySpec spec = policy.spec();
            // export.py's feature list mirrors FeatureRegistry.tracking(), in the same order.
            assertThat(spec.featureNames()).isEqualTo(known.subList(0, obsDim));
            assertThat(spec.actionNames()).containsExactly("v_mps", "w_radps");
            assertThat(spec.provenance()).containsEntry("algorithm", "random-init").containsKeys(
                    "weights_sha256", "exporter_revision", "created_utc");
            assertThat(spec.source()).contains(gops ? "sidecar" : "metadata");
            assertThat(policy.outputName()).isEqualTo(gops ? "output" : "action");
            return PythonScripts.maxGoldenError(policy, dir.resolve(name + ".golden.json"), 64);
        }
    }
}
