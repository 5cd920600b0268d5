package io.policyrt.controller.policy.mlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.policy.OnnxPolicy;
import io.policyrt.controller.policy.PolicyLoader;
import io.policyrt.controller.policy.PolicySpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java MLP evaluator against ONNX Runtime on every policy file the repository ships (every
 * ONNX file in the shipped models' folder, the benchmark MLPs and the loader's fixtures), with both
 * evaluators: the scalar one and the Vector API one (the tests run with
 * {@code --add-modules jdk.incubator.vector}), on the golden vectors and 10,000 random observations.
 *
 * <p>Float32 graphs: every action within 1e-6 of ONNX Runtime's. The evaluator sums as ONNX
 * Runtime's matrix kernel does (one fused multiply-add chain per output, bias last) and computes
 * tanh with ONNX Runtime's own float32 approximation, so the actions are in fact bit-identical;
 * with an exact tanh the trained behaviour-cloned policy differed by up to 1.1e-6, as much as ONNX
 * Runtime's own float32 error. Float64 graphs end in a Cast to float32: their actions must be
 * bit-identical to ONNX Runtime's (a float64 difference of 1e-15 would show only in the rare value
 * that sits that close to a float32 rounding boundary).
 */
class MlpBackendParityTest {
    private static final int RANDOM_OBSERVATIONS = 10_000;
    private static final double FLOAT32_TOLERANCE = 1e-6;
    private static final String SHIPPED_MODELS = "policy-export/models";

    static Path repo() {
        String root = System.getProperty("policyrt.repo");
        assertThat(root).as("system property policyrt.repo (set by the build)").isNotNull();
        return Path.of(root);
    }

    static Stream<Arguments> files() throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> shipped = Files.list(repo().resolve(SHIPPED_MODELS))) {
            shipped.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".onnx")).sorted()
                    .forEach(n -> names.add(SHIPPED_MODELS + "/" + n));
        }
        assertThat(names).as("shipped policies").contains(SHIPPED_MODELS + "/tracking-bc.onnx",
                SHIPPED_MODELS + "/tracking-obstacle-v1-dsact.onnx");
        names.addAll(List.of("benchmarks/models/mlp-2x64.onnx", "benchmarks/models/mlp-3x256.onnx", "benchmarks/models/mlp-4x512.onnx",
                "controller/src/test/resources/models/valid.onnx", "controller/src/test/resources/models/gops.onnx"));
        List<Arguments> out = new ArrayList<>();
        for (String f : names) {
            for (MlpEvaluators.Implementation impl : List.of(MlpEvaluators.Implementation.SCALAR,
                    MlpEvaluators.Implementation.VECTOR)) {
                out.add(Arguments.of(f, impl));
            }
        }
        return out.stream();
    }

    @BeforeAll
    static void vectorApiIsThere() {
        assertThat(MlpEvaluators.vectorApiAvailable())
                .as("the tests run with --add-modules jdk.incubator.vector (controller/pom.xml, surefire argLine)")
                .isTrue();
    }

    @ParameterizedTest(name = "{0} ({1})")
    @MethodSource("files")
    void java_evaluator_equals_onnx_runtime_on_golden_vectors_and_10000_random_observations(String name,
            MlpEvaluators.Implementation implementation) throws IOException {
        Path file = repo().resolve(name);
        assertThat(file).as("shipped policy file").isRegularFile();
        MlpGraph graph = MlpGraph.recognize(OnnxModelFile.read(file), name);
        MlpEvaluator java = MlpEvaluators.create(graph, implementation);
        boolean float64 = graph.precision() == MlpGraph.Precision.FLOAT64;

        try (OnnxPolicy ort = PolicyLoader.load(file, sidecarOf(file), FeatureRegistry.tracking().names())) {
            PolicySpec spec = ort.spec();
            assertThat(graph.inputSize()).isEqualTo(spec.observationSize());
            assertThat(graph.outputSize()).isEqualTo(spec.actionSize());
            List<float[]> observations = new ArrayList<>(golden(file));
            int goldenCount = observations.size();
            SplittableRandom random = new SplittableRandom(name.hashCode());
            for (int k = 0; k < RANDOM_OBSERVATIONS; k++) {
                float[] obs = new float[spec.observationSize()];
                for (int i = 0; i < obs.length; i++) {
                    double bound = Double.isFinite(spec.clip(i)) ? spec.clip(i) : 5.0;
                    // as the exporter's golden rows: normal, sigma 1.5, clipped to the feature's clip
                    obs[i] = (float) Math.max(-bound, Math.min(bound, 1.5 * gaussian(random)));
                }
                observations.add(obs);
            }

            float[] want = new float[spec.actionSize()];
            float[] got = new float[spec.actionSize()];
            double max = 0;
            int differing = 0;
            int values = 0;
            for (float[] obs : observations) {
                ort.act(obs, want);
                java.evaluate(obs, got);
                for (int j = 0; j < want.length; j++) {
                    double d = Math.abs((double) got[j] - want[j]);
                    max = Math.max(max, d);
                    values++;
                    if (Float.floatToIntBits(got[j]) != Float.floatToIntBits(want[j])) {
                        differing++;
                    }
                    assertThat(d).as("%s action %d: Java %s, ONNX Runtime %s", name, j, got[j], want[j])
                            .isLessThanOrEqualTo(FLOAT32_TOLERANCE);
                }
            }
            System.out.printf("%s (%s, %s): %d golden + %d random observations, max |Java - ONNX Runtime| %.3e, %d of %d values"
                    + " not bit-identical%n", name, graph.describe(), java.implementation(), goldenCount,
                    RANDOM_OBSERVATIONS, max, differing, values);
            // Every file but the benchmark MLPs has golden vectors; they are part of the comparison.
            assertThat(goldenCount).as("golden observations of %s", name).isGreaterThanOrEqualTo(name.contains("/mlp-") ? 0 : 8);
            if (float64) {
                assertThat(differing).as("%s: actions not bit-identical to ONNX Runtime's", name).isZero();
            }
        }
    }

    private static Path sidecarOf(Path file) {
        Path side = PolicyLoader.defaultSidecar(file);
        return Files.isRegularFile(side) ? side : null;
    }

    /** The golden observations next to the file ({@code <name>.golden.json}), if any. */
    static List<float[]> golden(Path onnx) throws IOException {
        String base = onnx.getFileName().toString().replace(".onnx", "");
        Path file = onnx.resolveSibling(base + ".golden.json");
        List<float[]> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        for (JsonNode row : root.get("observations")) {
            float[] obs = new float[row.size()];
            for (int i = 0; i < obs.length; i++) {
                obs[i] = (float) row.get(i).asDouble();
            }
            out.add(obs);
        }
        return out;
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble(1e-300, 1.0);
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
