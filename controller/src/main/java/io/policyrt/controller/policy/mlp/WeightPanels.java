package io.policyrt.controller.policy.mlp;

import io.policyrt.controller.policy.mlp.MlpGraph.Dense;

/**
 * The weight order the vector evaluators read: a dense layer's outputs cut into panels of
 * {@link #PANEL} vectors, each panel's weights stored input by input, [in][vectors], so that one
 * pass over a panel streams its weights in order. Widths are padded to whole vectors with zero
 * weights.
 */
final class WeightPanels {
    /** Vectors per panel: eight accumulators stay in registers. */
    static final int PANEL = 8;

    private WeightPanels() {
    }

    /** n rounded up to whole vectors of {@code lanes}. */
    static int padded(int n, int lanes) {
        return (n + lanes - 1) / lanes * lanes;
    }

    /** Panel p covers outputs [p * 8 * lanes, ...): w[base_p + i * vectors_p * lanes + v * lanes + lane]. */
    static double[] of(Dense d, int lanes) {
        int in = d.inputSize();
        int outVectors = padded(d.outputSize(), lanes) / lanes;
        double[] w = new double[in * outVectors * lanes];
        int base = 0;
        for (int first = 0; first < outVectors; first += PANEL) {
            int vectors = Math.min(PANEL, outVectors - first);
            for (int i = 0; i < in; i++) {
                for (int v = 0; v < vectors; v++) {
                    for (int lane = 0; lane < lanes; lane++) {
                        int o = (first + v) * lanes + lane;
                        w[base + (i * vectors + v) * lanes + lane] = o < d.outputSize() ? d.weights()[o * in + i] : 0.0;
                    }
                }
            }
            base += in * vectors * lanes;
        }
        return w;
    }
}
