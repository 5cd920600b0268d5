package io.policyrt.controller.policy.mlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.policy.OnnxPolicy;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.policy.PolicyBackend;
import io.policyrt.controller.policy.PolicyLoadException;
import io.policyrt.controller.policy.PolicyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Graph recognition (what is run, what is refused and how the refusal reads), the node patterns
 * the shipped files do not exercise (MatMul + Add, Relu, GELU's erf form, Gemm without transB or
 * with alpha and beta) against ONNX Runtime, and the loader's choice of backend.
 */
class MlpGraphTest {
    @TempDir
    Path dir;

    private Path write(String name, Consumer<TestGraphs> layers) throws IOException {
        return write(name, false, layers);
    }

    private Path write(String name, boolean float64, Consumer<TestGraphs> layers) throws IOException {
        TestGraphs g = new TestGraphs(float64, name.hashCode());
        layers.accept(g);
        return g.write(dir.resolve(name));
    }

    @Test
    void shipped_dsact_actor_is_read_as_a_float64_gelu_tanh_mlp_with_a_sliced_tanh_head() {
        Path file = MlpBackendParityTest.repo().resolve("policy-export/models/tracking-obstacle-v1-dsact.onnx");
        MlpGraph graph = MlpGraph.recognize(OnnxModelFile.read(file), file.toString());
        assertThat(graph.describe())
                .isEqualTo("float64 13 -> 512 gelu-tanh -> 512 gelu-tanh -> 512 gelu-tanh -> 4 -> [0:2] tanh");
        // the 3x256 actor averaged with its mirror image: two copies side by side, block-diagonal hidden layers
        assertThat(graph.multiplyAdds()).isEqualTo(13 * 512 + 2 * 512 * 512 + 512 * 4);
        MlpGraph.Elementwise gelu = (MlpGraph.Elementwise) graph.stages().get(1);
        assertThat(gelu.constants()).containsExactly(0.044715, Math.sqrt(2 / Math.PI), 1.0, 0.5);
    }

    @Test
    void an_evaluator_refuses_a_graph_of_the_other_precision() {
        Path file = MlpBackendParityTest.repo().resolve("policy-export/models/tracking-obstacle-v1-dsact.onnx");
        MlpGraph float64 = MlpGraph.recognize(OnnxModelFile.read(file), file.toString());
        MlpGraph float32 = float64.withPrecision(MlpGraph.Precision.FLOAT32);
        assertThatThrownBy(() -> new ScalarEvaluator32(float64)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a float32 evaluator for a FLOAT64 graph");
        assertThatThrownBy(() -> new ScalarEvaluator64(float32)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a float64 evaluator for a FLOAT32 graph");
        // the factory picks the evaluator of the graph's own precision
        assertThat(MlpEvaluators.create(float32, MlpEvaluators.Implementation.SCALAR)).isInstanceOf(ScalarEvaluator32.class);
        assertThat(MlpEvaluators.create(float64, MlpEvaluators.Implementation.SCALAR)).isInstanceOf(ScalarEvaluator64.class);
    }

    @Test
    void metadata_read_from_the_file_gives_the_same_spec_as_onnx_runtime() {
        Path file = MlpBackendParityTest.repo().resolve("policy-export/models/tracking-bc.onnx");
        try (OnnxPolicy ort = PolicyLoader.load(file, FeatureRegistry.tracking().names());
                Policy java = PolicyLoader.load(file, null, FeatureRegistry.tracking().names(), PolicyBackend.JAVA)) {
            assertThat(java).isInstanceOf(MlpPolicy.class);
            assertThat(java.spec()).isEqualTo(ort.spec());
        }
    }

    @Test
    void matmul_add_relu_gelu_erf_and_gemm_variants_agree_with_onnx_runtime() throws IOException {
        List<Path> files = List.of(
                write("matmul-relu.onnx", g -> g.matMulAdd(32, false).op("Relu").matMulAdd(32, true).op("Relu").gemm(2).op("Tanh")),
                write("gelu-erf.onnx", g -> g.gemm(64).geluErf().gemm(64).geluErf().gemm(2)),
                write("gelu-tanh.onnx", g -> g.gemm(48).geluTanh().gemm(4).sliceFirst(2).op("Tanh")),
                write("gemm-alpha-beta.onnx", g -> g.gemm(24, false, 0.5f, 2f).op("Tanh").gemm(2, true, 1.5f, 0.25f)),
                write("float64-relu.onnx", true, g -> g.gemm(40).op("Relu").matMulAdd(40, false).op("Tanh").gemm(2)));
        for (Path file : files) {
            try (OnnxPolicy ort = PolicyLoader.load(file, FeatureRegistry.tracking().names())) {
                MlpGraph graph = MlpGraph.recognize(OnnxModelFile.read(file), file.toString());
                for (MlpEvaluators.Implementation impl : List.of(MlpEvaluators.Implementation.SCALAR,
                        MlpEvaluators.Implementation.VECTOR)) {
                    MlpEvaluator java = MlpEvaluators.create(graph, impl);
                    SplittableRandom random = new SplittableRandom(3);
                    float[] obs = new float[graph.inputSize()];
                    float[] want = new float[graph.outputSize()];
                    float[] got = new float[graph.outputSize()];
                    for (int k = 0; k < 2_000; k++) {
                        for (int i = 0; i < obs.length; i++) {
                            obs[i] = (float) random.nextDouble(-4, 4);
                        }
                        ort.act(obs, want);
                        java.evaluate(obs, got);
                        for (int j = 0; j < want.length; j++) {
                            assertThat(got[j]).as("%s (%s) action %d", file.getFileName(), java.implementation(), j)
                                    .isCloseTo(want[j], within(1e-6f));
                        }
                    }
                }
            }
        }
    }

    @Test
    void an_operator_outside_the_mlp_is_refused_with_its_name() throws IOException {
        Path file = write("sigmoid.onnx", g -> g.gemm(16).op("Sigmoid").gemm(2));
        assertThatThrownBy(() -> MlpGraph.recognize(OnnxModelFile.read(file), "sigmoid.onnx"))
                .isInstanceOf(UnsupportedGraphException.class)
                .hasMessageContaining("sigmoid.onnx: the MLP backend cannot run this graph: node Sigmoid")
                .hasMessageContaining("is not an operator the MLP backend runs");
    }

    @Test
    void a_branch_off_the_chain_is_refused_naming_the_node() {
        // nan-off-path.onnx: tanh(W x) + 0 * log(1 - x[0:1]) -- the Slice reads the observation, not the chain.
        Path file = MlpBackendParityTest.repo().resolve("controller/src/test/resources/models/nan-off-path.onnx");
        assertThatThrownBy(() -> MlpGraph.recognize(OnnxModelFile.read(file), "nan-off-path.onnx"))
                .isInstanceOf(UnsupportedGraphException.class)
                .hasMessageContaining("node Slice")
                .hasMessageContaining("not a chain of layers");
    }

    @Test
    void auto_falls_back_to_onnx_runtime_and_says_why_while_java_refuses() throws IOException {
        Path file = write("sigmoid.onnx", g -> g.gemm(16).op("Sigmoid").gemm(2));
        try (Policy policy = PolicyLoader.load(file, null, FeatureRegistry.tracking().names(), PolicyBackend.AUTO)) {
            assertThat(policy).isInstanceOf(OnnxPolicy.class);
            assertThat(policy.backend()).startsWith("onnxruntime; not a graph the Java MLP evaluator runs")
                    .contains("node Sigmoid");
        }
        assertThatThrownBy(() -> PolicyLoader.load(file, null, FeatureRegistry.tracking().names(), PolicyBackend.JAVA))
                .isInstanceOf(PolicyLoadException.class).hasMessageContaining("node Sigmoid");
    }

    @Test
    void auto_runs_the_shipped_policies_in_java_after_they_agree_with_onnx_runtime_and_onnxruntime_forces_onnx() {
        for (String name : List.of("policy-export/models/tracking-bc.onnx", "policy-export/models/tracking-obstacle-v1-dsact.onnx")) {
            Path file = MlpBackendParityTest.repo().resolve(name);
            try (Policy policy = PolicyLoader.load(file, null, FeatureRegistry.tracking().names(), PolicyBackend.AUTO)) {
                assertThat(policy).isInstanceOf(MlpPolicy.class);
                assertThat(policy.backend()).contains("agrees with ONNX Runtime: max |difference|")
                        .contains("golden vectors: max |difference|");
            }
            try (Policy policy = PolicyLoader.load(file, null, FeatureRegistry.tracking().names(), PolicyBackend.ONNXRUNTIME)) {
                assertThat(policy).isInstanceOf(OnnxPolicy.class);
                assertThat(policy.backend()).isEqualTo("onnxruntime; policy.backend is onnxruntime");
            }
        }
    }

    @Test
    void a_float64_erf_gelu_graph_that_onnx_runtime_cannot_load_is_refused_by_auto_without_golden_vectors() throws IOException {
        Path file = write("float64-erf.onnx", true, g -> g.gemm(16).geluErf().gemm(2));
        // Recognised and evaluated in Java ...
        MlpGraph graph = MlpGraph.recognize(OnnxModelFile.read(file), file.toString());
        assertThat(graph.describe()).isEqualTo("float64 16 -> 16 gelu-erf -> 2".replace("16 ->", TestGraphs.OBS + " ->"));
        // ... but with nothing to check it against (ONNX Runtime has no float64 Erf, no golden file) auto refuses.
        assertThatThrownBy(() -> PolicyLoader.load(file, null, FeatureRegistry.tracking().names(), PolicyBackend.AUTO))
                .isInstanceOf(PolicyLoadException.class).hasMessageContaining("ONNX Runtime cannot load");
    }

    @Test
    void nan_weights_are_refused_by_the_java_backend_too() {
        Path file = MlpBackendParityTest.repo().resolve("controller/src/test/resources/models/nan-weights.onnx");
        assertThatThrownBy(() -> PolicyLoader.load(file, null, FeatureRegistry.tracking().names(), PolicyBackend.JAVA))
                .isInstanceOf(PolicyLoadException.class).hasMessageContaining("non-finite action");
    }

    @Test
    void a_truncated_file_is_not_read_past_its_end() throws IOException {
        byte[] bytes = Files.readAllBytes(MlpBackendParityTest.repo().resolve("policy-export/models/tracking-bc.onnx"));
        Path cut = dir.resolve("cut.onnx");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> OnnxModelFile.read(cut)).isInstanceOf(PolicyLoadException.class)
                .hasMessageContaining("not a valid ONNX file");
    }

    @Test
    void erf_matches_reference_values() {
        // erf at 0.1, 0.5, 1, 2, 3.5, 5 (Abramowitz and Stegun table 7.1 / high-precision values)
        double[][] table = {{0.1, 0.1124629160182849}, {0.5, 0.5204998778130465}, {1.0, 0.8427007929497149},
                {2.0, 0.9953222650189527}, {3.5, 0.9999992569016276}, {5.0, 0.9999999999984626}};
        for (double[] row : table) {
            assertThat(MlpMath.erf(row[0])).as("erf(%s)", row[0]).isCloseTo(row[1], within(2e-16));
            assertThat(MlpMath.erf(-row[0])).isCloseTo(-row[1], within(2e-16));
        }
        assertThat(MlpMath.erf(Double.NaN)).isNaN();
        assertThat(MlpMath.erf(Double.POSITIVE_INFINITY)).isEqualTo(1.0);
    }

    @Test
    void tanh_is_within_5e_16_of_the_library_tanh() {
        SplittableRandom random = new SplittableRandom(5);
        for (int k = 0; k < 100_000; k++) {
            double x = random.nextDouble(-25, 25) * (k % 3 == 0 ? 1e-3 : 1);
            assertThat(MlpMath.tanh(x)).as("tanh(%s)", x).isCloseTo(StrictMath.tanh(x), within(5e-16));
        }
        assertThat(MlpMath.tanh(Double.NaN)).isNaN();
        assertThat(MlpMath.tanh(1e6)).isEqualTo(1.0);
        assertThat(MlpMath.tanh(-1e6)).isEqualTo(-1.0);
    }

    @Test
    void float32_tanh_is_within_a_few_ulp_of_tanh_odd_and_saturates() {
        SplittableRandom random = new SplittableRandom(6);
        for (int k = 0; k < 100_000; k++) {
            float x = (float) (random.nextDouble(-12, 12) * (k % 3 == 0 ? 1e-3 : 1));
            float t = MlpMath.tanhFloat32(x);
            // ONNX Runtime's approximation: a few float32 ulp; near the clamp at 9 it returns up to
            // two ulp above 1 (1.00000024), as ONNX Runtime does
            assertThat((double) t).as("tanh(%s)", x).isCloseTo(StrictMath.tanh(x), within(4e-7));
            assertThat(MlpMath.tanhFloat32(-x)).isEqualTo(-t);
            assertThat(Math.abs(t)).isLessThanOrEqualTo(1f + 2 * Math.ulp(1f));
        }
        assertThat(MlpMath.tanhFloat32(Float.NaN)).isNaN();
        assertThat(MlpMath.tanhFloat32(1e6f)).isCloseTo(1f, within(1e-7f));
        assertThat(MlpMath.tanhFloat32(-1e6f)).isCloseTo(-1f, within(1e-7f));
    }
}
