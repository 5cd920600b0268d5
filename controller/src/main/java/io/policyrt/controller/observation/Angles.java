package io.policyrt.controller.observation;

/** Angle helpers. */
public final class Angles {
    private Angles() {
    }

    /** Wraps an angle to [-pi, pi). */
    public static double wrap(double rad) {
        double a = (rad + Math.PI) % (2 * Math.PI);
        if (a < 0) {
            a += 2 * Math.PI;
        }
        return a - Math.PI;
    }
}
