package io.policyrt.sim.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.policyrt.controller.action.DriveConfig;
import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.policy.PolicyBackend;
import io.policyrt.controller.policy.PolicyLoader;
import io.policyrt.controller.policy.mlp.MlpGraph;
import io.policyrt.controller.policy.mlp.MlpPolicy;
import io.policyrt.controller.policy.mlp.OnnxModelFile;
import io.policyrt.sim.robot.RobotParams;
import io.policyrt.sim.robot.SensorNoise;
import io.policyrt.sim.scenario.ReferencePaths;
import io.policyrt.sim.scenario.Scenario;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lock-step evaluation of every shipped policy on both backends, ONNX Runtime and the Java MLP
 * evaluator, on a small seed set of every case: the same outcome in every episode, and every
 * episode's metrics within 1e-4 (float32 graphs) or 1e-6 (float64 graphs).
 */
class BackendLockStepTest {
    private static final int SEEDS = 2;

    private static Path repo() {
        return Path.of(System.getProperty("policyrt.repo", "..")).toAbsolutePath().normalize();
    }

    static Stream<Path> shippedPolicies() throws IOException {
        try (Stream<Path> files = Files.list(repo().resolve("policy-export/models"))) {
            List<Path> onnx = files.filter(p -> p.toString().endsWith(".onnx")).sorted().toList();
            assertThat(onnx).as("shipped policies").hasSizeGreaterThanOrEqualTo(2);
            return onnx.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shippedPolicies")
    void both_backends_play_the_same_episodes(Path file) {
        boolean float64 = MlpGraph.recognize(OnnxModelFile.read(file), file.toString()).precision() == MlpGraph.Precision.FLOAT64;
        double tolerance = float64 ? 1e-6 : 1e-4;
        List<Evaluation.CaseResult> onnx = evaluate(file, PolicyBackend.ONNXRUNTIME);
        List<Evaluation.CaseResult> java = evaluate(file, PolicyBackend.JAVA);
        assertThat(java).hasSameSizeAs(onnx);
        int episodes = 0;
        for (int c = 0; c < onnx.size(); c++) {
            List<Evaluation.EpisodeResult> want = onnx.get(c).perEpisode();
            List<Evaluation.EpisodeResult> got = java.get(c).perEpisode();
            assertThat(got).hasSameSizeAs(want);
            for (int e = 0; e < want.size(); e++) {
                Evaluation.EpisodeResult w = want.get(e);
                Evaluation.EpisodeResult g = got.get(e);
                String where = file.getFileName() + " " + onnx.get(c).shape() + "/" + onnx.get(c).encounter() + " seed " + w.seed();
                assertThat(g.completed()).as(where + " completed").isEqualTo(w.completed());
                assertThat(g.collided()).as(where + " collided").isEqualTo(w.collided());
                assertThat(g.timeS()).as(where + " time").isCloseTo(w.timeS(), within(tolerance));
                assertThat(g.lateralRmseM()).as(where + " lateral RMSE").isCloseTo(w.lateralRmseM(),
                        within(tolerance));
                assertThat(g.headingRmseRad()).as(where + " heading RMSE").isCloseTo(w.headingRmseRad(),
                        within(tolerance));
                assertThat(g.meanSpeedErrorMps()).as(where + " speed error").isCloseTo(w.meanSpeedErrorMps(),
                        within(tolerance));
                if (Double.isFinite(w.minClearanceM())) {
                    assertThat(g.minClearanceM()).as(where + " clearance").isCloseTo(w.minClearanceM(),
                            within(tolerance));
                } else {
                    assertThat(g.minClearanceM()).as(where + " clearance").isEqualTo(w.minClearanceM());
                }
                episodes++;
            }
        }
        assertThat(episodes).isEqualTo(SEEDS * ReferencePaths.Shape.values().length * Scenario.Encounter.values().length);
    }

    private static List<Evaluation.CaseResult> evaluate(Path file, PolicyBackend backend) {
        try (Policy policy = PolicyLoader.load(file, null, FeatureRegistry.tracking().names(), backend)) {
            if (backend == PolicyBackend.JAVA) {
                assertThat(policy).isInstanceOf(MlpPolicy.class);
            }
            LockStepRunner runner = new LockStepRunner(RobotParams.defaults(), SensorNoise.none(), DriveConfig.defaults(), 1_000_000L);
            return Evaluation.run(runner, policy, List.of(ReferencePaths.Shape.values()), List.of(Scenario.Encounter.values()), SEEDS);
        }
    }
}
