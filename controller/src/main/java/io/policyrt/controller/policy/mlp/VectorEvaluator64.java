package io.policyrt.controller.policy.mlp;

import io.policyrt.controller.policy.mlp.MlpGraph.Activation;
import io.policyrt.controller.policy.mlp.MlpGraph.Dense;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A float64 graph with the incubator Vector API ({@code --add-modules jdk.incubator.vector}).
 *
 * <p>Each dense layer's weights are in {@link WeightPanels} order, panels of eight vectors (64
 * outputs with AVX-512), so one pass over a panel streams its weights while eight accumulators
 * stay in registers: per input one broadcast, eight loads and eight fused multiply-adds, eight
 * independent chains, enough to keep both FMA units busy through their latency. A last, narrower
 * panel runs four vectors and then one at a time. The bias is added after the sum, as ONNX
 * Runtime does. Tanh and GELU's tanh form use the vector tanh; GELU's erf form and the tails of
 * the activations run the scalar code.
 *
 * <p>Loaded only by reflection ({@link MlpEvaluators}) when the module is present.
 */
final class VectorEvaluator64 extends GraphEvaluator64 {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final int PANEL = WeightPanels.PANEL;

    VectorEvaluator64(MlpGraph graph) {
        super(graph, VectorEvaluator64::padded, VectorEvaluator64::panels);
    }

    private static int padded(int n) {
        return WeightPanels.padded(n, LANES);
    }

    private static double[] panels(Dense d) {
        return WeightPanels.of(d, LANES);
    }

    @Override
    public String implementation() {
        return "vector API, " + LANES + " x float64 lanes";
    }

    @Override
    void dense(double[] x, int in, double[] y, int out, double[] w, double[] bias) {
        int outVectors = padded(out) / LANES;
        int base = 0;
        for (int first = 0; first < outVectors; first += PANEL) {
            int o = first * LANES;
            int vectors = Math.min(PANEL, outVectors - first);
            if (vectors == PANEL) {
                DoubleVector acc0 = DoubleVector.zero(SPECIES);
                DoubleVector acc1 = DoubleVector.zero(SPECIES);
                DoubleVector acc2 = DoubleVector.zero(SPECIES);
                DoubleVector acc3 = DoubleVector.zero(SPECIES);
                DoubleVector acc4 = DoubleVector.zero(SPECIES);
                DoubleVector acc5 = DoubleVector.zero(SPECIES);
                DoubleVector acc6 = DoubleVector.zero(SPECIES);
                DoubleVector acc7 = DoubleVector.zero(SPECIES);
                for (int i = 0, k = base; i < in; i++, k += PANEL * LANES) {
                    DoubleVector xi = DoubleVector.broadcast(SPECIES, x[i]);
                    acc0 = DoubleVector.fromArray(SPECIES, w, k).fma(xi, acc0);
                    acc1 = DoubleVector.fromArray(SPECIES, w, k + LANES).fma(xi, acc1);
                    acc2 = DoubleVector.fromArray(SPECIES, w, k + 2 * LANES).fma(xi, acc2);
                    acc3 = DoubleVector.fromArray(SPECIES, w, k + 3 * LANES).fma(xi, acc3);
                    acc4 = DoubleVector.fromArray(SPECIES, w, k + 4 * LANES).fma(xi, acc4);
                    acc5 = DoubleVector.fromArray(SPECIES, w, k + 5 * LANES).fma(xi, acc5);
                    acc6 = DoubleVector.fromArray(SPECIES, w, k + 6 * LANES).fma(xi, acc6);
                    acc7 = DoubleVector.fromArray(SPECIES, w, k + 7 * LANES).fma(xi, acc7);
                }
                acc0.add(DoubleVector.fromArray(SPECIES, bias, o)).intoArray(y, o);
                acc1.add(DoubleVector.fromArray(SPECIES, bias, o + LANES)).intoArray(y, o + LANES);
                acc2.add(DoubleVector.fromArray(SPECIES, bias, o + 2 * LANES)).intoArray(y, o + 2 * LANES);
                acc3.add(DoubleVector.fromArray(SPECIES, bias, o + 3 * LANES)).intoArray(y, o + 3 * LANES);
                acc4.add(DoubleVector.fromArray(SPECIES, bias, o + 4 * LANES)).intoArray(y, o + 4 * LANES);
                acc5.add(DoubleVector.fromArray(SPECIES, bias, o + 5 * LANES)).intoArray(y, o + 5 * LANES);
                acc6.add(DoubleVector.fromArray(SPECIES, bias, o + 6 * LANES)).intoArray(y, o + 6 * LANES);
                acc7.add(DoubleVector.fromArray(SPECIES, bias, o + 7 * LANES)).intoArray(y, o + 7 * LANES);
            } else {
                int stride = vectors * LANES;
                int v = 0;
                for (; v + 4 <= vectors; v += 4) {
                    int ov = o + v * LANES;
                    DoubleVector acc0 = DoubleVector.zero(SPECIES);
                    DoubleVector acc1 = DoubleVector.zero(SPECIES);
                    DoubleVector acc2 = DoubleVector.zero(SPECIES);
                    DoubleVector acc3 = DoubleVector.zero(SPECIES);
                    for (int i = 0, k = base + v * LANES; i < in; i++, k += stride) {
                        DoubleVector xi = DoubleVector.broadcast(SPECIES, x[i]);
                        acc0 = DoubleVector.fromArray(SPECIES, w, k).fma(xi, acc0);
                        acc1 = DoubleVector.fromArray(SPECIES, w, k + LANES).fma(xi, acc1);
                        acc2 = DoubleVector.fromArray(SPECIES, w, k + 2 * LANES).fma(xi, acc2);
                        acc3 = DoubleVector.fromArray(SPECIES, w, k + 3 * LANES).fma(xi, acc3);
                    }
                    acc0.add(DoubleVector.fromArray(SPECIES, bias, ov)).intoArray(y, ov);
                    acc1.add(DoubleVector.fromArray(SPECIES, bias, ov + LANES)).intoArray(y, ov + LANES);
                    acc2.add(DoubleVector.fromArray(SPECIES, bias, ov + 2 * LANES)).intoArray(y, ov + 2 * LANES);
                    acc3.add(DoubleVector.fromArray(SPECIES, bias, ov + 3 * LANES)).intoArray(y, ov + 3 * LANES);
                }
                for (; v < vectors; v++) {
                    DoubleVector acc = DoubleVector.zero(SPECIES);
                    for (int i = 0, k = base + v * LANES; i < in; i++, k += stride) {
                        acc = DoubleVector.fromArray(SPECIES, w, k).fma(DoubleVector.broadcast(SPECIES, x[i]), acc);
                    }
                    acc.add(DoubleVector.fromArray(SPECIES, bias, o + v * LANES)).intoArray(y, o + v * LANES);
                }
            }
            base += in * vectors * LANES;
        }
    }

    @Override
    void activate(Activation activation, double[] c, double[] x, int n) {
        int vectorEnd = SPECIES.loopBound(n);
        switch (activation) {
            case TANH:
                for (int i = 0; i < vectorEnd; i += LANES) {
                    DoubleVector.fromArray(SPECIES, x, i).lanewise(VectorOperators.TANH).intoArray(x, i);
                }
                for (int i = vectorEnd; i < n; i++) {
                    x[i] = MlpMath.tanh(x[i]);
                }
                break;
            case RELU:
                for (int i = 0; i < vectorEnd; i += LANES) {
                    DoubleVector.fromArray(SPECIES, x, i).max(0.0).intoArray(x, i);
                }
                for (int i = vectorEnd; i < n; i++) {
                    x[i] = Math.max(x[i], 0.0);
                }
                break;
            case GELU_TANH: {
                double cubic = c[0];
                double scale = c[1];
                double one = c[2];
                double half = c[3];
                for (int i = 0; i < vectorEnd; i += LANES) {
                    DoubleVector v = DoubleVector.fromArray(SPECIES, x, i);
                    DoubleVector inner = v.mul(v).mul(v).mul(cubic).add(v).mul(scale);
                    inner.lanewise(VectorOperators.TANH).add(one).mul(v).mul(half).intoArray(x, i);
                }
                for (int i = vectorEnd; i < n; i++) {
                    double v = x[i];
                    x[i] = (half * (v * (one + MlpMath.tanh(scale * (v + cubic * (v * (v * v)))))));
                }
                break;
            }
            default: { // GELU_ERF: no vector erf in the API
                double divisor = c[0];
                double one = c[1];
                double half = c[2];
                for (int i = 0; i < n; i++) {
                    double v = x[i];
                    x[i] = (v * (MlpMath.erf(v / divisor) + one) * half);
                }
            }
        }
    }
}
