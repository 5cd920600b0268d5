package io.policyrt.controller.policy.mlp;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.policy.PolicyBackend;
import io.policyrt.controller.policy.PolicyLoader;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.policy.PolicySpec;
import java.nio.file.Path;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The shipped DSAC-T policy is its actor averaged with its mirror image (policy-export's
 * {@code dsact.mirror_averaged}): as the runtime loads and runs it, the action for the mirror image
 * of an observation is the mirror image of the action. The mirror negates the lateral features in
 * raw units, which with the file's normalization is x' = -x - 2 shift scale, and the turn command.
 */
class ShippedPolicyMirrorTest {
    // the features that change sign when the scene is reflected about the robot's forward axis
    private static final Set<String> LATERAL = Set.of("lateral_error_m", "heading_error_rad", "body_w_radps", "lookahead_y_m",
            "path_curvature_1pm", "obstacle_rel_y_m", "obstacle_rel_vy_mps");

    @Test
    void the_action_for_a_mirrored_observation_is_the_mirrored_action() throws Exception {
        Path file = MlpBackendParityTest.repo().resolve("policy-export/models/tracking-obstacle-v1-dsact.onnx");
        try (Policy policy = PolicyLoader.load(file, null, FeatureRegistry.tracking().names(), PolicyBackend.JAVA)) {
            PolicySpec spec = policy.spec();
            assertThat(policy.spec().provenance()).containsEntry("mirror_average", "true");
            int n = spec.observationSize();
            int turn = spec.actionNames().indexOf("w_radps");
            assertThat(turn).isNotNegative();
            SplittableRandom random = new SplittableRandom(7);
            float[] x = new float[n];
            float[] mirrored = new float[n];
            float[] action = new float[spec.actionSize()];
            float[] mirroredAction = new float[spec.actionSize()];
            double worst = 0;
            double turnMagnitude = 0;
            int checked = 0;
            while (checked < 2000) {
                boolean inside = true;
                for (int i = 0; i < n; i++) {
                    x[i] = (float) (1.5 * random.nextGaussian());
                    boolean lateral = LATERAL.contains(spec.featureNames().get(i));
                    double image = lateral ? -x[i] - 2.0 * spec.shift(i) * spec.scale(i) : x[i];
                    // a lateral feature at its clip bound has lost its raw value: no exact image
                    inside &= !lateral || (Math.abs(x[i]) < spec.clip(i) && Math.abs(image) < spec.clip(i));
                    mirrored[i] = (float) image;
                }
                if (!inside) {
                    continue;
                }
                policy.act(x, action);
                policy.act(mirrored, mirroredAction);
                for (int j = 0; j < action.length; j++) {
                    double expected = j == turn ? -action[j] : action[j];
                    worst = Math.max(worst, Math.abs(mirroredAction[j] - expected));
                }
                turnMagnitude = Math.max(turnMagnitude, Math.abs(action[turn]));
                checked++;
            }
            // float32 observations and output, and the mirror's offset folded into a float32 bias: a few ulps
            assertThat(worst).as("largest |a(R x) - R a(x)|").isLessThan(1e-5);
            assertThat(turnMagnitude).as("the policy turns at all").isGreaterThan(0.5);
        }
    }
}
