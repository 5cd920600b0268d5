package io.policyrt.launch.verify;

import io.policyrt.controller.policy.Policy;
import java.util.Locale;

/**
 * The outcome of running golden vectors through a policy: how many values disagree by more than
 * the tolerance, and the worst disagreement (a non-finite action counts as infinitely wrong).
 */
public record GoldenCheck(int rows, int actionsPerRow, double tolerance, int mismatches, double maxError,
                          int worstRow, int worstAction, float expected, float actual) {

    /** Runs every golden observation through {@code policy} and compares with the golden actions. */
    public static GoldenCheck run(Policy policy, GoldenVectors golden, double tolerance) {
        int m = policy.spec().actionSize();
        float[] action = new float[m];
        int mismatches = 0;
        double maxError = -1;
        int worstRow = 0;
        int worstAction = 0;
        float expected = Float.NaN;
        float actual = Float.NaN;
        for (int r = 0; r < golden.size(); r++) {
            float[] want = golden.action(r);
            policy.act(golden.observation(r), action);
            for (int j = 0; j < m; j++) {
                double error = Float.isFinite(action[j]) ? Math.abs((double) action[j] - want[j]) : Double.POSITIVE_INFINITY;
                if (error > tolerance) {
                    mismatches++;
                }
                if (error > maxError) {
                    maxError = error;
                    worstRow = r;
                    worstAction = j;
                    expected = want[j];
                    actual = action[j];
                }
            }
        }
        return new GoldenCheck(golden.size(), m, tolerance, mismatches, maxError, worstRow, worstAction, expected, actual);
    }

    public boolean ok() {
        return mismatches == 0;
    }

    /** One line: the worst disagreement with its place, both values and the tolerance. */
    public String worst() {
        return String.format(Locale.ROOT, "worst: row %d action %d expected %.9g actual %.9g |error| %.3g tolerance %.3g",
                worstRow, worstAction, expected, actual, maxError, tolerance);
    }
}
