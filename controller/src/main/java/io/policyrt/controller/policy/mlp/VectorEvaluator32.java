package io.policyrt.controller.policy.mlp;

import io.policyrt.controller.policy.mlp.MlpGraph.Activation;
import io.policyrt.controller.policy.mlp.MlpGraph.Dense;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A float32 graph with the incubator Vector API ({@code --add-modules jdk.incubator.vector}).
 *
 * <p>Each dense layer's weights are in {@link WeightPanels} order, panels of eight vectors (128
 * outputs with AVX-512), so one pass over a panel streams its weights while eight accumulators
 * stay in registers: per input one broadcast, eight loads and eight fused multiply-adds, eight
 * independent chains, enough to keep both FMA units busy through their latency. A last, narrower
 * panel runs four vectors and then one at a time. The bias is added after the sum, and sums
 * over more than 256 inputs run in blocks of 256 each added to the result so far, as ONNX
 * Runtime's kernel does. Tanh is ONNX Runtime's float32 approximation ({@link MlpMath#tanhFloat32}) lane by
 * lane, the same arithmetic as its scalar form, so the results are bit-identical to ONNX Runtime's;
 * GELU's tanh form uses the Vector API's tanh; GELU's erf form and the tails of the other
 * activations run the scalar code.
 *
 * <p>Loaded only by reflection ({@link MlpEvaluators}) when the module is present.
 */
final class VectorEvaluator32 extends GraphEvaluator32 {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final int PANEL = WeightPanels.PANEL;

    VectorEvaluator32(MlpGraph graph) {
        super(graph, VectorEvaluator32::padded, VectorEvaluator32::panels);
    }

    private static int padded(int n) {
        return WeightPanels.padded(n, LANES);
    }

    /** The panels in float32: each weight rounded once. */
    private static float[] panels(Dense d) {
        double[] w = WeightPanels.of(d, LANES);
        return toFloats(w, w.length);
    }

    @Override
    public String implementation() {
        return "vector API, " + LANES + " x float32 lanes";
    }

    @Override
    void dense(float[] x, int in, float[] y, int out, float[] w, float[] bias) {
        int outVectors = padded(out) / LANES;
        int base = 0;
        for (int first = 0; first < outVectors; first += PANEL) {
            int o = first * LANES;
            int vectors = Math.min(PANEL, outVectors - first);
            int stride = vectors * LANES;
            // K blocks as ONNX Runtime's kernel: a block's sum is added to the bias and the blocks before
            for (int start = 0; start < in; start += MlpMath.SGEMM_STRIDE_K) {
                int end = Math.min(in, start + MlpMath.SGEMM_STRIDE_K);
                float[] c = start == 0 ? bias : y;
                if (vectors == PANEL) {
                    FloatVector acc0 = FloatVector.zero(SPECIES);
                    FloatVector acc1 = FloatVector.zero(SPECIES);
                    FloatVector acc2 = FloatVector.zero(SPECIES);
                    FloatVector acc3 = FloatVector.zero(SPECIES);
                    FloatVector acc4 = FloatVector.zero(SPECIES);
                    FloatVector acc5 = FloatVector.zero(SPECIES);
                    FloatVector acc6 = FloatVector.zero(SPECIES);
                    FloatVector acc7 = FloatVector.zero(SPECIES);
                    for (int i = start, k = base + start * stride; i < end; i++, k += PANEL * LANES) {
                        FloatVector xi = FloatVector.broadcast(SPECIES, x[i]);
                        acc0 = FloatVector.fromArray(SPECIES, w, k).fma(xi, acc0);
                        acc1 = FloatVector.fromArray(SPECIES, w, k + LANES).fma(xi, acc1);
                        acc2 = FloatVector.fromArray(SPECIES, w, k + 2 * LANES).fma(xi, acc2);
                        acc3 = FloatVector.fromArray(SPECIES, w, k + 3 * LANES).fma(xi, acc3);
                        acc4 = FloatVector.fromArray(SPECIES, w, k + 4 * LANES).fma(xi, acc4);
                        acc5 = FloatVector.fromArray(SPECIES, w, k + 5 * LANES).fma(xi, acc5);
                        acc6 = FloatVector.fromArray(SPECIES, w, k + 6 * LANES).fma(xi, acc6);
                        acc7 = FloatVector.fromArray(SPECIES, w, k + 7 * LANES).fma(xi, acc7);
                    }
                    acc0.add(FloatVector.fromArray(SPECIES, c, o)).intoArray(y, o);
                    acc1.add(FloatVector.fromArray(SPECIES, c, o + LANES)).intoArray(y, o + LANES);
                    acc2.add(FloatVector.fromArray(SPECIES, c, o + 2 * LANES)).intoArray(y, o + 2 * LANES);
                    acc3.add(FloatVector.fromArray(SPECIES, c, o + 3 * LANES)).intoArray(y, o + 3 * LANES);
                    acc4.add(FloatVector.fromArray(SPECIES, c, o + 4 * LANES)).intoArray(y, o + 4 * LANES);
                    acc5.add(FloatVector.fromArray(SPECIES, c, o + 5 * LANES)).intoArray(y, o + 5 * LANES);
                    acc6.add(FloatVector.fromArray(SPECIES, c, o + 6 * LANES)).intoArray(y, o + 6 * LANES);
                    acc7.add(FloatVector.fromArray(SPECIES, c, o + 7 * LANES)).intoArray(y, o + 7 * LANES);
                } else {
                    int v = 0;
                    for (; v + 4 <= vectors; v += 4) {
                        int ov = o + v * LANES;
                        FloatVector acc0 = FloatVector.zero(SPECIES);
                        FloatVector acc1 = FloatVector.zero(SPECIES);
                        FloatVector acc2 = FloatVector.zero(SPECIES);
                        FloatVector acc3 = FloatVector.zero(SPECIES);
                        for (int i = start, k = base + start * stride + v * LANES; i < end; i++, k += stride) {
                            FloatVector xi = FloatVector.broadcast(SPECIES, x[i]);
                            acc0 = FloatVector.fromArray(SPECIES, w, k).fma(xi, acc0);
                            acc1 = FloatVector.fromArray(SPECIES, w, k + LANES).fma(xi, acc1);
                            acc2 = FloatVector.fromArray(SPECIES, w, k + 2 * LANES).fma(xi, acc2);
                            acc3 = FloatVector.fromArray(SPECIES, w, k + 3 * LANES).fma(xi, acc3);
                        }
                        acc0.add(FloatVector.fromArray(SPECIES, c, ov)).intoArray(y, ov);
                        acc1.add(FloatVector.fromArray(SPECIES, c, ov + LANES)).intoArray(y, ov + LANES);
                        acc2.add(FloatVector.fromArray(SPECIES, c, ov + 2 * LANES)).intoArray(y, ov + 2 * LANES);
                        acc3.add(FloatVector.fromArray(SPECIES, c, ov + 3 * LANES)).intoArray(y, ov + 3 * LANES);
                    }
                    for (; v < vectors; v++) {
                        int ov = o + v * LANES;
                        FloatVector acc = FloatVector.zero(SPECIES);
                        for (int i = start, k = base + start * stride + v * LANES; i < end; i++, k += stride) {
                            acc = FloatVector.fromArray(SPECIES, w, k).fma(FloatVector.broadcast(SPECIES, x[i]), acc);
                        }
                        acc.add(FloatVector.fromArray(SPECIES, c, ov)).intoArray(y, ov);
                    }
                }
            }
            base += in * stride;
        }
    }

    @Override
    void activate(Activation activation, float[] c, float[] x, int n) {
        int vectorEnd = SPECIES.loopBound(n);
        switch (activation) {
            case TANH:
                for (int i = 0; i < vectorEnd; i += LANES) {
                    tanh(FloatVector.fromArray(SPECIES, x, i)).intoArray(x, i);
                }
                for (int i = vectorEnd; i < n; i++) {
                    x[i] = MlpMath.tanhFloat32(x[i]);
                }
                break;
            case RELU:
                for (int i = 0; i < vectorEnd; i += LANES) {
                    FloatVector.fromArray(SPECIES, x, i).max(0f).intoArray(x, i);
                }
                for (int i = vectorEnd; i < n; i++) {
                    x[i] = Math.max(x[i], 0f);
                }
                break;
            case GELU_TANH: {
                float cubic = c[0];
                float scale = c[1];
                float one = c[2];
                float half = c[3];
                for (int i = 0; i < vectorEnd; i += LANES) {
                    FloatVector v = FloatVector.fromArray(SPECIES, x, i);
                    FloatVector inner = v.mul(v).mul(v).mul(cubic).add(v).mul(scale);
                    inner.lanewise(VectorOperators.TANH).add(one).mul(v).mul(half).intoArray(x, i);
                }
                for (int i = vectorEnd; i < n; i++) {
                    double v = x[i];
                    x[i] = (float) (half * (v * (one + MlpMath.tanh(scale * (v + cubic * (v * (v * v)))))));
                }
                break;
            }
            default: { // GELU_ERF: no vector erf in the API
                double divisor = c[0];
                double one = c[1];
                double half = c[2];
                for (int i = 0; i < n; i++) {
                    double v = x[i];
                    x[i] = (float) (v * (MlpMath.erf(v / divisor) + one) * half);
                }
            }
        }
    }

    /** {@link MlpMath#tanhFloat32} on every lane: the same operations in the same order. */
    private static FloatVector tanh(FloatVector x) {
        FloatVector v = x.max(-MlpMath.TANH_BOUND).min(MlpMath.TANH_BOUND);
        FloatVector v2 = v.mul(v);
        FloatVector p = v2.fma(MlpMath.TANH_ALPHA_13, MlpMath.TANH_ALPHA_11)
                .fma(v2, FloatVector.broadcast(SPECIES, MlpMath.TANH_ALPHA_9))
                .fma(v2, FloatVector.broadcast(SPECIES, MlpMath.TANH_ALPHA_7))
                .fma(v2, FloatVector.broadcast(SPECIES, MlpMath.TANH_ALPHA_5))
                .fma(v2, FloatVector.broadcast(SPECIES, MlpMath.TANH_ALPHA_3))
                .fma(v2, FloatVector.broadcast(SPECIES, MlpMath.TANH_ALPHA_1))
                .mul(v);
        FloatVector q = v2.fma(MlpMath.TANH_BETA_6, MlpMath.TANH_BETA_4)
                .fma(v2, FloatVector.broadcast(SPECIES, MlpMath.TANH_BETA_2))
                .fma(v2, FloatVector.broadcast(SPECIES, MlpMath.TANH_BETA_0));
        return p.div(q);
    }
}
