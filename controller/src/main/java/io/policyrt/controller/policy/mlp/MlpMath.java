package io.policyrt.controller.policy.mlp;

/**
 * The scalar functions of the activations: in double precision and without branches where the
 * value allows, {@link #tanh} through {@link Math#exp} (an intrinsic, several times faster than
 * {@link Math#tanh} on JDK 17) and {@link #erf} by series and continued fraction; in float32,
 * {@link #tanhFloat32}, ONNX Runtime's own approximation, so that float32 graphs give its results.
 */
final class MlpMath {
    /**
     * ONNX Runtime's K block for float32 matrix products (MLAS's packed SGEMM): a sum over more
     * inputs runs in blocks, each block's sum added to the bias and the blocks before.
     */
    static final int SGEMM_STRIDE_K = 256;

    /** The constants of {@link #tanhFloat32}: the clamp and the coefficients, as ONNX Runtime writes them. */
    static final float TANH_BOUND = 9.0f;
    static final float TANH_ALPHA_13 = -2.76076847742355e-16f;
    static final float TANH_ALPHA_11 = 2.00018790482477e-13f;
    static final float TANH_ALPHA_9 = -8.60467152213735e-11f;
    static final float TANH_ALPHA_7 = 5.12229709037114e-08f;
    static final float TANH_ALPHA_5 = 1.48572235717979e-05f;
    static final float TANH_ALPHA_3 = 6.37261928875436e-04f;
    static final float TANH_ALPHA_1 = 4.89352455891786e-03f;
    static final float TANH_BETA_6 = 1.19825839466702e-06f;
    static final float TANH_BETA_4 = 1.18534705686654e-04f;
    static final float TANH_BETA_2 = 2.26843463243900e-03f;
    static final float TANH_BETA_0 = 4.89352518554385e-03f;

    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double ONE_OVER_SQRT_PI = 0.5641895835477563;
    /** 2 / (2n + 1) for the erf series. */
    private static final double[] SERIES = new double[96];

    static {
        for (int n = 0; n < SERIES.length; n++) {
            SERIES[n] = 2.0 / (2 * n + 1);
        }
    }

    private MlpMath() {
    }

    /**
     * tanh(x) = 1 - 2 / (exp(2x) + 1); within 5e-16 of the exact value (absolute) for every x,
     * +-1 beyond |x| = 19, NaN for NaN.
     */
    static double tanh(double x) {
        return 1.0 - 2.0 / (Math.exp(2.0 * x) + 1.0);
    }

    /**
     * ONNX Runtime's float32 tanh (MLAS, the rational function Eigen uses): odd numerator of degree
     * 13 over even denominator of degree 6 on x clamped to [-9, 9], Horner steps as fused
     * multiply-adds (its x86-64 kernel needs FMA3). Float32 graphs use it instead of the exact
     * tanh: its error is a few float32 ulp, and with the exact tanh the actions of a trained
     * 2x256 policy differed from ONNX Runtime's by up to 1e-6; with it they are bit-identical. NaN for NaN.
     */
    static float tanhFloat32(float x) {
        float v = Math.min(TANH_BOUND, Math.max(-TANH_BOUND, x));
        float v2 = v * v;
        float p = Math.fma(v2, TANH_ALPHA_13, TANH_ALPHA_11);
        p = Math.fma(p, v2, TANH_ALPHA_9);
        p = Math.fma(p, v2, TANH_ALPHA_7);
        p = Math.fma(p, v2, TANH_ALPHA_5);
        p = Math.fma(p, v2, TANH_ALPHA_3);
        p = Math.fma(p, v2, TANH_ALPHA_1);
        p = p * v;
        float q = Math.fma(v2, TANH_BETA_6, TANH_BETA_4);
        q = Math.fma(q, v2, TANH_BETA_2);
        q = Math.fma(q, v2, TANH_BETA_0);
        return p / q;
    }

    /**
     * The error function, within about 1e-16 (absolute) of the exact value. For |x| < 3 the series
     * erf(x) = 2/sqrt(pi) exp(-x^2) sum_n 2^n x^(2n+1) / (1 * 3 * ... * (2n+1)) (all terms positive,
     * so nothing cancels); above, 1 - erfc(x) with erfc's continued fraction; +-1 beyond |x| = 6
     * (erfc(6) = 2e-17).
     */
    static double erf(double x) {
        double a = Math.abs(x);
        if (!(a < 6.0)) {
            return Double.isNaN(x) ? x : Math.copySign(1.0, x);
        }
        double a2 = a * a;
        double result;
        if (a < 3.0) {
            double term = a;
            double sum = a;
            for (int n = 1; n < SERIES.length; n++) {
                term *= a2 * SERIES[n];
                sum += term;
                if (term < 1e-17 * sum) {
                    break;
                }
            }
            result = TWO_OVER_SQRT_PI * Math.exp(-a2) * sum;
        } else {
            // erfc(a) = exp(-a^2)/sqrt(pi) * 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + 2/(a + ...))))),
            // evaluated bottom-up from a fixed depth (enough for a >= 3 to 1e-17).
            double f = a;
            for (int k = 60; k >= 1; k--) {
                f = a + (k * 0.5) / f;
            }
            result = 1.0 - ONE_OVER_SQRT_PI * Math.exp(-a2) / f;
        }
        return Math.copySign(result, x);
    }
}
