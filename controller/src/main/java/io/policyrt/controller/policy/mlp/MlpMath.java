package io.policyrt.controller.policy.mlp;

/**
 * The scalar functions of the activations, in double precision and without branches where the
 * value allows: {@link #tanh} through {@link Math#exp} (an intrinsic, several times faster than
 * {@link Math#tanh} on JDK 17), {@link #erf} by series and continued fraction.
 */
final class MlpMath {
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
