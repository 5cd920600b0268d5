package io.policyrt.sim.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.policy.OnnxPolicy;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.policy.PolicyLoader;
import io.policyrt.controller.policy.PolicySpec;
import io.policyrt.controller.policy.PolicySpecCodec;
import io.policyrt.sim.run.Evaluation;
import io.policyrt.sim.run.LockStepRunner;
import io.policyrt.sim.scenario.ReferencePaths;
import io.policyrt.sim.scenario.Scenario;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java evaluation and the Python one ({@code policyrt_sim.evaluate}) play the same episodes:
 * with the same policy they report the same metrics, episode by episode, with and without domain
 * randomization, in the same JSON layout.
 */
class EvaluationParityTest {
    private static final double TOLERANCE = 1e-6;

    @TempDir
    Path tmp;

    /** The steering law of policyrt_sim/tests/policies.py, in double and rounded to float as a graph would. */
    private static final class SteerToLookahead implements Policy {
        private final PolicySpec spec = PolicySpecCodec.decode(TrackingGolden.bundledSpecMetadata(), "bundled spec");

        @Override
        public PolicySpec spec() {
            return spec;
        }

        @Override
        public void act(float[] o, float[] action) {
            double w = 0.6 * o[6] - 0.2 * o[0];
            action[0] = -0.2f;
            action[1] = (float) Math.max(-1.0, Math.min(1.0, w));
        }

        @Override
        public void close() {
        }
    }

    /** Nominal from seed 0, randomized on a held-out range (--first-seed): both start each case at the same seed. */
    @Test
    void java_and_python_evaluations_agree_episode_by_episode() throws Exception {
        for (boolean randomize : List.of(false, true)) {
            Randomization randomization = randomize ? Randomization.defaults() : null;
            int firstSeed = randomize ? 2000 : 0;
            List<Evaluation.CaseResult> results;
            try (SteerToLookahead policy = new SteerToLookahead()) {
                results = Evaluation.run(LockStepRunner.defaults(), policy, List.of(ReferencePaths.Shape.values()),
                        List.of(Scenario.Encounter.values()), firstSeed, 1, randomization);
            }
            JsonNode java = Evaluation.toJson(results, "steer", "none", randomization, firstSeed, 1);
            assertThat(results).allSatisfy(c -> assertThat(c.perEpisode().get(0).seed()).isEqualTo(firstSeed));

            Path file = tmp.resolve("python-" + randomize + ".json");
            List<String> args = new ArrayList<>(List.of("--policy", "policyrt_sim.tests.policies:steer_to_lookahead",
                    "--seeds", "1", "--first-seed", Integer.toString(firstSeed), "--json", file.toString()));
            if (randomize) {
                args.add("--randomize");
            }
            PolicyrtSimPython.Result r = PolicyrtSimPython.module(tmp, "policyrt_sim.evaluate", args);
            assertThat(r.exitCode()).as(r.stderr()).isZero();
            JsonNode python = TrackingGolden.JSON.readTree(file.toFile());

            assertSameEpisodes(java, python, randomize ? " randomized" : "", TOLERANCE);
        }
    }

    /**
     * The shipped DSAC-T policy, run by ONNX Runtime here and as the PyTorch actor rebuilt from the
     * file's weights (checked against its provenance sha256) in Python, plays the same episodes.
     * The graph computes in float64, so the two actions agree to about 1e-15 and round to the same
     * float32; with float32 graphs, 11 of 306 episodes ended differently (models/README.md).
     */
    @Test
    void shipped_dsact_policy_plays_the_same_episodes_in_onnx_runtime_and_pytorch() throws Exception {
        Path model = PolicyrtSimPython.repositoryRoot().resolve("policy-export/models/tracking-obstacle-v1-dsact.onnx");
        int seeds = 2;
        for (boolean randomize : List.of(false, true)) {
            Randomization randomization = randomize ? Randomization.defaults() : null;
            List<Evaluation.CaseResult> results;
            try (OnnxPolicy policy = PolicyLoader.load(model, FeatureRegistry.tracking().names())) {
                results = Evaluation.run(LockStepRunner.defaults(), policy, List.of(ReferencePaths.Shape.values()),
                        List.of(Scenario.Encounter.values()), 0, seeds, randomization);
            }
            JsonNode java = Evaluation.toJson(results, "dsact", "none", randomization, 0, seeds);

            Path file = tmp.resolve("dsact-" + randomize + ".json");
            List<String> args = new ArrayList<>(List.of("evaluate", "--onnx", model.toString(),
                    "--seeds", Integer.toString(seeds), "--json", file.toString()));
            if (randomize) {
                args.add("--randomize");
            }
            PolicyrtSimPython.Result r = PolicyrtSimPython.module(tmp, "dsact_tracking", args);
            assertThat(r.exitCode()).as("needs Debian's python3-torch python3-onnx: " + r.stderr()).isZero();
            JsonNode python = TrackingGolden.JSON.readTree(file.toFile());
            assertSameEpisodes(java, python, randomize ? " randomized" : "", TOLERANCE);
        }
    }

    private static void assertSameEpisodes(JsonNode java, JsonNode python, String setting, double tolerance) {
        assertThat(python.get("format").asText()).isEqualTo(java.get("format").asText());
        assertThat(python.get("randomization")).isEqualTo(java.get("randomization"));
        assertThat(python.get("first_seed")).isEqualTo(java.get("first_seed"));
        assertThat(python.get("cases")).hasSameSizeAs(java.get("cases"));
        for (int c = 0; c < java.get("cases").size(); c++) {
            JsonNode jc = java.get("cases").get(c);
            JsonNode pc = python.get("cases").get(c);
            String label = jc.get("path").asText() + "/" + jc.get("obstacle").asText() + setting;
            assertThat(pc.get("path").asText() + "/" + pc.get("obstacle").asText()).isEqualTo(
                    jc.get("path").asText() + "/" + jc.get("obstacle").asText());
            for (String k : List.of("episodes", "successes", "collisions")) {
                assertThat(pc.get(k).asInt()).as(label + " " + k).isEqualTo(jc.get(k).asInt());
            }
            for (int e = 0; e < jc.get("per_episode").size(); e++) {
                JsonNode je = jc.get("per_episode").get(e);
                JsonNode pe = pc.get("per_episode").get(e);
                assertThat(pe.get("seed").asLong()).as(label + " seed").isEqualTo(je.get("seed").asLong());
                for (String k : List.of("completed", "collided", "success")) {
                    assertThat(pe.get(k).asBoolean()).as(label + " " + k).isEqualTo(je.get(k).asBoolean());
                }
                for (String k : List.of("time_s", "lateral_rmse_m", "heading_rmse_rad", "mean_speed_error_mps", "min_clearance_m",
                        "mean_abs_dv_dt_mps2", "mean_abs_dw_dt_radps2")) {
                    if (je.get(k).isNull()) {
                        assertThat(pe.get(k).isNull()).as(label + " " + k).isTrue();
                    } else {
                        assertThat(pe.get(k).asDouble()).as(label + " " + k).isCloseTo(je.get(k).asDouble(),
                                org.assertj.core.data.Offset.offset(tolerance));
                    }
                }
            }
        }
    }
}
