package io.policyrt.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.policy.OnnxPolicy;
import io.policyrt.controller.policy.PolicyLoader;
import io.policyrt.controller.policy.PolicySpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains {@code policy-export/python/train_bc.py} for a few epochs on a small synthetic expert
 * written here, then loads the result as the runtime would.
 */
class TrainBcTest {
    private static final List<String> FEATURES =
            List.of("lateral_error_m", "heading_error_rad", "speed_error_mps", "target_speed_mps");
    private static final int ROWS = 2000;
    private static final int EPOCHS = 4;
    private static final int BATCH = 64;

    @BeforeAll
    static void pythonHasTorchAndOnnx(@TempDir Path dir) throws Exception {
        PythonScripts.requireTorchAndOnnx(dir);
    }

    @Test
    void behaviour_cloning_writes_a_loadable_policy_with_data_normalization_log_plot_and_golden(@TempDir Path dir)
            throws Exception {
        Path dataset = dir.resolve("expert.csv");
        double[][] raw = writeSyntheticExpert(dataset);
        Path onnx = dir.resolve("models/tracking-bc.onnx");

        PythonScripts.runScript(dir, "train_bc.py", List.of("--dataset", dataset.toString(), "--out", onnx.toString(),
                "--epochs", Integer.toString(EPOCHS), "--batch-size", Integer.toString(BATCH), "--seed", "3",
                "--control-period", "0.05", "--robot-radius", "0.3", "--task", "tracking-obstacle-v1",
                "--v-range", "0.0,0.8", "--w-range", "-1.5,1.5"));

        // Training log: one row per epoch; the synthetic expert is smooth, so validation improves.
        List<String> log = Files.readAllLines(dir.resolve("models/tracking-bc.training.csv"));
        assertThat(log).hasSize(EPOCHS + 1);
        assertThat(log.get(0)).isEqualTo("epoch,train_loss,val_loss");
        double firstVal = Double.parseDouble(log.get(1).split(",")[2]);
        double lastVal = Double.parseDouble(log.get(EPOCHS).split(",")[2]);
        assertThat(lastVal).isLessThan(firstVal);
        byte[] png = Files.readAllBytes(dir.resolve("models/tracking-bc.learning_curve.png"));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');

        try (OnnxPolicy policy = PolicyLoader.load(onnx, FeatureRegistry.tracking().names())) {
            PolicySpec spec = policy.spec();
            assertThat(spec.task()).isEqualTo("tracking-obstacle-v1");
            assertThat(spec.featureNames()).isEqualTo(FEATURES);
            for (int i = 0; i < FEATURES.size(); i++) {
                double mean = mean(raw, i);
                double std = Math.sqrt(variance(raw, i, mean));
                // shift and scale come from the 90% training split: close to the full data's
                // mean and 1/std, exactly so for the constant target speed.
                assertThat((double) spec.shift(i)).as("shift of %s", FEATURES.get(i)).isCloseTo(mean, within(0.1 * std + 1e-6));
                assertThat(spec.clip(i)).isEqualTo(5f);
                if (std > 0) {
                    assertThat(spec.scale(i) * std).as("scale * std of %s", FEATURES.get(i)).isCloseTo(1.0, within(0.1));
                }
            }
            // target_speed_mps is constant 0.5: std 0 is floored at 1e-3, so scale is 1000.
            assertThat(spec.shift(3)).isEqualTo(0.5f);
            assertThat(spec.scale(3)).isCloseTo(1000f, within(1e-2f));
            assertThat(spec.actionLow(0)).isEqualTo(0.0);
            assertThat(spec.actionHigh(0)).isEqualTo(0.8);
            assertThat(spec.actionLow(1)).isEqualTo(-1.5);
            assertThat(spec.actionHigh(1)).isEqualTo(1.5);
            assertThat(spec.actionNormalized()).isTrue();
            assertThat(spec.controlPeriodNanos()).isEqualTo(50_000_000L);
            assertThat(spec.robotRadiusM()).isEqualTo(0.3);

            // 10% of 2000 rows held out: 1800 training rows, ceil(1800 / 64) = 29 steps per epoch.
            int stepsPerEpoch = (ROWS - ROWS / 10 + BATCH - 1) / BATCH;
            assertThat(spec.provenance())
                    .containsEntry("algorithm", "behaviour-cloning")
                    .containsEntry("training_steps", Integer.toString(EPOCHS * stepsPerEpoch))
                    .containsEntry("dataset_sha256", sha256(dataset))
                    .containsEntry("dataset_rows", Integer.toString(ROWS))
                    .containsKeys("weights_sha256", "exporter_revision", "created_utc");

            double maxError = PythonScripts.maxGoldenError(policy, dir.resolve("models/tracking-bc.golden.json"), 64);
            assertThat(maxError).isLessThanOrEqualTo(1e-5);
        }
    }

    /**
     * A seeded smooth expert: forward speed drops with the speed error, yaw rate steers back onto
     * the path. Actions already in [-1, 1]; a weight column in [0.5, 2].
     */
    private static double[][] writeSyntheticExpert(Path csv) throws IOException {
        Random random = new Random(42);
        double[][] raw = new double[ROWS][FEATURES.size()];
        StringBuilder sb = new StringBuilder(String.join(",", FEATURES)).append(",action_v,action_w,weight\n");
        for (int r = 0; r < ROWS; r++) {
            double lateral = 0.5 * random.nextGaussian();
            double heading = 0.6 * random.nextGaussian();
            double speedError = 0.3 * random.nextGaussian();
            double targetSpeed = 0.5;
            raw[r] = new double[] {lateral, heading, speedError, targetSpeed};
            double v = Math.tanh(0.5 - 2 * speedError);
            double w = Math.tanh(-2 * lateral - 1.5 * heading);
            sb.append(String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f%n",
                    lateral, heading, speedError, targetSpeed, v, w, 0.5 + 1.5 * random.nextDouble()));
        }
        Files.writeString(csv, sb);
        // What the script reads: the values as printed with six decimals.
        for (double[] row : raw) {
            for (int i = 0; i < row.length; i++) {
                row[i] = Double.parseDouble(String.format(Locale.ROOT, "%.6f", row[i]));
            }
        }
        return raw;
    }

    private static double mean(double[][] raw, int i) {
        double sum = 0;
        for (double[] row : raw) {
            sum += row[i];
        }
        return sum / raw.length;
    }

    private static double variance(double[][] raw, int i, double mean) {
        double sum = 0;
        for (double[] row : raw) {
            sum += (row[i] - mean) * (row[i] - mean);
        }
        return sum / raw.length;
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
