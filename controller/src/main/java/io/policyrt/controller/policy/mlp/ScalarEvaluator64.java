package io.policyrt.controller.policy.mlp;

import io.policyrt.controller.policy.mlp.MlpGraph.Activation;

/**
 * A float64 graph in plain Java. Each dense layer keeps its weights row-major, [out][in], and
 * computes eight outputs at a time with fused multiply-adds (eight independent sums, so the
 * multiply-adds overlap). The JIT does not vectorize these loops on JDK 17; the Vector API
 * evaluators do.
 */
final class ScalarEvaluator64 extends GraphEvaluator64 {
    ScalarEvaluator64(MlpGraph graph) {
        super(graph, n -> n, d -> d.weights().clone());
    }

    @Override
    public String implementation() {
        return "scalar";
    }

    /**
     * Eight rows at a time: eight independent sums (enough to cover the multiply-add latency) share
     * each load of x; the bias is added last, as ONNX Runtime does.
     */
    @Override
    void dense(double[] x, int in, double[] y, int out, double[] w, double[] bias) {
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
            double a0 = 0.0;
            double a1 = 0.0;
            double a2 = 0.0;
            double a3 = 0.0;
            double a4 = 0.0;
            double a5 = 0.0;
            double a6 = 0.0;
            double a7 = 0.0;
            for (int i = 0; i < in; i++) {
                double xi = x[i];
                a0 = Math.fma(xi, w[r0 + i], a0);
                a1 = Math.fma(xi, w[r1 + i], a1);
                a2 = Math.fma(xi, w[r2 + i], a2);
                a3 = Math.fma(xi, w[r3 + i], a3);
                a4 = Math.fma(xi, w[r4 + i], a4);
                a5 = Math.fma(xi, w[r5 + i], a5);
                a6 = Math.fma(xi, w[r6 + i], a6);
                a7 = Math.fma(xi, w[r7 + i], a7);
            }
            y[o] = a0 + bias[o];
            y[o + 1] = a1 + bias[o + 1];
            y[o + 2] = a2 + bias[o + 2];
            y[o + 3] = a3 + bias[o + 3];
            y[o + 4] = a4 + bias[o + 4];
            y[o + 5] = a5 + bias[o + 5];
            y[o + 6] = a6 + bias[o + 6];
            y[o + 7] = a7 + bias[o + 7];
        }
        for (; o < out; o++) {
            int r = o * in;
            double acc = 0.0;
            for (int i = 0; i < in; i++) {
                acc = Math.fma(x[i], w[r + i], acc);
            }
            y[o] = acc + bias[o];
        }
    }

    @Override
    void activate(Activation activation, double[] c, double[] x, int n) {
        switch (activation) {
            case TANH:
                for (int i = 0; i < n; i++) {
                    x[i] = MlpMath.tanh(x[i]);
                }
                break;
            case RELU:
                for (int i = 0; i < n; i++) {
                    x[i] = Math.max(x[i], 0.0);
                }
                break;
            case GELU_TANH: {
                double cubic = c[0];
                double scale = c[1];
                double one = c[2];
                double half = c[3];
                for (int i = 0; i < n; i++) {
                    double v = x[i];
                    x[i] = (half * (v * (one + MlpMath.tanh(scale * (v + cubic * (v * (v * v)))))));
                }
                break;
            }
            default: { // GELU_ERF
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
