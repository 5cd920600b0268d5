package io.policyrt.sim;

/**
 * Deterministic random numbers for the simulator: SplitMix64 for uniform bits and Box-Muller for
 * Gaussians. Chosen because it is a few lines in any language, so the Python environment mirror
 * can reproduce a Java episode draw for draw.
 */
public final class SimRandom {
    private long state;

    public SimRandom(long seed) {
        this.state = seed;
    }

    /** Next 64 random bits (SplitMix64). */
    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1) with 53 bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [lo, hi). */
    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    /** Standard normal by Box-Muller; uses two uniforms per call (the second value is not cached). */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // (0, 1]
        double u2 = nextDouble();
        return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2.0 * Math.PI * u2);
    }
}
