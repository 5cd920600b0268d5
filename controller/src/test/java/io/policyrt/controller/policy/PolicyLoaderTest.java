package io.policyrt.controller.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.policyrt.controller.observation.FeatureRegistry;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the fixtures in {@code src/test/resources/models/}, written by
 * {@code policy-export/python/make_test_models.py} (see its header for the command).
 */
class PolicyLoaderTest {
    private static final Set<String> KNOWN = FeatureRegistry.tracking().names();

    private static Path model(String name) {
        URL url = PolicyLoaderTest.class.getResource("/models/" + name);
        assertThat(url).as("test resource models/%s (regenerate with make_test_models.py)", name).isNotNull();
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void valid_model_loads_with_the_spec_written_into_its_metadata() {
        Path file = model("valid.onnx");
        try (OnnxPolicy policy = PolicyLoader.load(file, KNOWN)) {
            PolicySpec spec = policy.spec();
            assertThat(spec.specVersion()).isEqualTo(1);
            assertThat(spec.task()).isEqualTo("tracking-obstacle-v1");
            assertThat(spec.featureNames())
                    .containsExactly("lateral_error_m", "heading_error_rad", "speed_error_mps", "target_speed_mps");
            assertThat(new float[] {spec.shift(0), spec.shift(1), spec.shift(2), spec.shift(3)})
                    .containsExactly(0f, 0f, 0.25f, 0.5f);
            assertThat(new float[] {spec.scale(0), spec.scale(1), spec.scale(2), spec.scale(3)})
                    .containsExactly(2f, 1.5f, 1f, 0.75f);
            // One clip value in the file applies to every feature.
            assertThat(new float[] {spec.clip(0), spec.clip(1), spec.clip(2), spec.clip(3)})
                    .containsExactly(5f, 5f, 5f, 5f);
            assertThat(spec.actionNames()).containsExactly("v_mps", "w_radps");
            assertThat(spec.actionLow(0)).isEqualTo(0.0);
            assertThat(spec.actionHigh(0)).isEqualTo(0.8);
            assertThat(spec.actionLow(1)).isEqualTo(-1.5);
            assertThat(spec.actionHigh(1)).isEqualTo(1.5);
            assertThat(spec.actionNormalized()).isTrue();
            assertThat(spec.controlPeriodNanos()).isEqualTo(50_000_000L); // 0.05 s
            assertThat(spec.robotRadiusM()).isEqualTo(0.3);
            assertThat(spec.provenance())
                    .containsEntry("algorithm", "fixture")
                    .containsEntry("training_steps", "0")
                    .containsKeys("weights_sha256", "exporter_revision", "created_utc");
            assertThat(spec.provenance().get("weights_sha256")).matches("[0-9a-f]{64}");
            assertThat(spec.source()).contains("valid.onnx").contains("metadata");
            assertThat(policy.outputName()).isEqualTo("action");

            float[] action = new float[2];
            policy.act(new float[] {0.5f, -1f, 2f, 0f}, action);
            // The graph ends in tanh: a finite action inside [-1, 1].
            assertFiniteWithinUnit(action);
        }
    }

    @Test
    void valid_model_reproduces_the_pytorch_actions_of_its_golden_file() throws IOException {
        assertMatchesGolden("valid.onnx", "valid.golden.json");
    }

    @Test
    void gops_model_loads_its_spec_from_the_sidecar_next_to_it() throws IOException {
        Path file = model("gops.onnx");
        try (OnnxPolicy policy = PolicyLoader.load(file, KNOWN)) {
            PolicySpec spec = policy.spec();
            assertThat(spec.source()).contains("gops.policy.yaml").contains("sidecar of gops.onnx");
            assertThat(spec.task()).isEqualTo("tracking-obstacle-v1");
            assertThat(spec.featureNames()).containsExactly("lateral_error_m", "heading_error_rad",
                    "speed_error_mps", "target_speed_mps", "body_v_mps", "body_w_radps");
            for (int i = 0; i < spec.observationSize(); i++) {
                assertThat(spec.shift(i)).isEqualTo(0f);
                assertThat(spec.scale(i)).isEqualTo(1f);
                assertThat(spec.clip(i)).isEqualTo(5f);
            }
            assertThat(spec.actionNames()).containsExactly("v_mps", "w_radps");
            assertThat(spec.actionHigh(0)).isEqualTo(0.8);
            assertThat(spec.actionLow(1)).isEqualTo(-1.5);
            assertThat(spec.actionNormalized()).isTrue();
            assertThat(spec.controlPeriodNanos()).isEqualTo(50_000_000L);
            assertThat(spec.robotRadiusM()).isEqualTo(0.3);
            assertThat(spec.provenance()).containsEntry("algorithm", "fixture").containsKey("weights_sha256");
            assertThat(policy.outputName()).isEqualTo("output");

            float[] action = new float[2];
            policy.act(new float[] {1f, -1f, 0.5f, 0f, 2f, -3f}, action);
            assertFiniteWithinUnit(action);
        }
        assertMatchesGolden("gops.onnx", "gops.golden.json");
    }

    @Test
    void model_without_metadata_or_sidecar_is_refused_naming_the_sidecar_it_looked_for() {
        assertThatThrownBy(() -> PolicyLoader.load(model("no-metadata.onnx"), KNOWN))
                .isInstanceOf(PolicyLoadException.class)
                .hasMessageContaining("no-metadata.onnx")
                .hasMessageContaining("no PolicyRT spec in its metadata")
                .hasMessageContaining("no-metadata.policy.yaml");
    }

    @Test
    void wrong_shape_model_is_refused_naming_both_shapes() {
        assertThatThrownBy(() -> PolicyLoader.load(model("wrong-shape.onnx"), KNOWN))
                .isInstanceOf(PolicyLoadException.class)
                .hasMessageContaining("wrong-shape.onnx")
                .hasMessageContaining("[1, 5]") // the graph's input
                .hasMessageContaining("[1, 4]") // what the spec's four features need
                .hasMessageContaining(PolicySpecCodec.FEATURES);
    }

    @Test
    void unknown_feature_is_refused_naming_the_feature() {
        assertThatThrownBy(() -> PolicyLoader.load(model("unknown-feature.onnx"), KNOWN))
                .isInstanceOf(PolicyLoadException.class)
                .hasMessageContaining("unknown-feature.onnx")
                .hasMessageContaining("'laser_banana'")
                .hasMessageContaining(PolicySpecCodec.FEATURES);
    }

    @Test
    void nan_weights_are_refused_as_a_non_finite_action() {
        assertThatThrownBy(() -> PolicyLoader.load(model("nan-weights.onnx"), KNOWN))
                .isInstanceOf(PolicyLoadException.class)
                .hasMessageContaining("nan-weights.onnx")
                .hasMessageContaining("non-finite action")
                .hasMessageContaining("NaN");
    }

    @Test
    void zero_clip_is_refused_naming_the_key_and_the_feature() {
        assertThatThrownBy(() -> PolicyLoader.load(model("bad-clip.onnx"), KNOWN))
                .isInstanceOf(PolicyLoadException.class)
                .hasMessageContaining("bad-clip.onnx")
                .hasMessageContaining(PolicySpecCodec.CLIP + "[0]")
                .hasMessageContaining("lateral_error_m")
                .hasMessageContaining("must be > 0");
    }

    @Test
    void missing_file_is_refused_naming_it(@TempDir Path dir) {
        Path missing = dir.resolve("absent.onnx");
        assertThatThrownBy(() -> PolicyLoader.load(missing, KNOWN))
                .isInstanceOf(PolicyLoadException.class)
                .hasMessageContaining("absent.onnx")
                .hasMessageContaining("no such policy file");
    }

    @Test
    void spec_round_trips_through_encode_and_decode() {
        Map<String, String> written = new LinkedHashMap<>();
        written.put(PolicySpecCodec.SPEC_VERSION, "1");
        written.put(PolicySpecCodec.TASK, "tracking-obstacle-v1");
        written.put(PolicySpecCodec.FEATURES, "lateral_error_m, heading_error_rad,body_v_mps");
        written.put(PolicySpecCodec.SHIFT, "0.1,-2.5,0");
        written.put(PolicySpecCodec.SCALE, "3.3333333");
        written.put(PolicySpecCodec.CLIP, "5,inf,1e-3");
        written.put(PolicySpecCodec.ACTIONS, "v_mps,w_radps");
        written.put(PolicySpecCodec.ACTION_LOW, "0.0,-1.5");
        written.put(PolicySpecCodec.ACTION_HIGH, "0.8,1.5");
        written.put(PolicySpecCodec.ACTION_NORMALIZED, "true");
        written.put(PolicySpecCodec.CONTROL_PERIOD, "0.05");
        written.put(PolicySpecCodec.ROBOT_RADIUS, "0.25");
        written.put(PolicySpecCodec.PROVENANCE_PREFIX + "algorithm", "dsac-t");
        written.put(PolicySpecCodec.PROVENANCE_PREFIX + "training_steps", "1500000");

        PolicySpec decoded = PolicySpecCodec.decode(written, "round-trip");
        Map<String, String> encoded = PolicySpecCodec.encode(decoded);
        PolicySpec again = PolicySpecCodec.decode(encoded, "round-trip again");

        assertThat(again).isEqualTo(decoded);
        assertThat(PolicySpecCodec.encode(again)).isEqualTo(encoded);
        // Spot-check that equality is not vacuous: the values are the ones written.
        assertThat(again.featureNames()).containsExactly("lateral_error_m", "heading_error_rad", "body_v_mps");
        assertThat(again.shift(0)).isEqualTo(0.1f);
        assertThat(again.scale(2)).isEqualTo(3.3333333f);
        assertThat(again.clip(1)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(again.clip(2)).isEqualTo(1e-3f);
        assertThat(again.controlPeriodNanos()).isEqualTo(50_000_000L);
        assertThat(again.robotRadiusM()).isEqualTo(0.25);
        assertThat(again.provenance()).containsEntry("algorithm", "dsac-t").containsEntry("training_steps", "1500000");
        assertThat(encoded).containsEntry(PolicySpecCodec.FEATURES, "lateral_error_m,heading_error_rad,body_v_mps")
                .containsEntry(PolicySpecCodec.PROVENANCE_PREFIX + "algorithm", "dsac-t");
    }

    @Test
    void decode_names_the_missing_keys() {
        assertThatThrownBy(() -> PolicySpecCodec.decode(Map.of(PolicySpecCodec.TASK, "t"), "x.onnx (metadata)"))
                .isInstanceOf(PolicyLoadException.class)
                .hasMessageContaining("x.onnx (metadata)")
                .hasMessageContaining(PolicySpecCodec.SPEC_VERSION)
                .hasMessageContaining(PolicySpecCodec.FEATURES);
    }

    private static void assertFiniteWithinUnit(float[] action) {
        for (float a : action) {
            assertThat(a).isFinite().isBetween(-1f, 1f);
        }
    }

    /** Every golden observation through ONNX Runtime matches PyTorch's float32 action. */
    private static void assertMatchesGolden(String onnx, String golden) throws IOException {
        JsonNode doc = new ObjectMapper().readTree(model(golden).toFile());
        JsonNode observations = doc.get("observations");
        JsonNode actions = doc.get("actions");
        assertThat(observations.size()).isEqualTo(actions.size()).isPositive();
        try (OnnxPolicy policy = PolicyLoader.load(model(onnx), KNOWN)) {
            float[] obs = new float[policy.spec().observationSize()];
            float[] act = new float[policy.spec().actionSize()];
            for (int r = 0; r < observations.size(); r++) {
                assertThat(observations.get(r).size()).isEqualTo(obs.length);
                for (int i = 0; i < obs.length; i++) {
                    obs[i] = (float) observations.get(r).get(i).asDouble();
                }
                policy.act(obs, act);
                for (int j = 0; j < act.length; j++) {
                    assertThat(act[j]).as("%s row %d action %d", onnx, r, j)
                            .isCloseTo((float) actions.get(r).get(j).asDouble(), within(1e-5f));
                }
            }
        }
    }
}
