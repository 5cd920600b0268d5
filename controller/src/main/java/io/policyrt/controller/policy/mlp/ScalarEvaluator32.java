package io.policyrt.controller.policy.mlp;

import io.policyrt.controller.policy.mlp.MlpGraph.Activation;

/**
 * A float32 graph in plain Java. Each dense layer keeps its weights row-major, [out][in], and
 * computes eight outputs at a time with fused multiply-adds (eight independent sums, so the
 * multiply-adds overlap). The JIT does not vectorize these loops on JDK 17; the Vector API evaluators do.
 * Tanh is ONNX Runtime's float32 approximation ({@link MlpMath#tanhFloat32}); the GELUs run in
 * double precision and round once.
 */
final class ScalarEvaluator32 extends GraphEvaluator32 {
    ScalarEvaluator32(MlpGraph graph) {
        super(graph, n -> n, d -> toFloats(d.weights(), d.weights().length));
    }

    @Override
    public String implementation() {
        return "scalar";
    }

    /**
     * Eight rows at a time: eight independent sums (enough to cover the multiply-add latency) share
     * each load of x; the bias is added last, and sums over more than {@link MlpMath#SGEMM_STRIDE_K}
     * inputs run in blocks each added to the result so far, as ONNX Runtime does.
     */
    @Override
    void dense(float[] x, int in, float[] y, int out, float[] w, float[] bias) {
        for (int start = 0; start < in; start += MlpMath.SGEMM_STRIDE_K) {
            int end = Math.min(in, start + MlpMath.SGEMM_STRIDE_K);
            float[] c = start == 0 ? bias : y;
            int o = 0;
            for (; o + 7 < out; o += 8) {
                int r0 = o * in;
                int r1 = r0 + in;
                int r2 = r1 + in;
                int r3 = r2 + in;
                int r4 = r3 + in;
                int r5 = r4 + in;
                int r6 = r5 + in;
                int r7 = r6 + in;
                float a0 = 0f;
                float a1 = 0f;
                float a2 = 0f;
                float a3 = 0f;
                float a4 = 0f;
                float a5 = 0f;
                float a6 = 0f;
                float a7 = 0f;
                for (int i = start; i < end; i++) {
                    float xi = x[i];
                    a0 = Math.fma(xi, w[r0 + i], a0);
                    a1 = Math.fma(xi, w[r1 + i], a1);
                    a2 = Math.fma(xi, w[r2 + i], a2);
                    a3 = Math.fma(xi, w[r3 + i], a3);
                    a4 = Math.fma(xi, w[r4 + i], a4);
                    a5 = Math.fma(xi, w[r5 + i], a5);
                    a6 = Math.fma(xi, w[r6 + i], a6);
                    a7 = Math.fma(xi, w[r7 + i], a7);
                }
                y[o] = a0 + c[o];
                y[o + 1] = a1 + c[o + 1];
                y[o + 2] = a2 + c[o + 2];
                y[o + 3] = a3 + c[o + 3];
                y[o + 4] = a4 + c[o + 4];
                y[o + 5] = a5 + c[o + 5];
                y[o + 6] = a6 + c[o + 6];
                y[o + 7] = a7 + c[o + 7];
            }
            for (; o < out; o++) {
                int r = o * in;
                float acc = 0f;
                for (int i = start; i < end; i++) {
                    acc = Math.fma(x[i], w[r + i], acc);
                }
                y[o] = acc + c[o];
            }
        }
    }

    @Override
    void activate(Activation activation, float[] c, float[] x, int n) {
        switch (activation) {
            case TANH:
                for (int i = 0; i < n; i++) {
                    x[i] = MlpMath.tanhFloat32(x[i]);
                }
                break;
            case RELU:
                for (int i = 0; i < n; i++) {
                    x[i] = Math.max(x[i], 0f);
                }
                break;
            case GELU_TANH: {
                double cubic = c[0];
                double scale = c[1];
                double one = c[2];
                double half = c[3];
                for (int i = 0; i < n; i++) {
                    double v = x[i];
                    x[i] = (float) (half * (v * (one + MlpMath.tanh(scale * (v + cubic * (v * (v * v)))))));
                }
                break;
            }
            default: { // GELU_ERF
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
}
