package io.policyrt.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.policy.OnnxPolicy;
import io.policyrt.controller.policy.PolicyLoader;
import io.policyrt.controller.policy.PolicySpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains DSAC-T for a few steps on the Python tests' toy environment with {@code dsact.py train},
 * exports the deterministic actor in both layouts with {@code dsact.py export}, and checks that
 * ONNX Runtime loads each file and reproduces PyTorch's tanh(mean) on the golden observations.
 */
class DsactExportTest {
    private static final double TOLERANCE = 1e-5;

    @TempDir
    static Path dir;

    @BeforeAll
    static void trainTinyRun() throws Exception {
        PythonScripts.requireTorchAndOnnx(dir);
        PythonScripts.runScript(dir, "dsact.py", List.of("train", "--env", "tests.toy_env:make", "--steps", "120",
                "--warmup-steps", "40", "--hidden", "16", "--batch-size", "16", "--buffer-size", "500", "--seed", "3",
                "--eval-every", "60", "--eval-episodes", "1", "--log-every", "40", "--out", dir.resolve("run").toString()));
    }

    /** ONNX Runtime's actions on the export's golden observations are PyTorch's, within {@link #TOLERANCE}. */
    private static void assertMatchesPytorch(OnnxPolicy policy, Path golden, String layout) throws Exception {
        double maxError = PythonScripts.maxGoldenError(policy, golden, 64);
        System.out.printf("DSAC-T toy actor, %s: max |onnxruntime - torch| = %.3g%n", layout, maxError);
        assertThat(maxError).isLessThanOrEqualTo(TOLERANCE);
    }

    @Test
    void policyrt_layout_loads_with_provenance_and_matches_pytorch() throws Exception {
        Path onnx = dir.resolve("toy-dsact.onnx");
        PythonScripts.runScript(dir, "dsact.py", List.of("export", "--checkpoint", dir.resolve("run/final.pt").toString(),
                "--out", onnx.toString()));
        try (OnnxPolicy policy = PolicyLoader.load(onnx, FeatureRegistry.tracking().names())) {
            PolicySpec spec = policy.spec();
            assertThat(spec.observationSize()).isEqualTo(3);
            assertThat(spec.actionNormalized()).isTrue();
            assertThat(spec.provenance()).containsEntry("algorithm", "dsac-t").containsEntry("training_steps", "120")
                    .containsEntry("seed", "3").containsEntry("env_version", "toy-1")
                    .containsKeys("wall_time_s", "hyperparameters", "exporter_revision", "weights_sha256");
            assertMatchesPytorch(policy, dir.resolve("toy-dsact.golden.json"), "PolicyRT layout");
        }
    }

    @Test
    void gops_layout_loads_from_its_sidecar_and_matches_pytorch() throws Exception {
        Path onnx = dir.resolve("gops/toy-dsact.onnx");
        Files.createDirectories(onnx.getParent());
        PythonScripts.runScript(dir, "dsact.py", List.of("export", "--checkpoint", dir.resolve("run/final.pt").toString(),
                "--out", onnx.toString(), "--gops"));
        try (OnnxPolicy policy = PolicyLoader.load(onnx, FeatureRegistry.tracking().names())) {
            assertThat(policy.outputName()).isEqualTo("output");
            assertThat(policy.spec().source()).contains("sidecar");
            assertThat(policy.spec().provenance()).containsEntry("algorithm", "dsac-t");
            assertMatchesPytorch(policy, onnx.resolveSibling("toy-dsact.golden.json"), "GOPS layout");
        }
    }

    @Test
    void export_of_a_checkpoint_with_nan_weights_fails_naming_the_layer() throws Exception {
        Path bad = dir.resolve("nan.pt");
        PythonScripts.Result poison = PythonScripts.run(dir, "poison", List.of(PythonScripts.interpreter(), "-c",
                "import sys, torch; s = torch.load(sys.argv[1]); s['learner']['actor']['net.0.weight'][0, 0] = "
                        + "float('nan'); torch.save(s, sys.argv[2])", dir.resolve("run/final.pt").toString(), bad.toString()));
        assertThat(poison.exitCode).as(poison.stderr).isZero();
        Path onnx = dir.resolve("nan.onnx");
        PythonScripts.Result r = PythonScripts.run(dir, "export-nan", List.of(PythonScripts.interpreter(),
                PythonScripts.repositoryRoot().resolve("policy-export/python/dsact.py").toString(), "export",
                "--checkpoint", bad.toString(), "--out", onnx.toString()));
        assertThat(r.exitCode).isNotZero();
        assertThat(r.stderr).contains("non-finite weights", "'net.0.weight'");
        assertThat(onnx).doesNotExist();
    }
}
