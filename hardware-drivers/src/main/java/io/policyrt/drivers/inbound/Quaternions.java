package io.policyrt.drivers.inbound;

/**
 * Planar yaw from an orientation quaternion, the one rule every transport that receives a
 * quaternion applies: a quaternion whose norm is far from 1 (or zero) is not an orientation, and
 * is refused instead of being turned into some angle. No allocation.
 */
public final class Quaternions {
    /** Smallest norm accepted as a unit quaternion with rounding or float32 noise. */
    public static final double MIN_NORM = 0.9;
    /** Largest norm accepted as a unit quaternion with rounding or float32 noise. */
    public static final double MAX_NORM = 1.1;

    /** Thrown for every refused quaternion: preallocated, without a stack trace, so a flood costs nothing. */
    private static final IllegalArgumentException NOT_UNIT = new NotUnit();

    private static final class NotUnit extends IllegalArgumentException {
        NotUnit() {
            super("orientation quaternion norm outside [0.9, 1.1]");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    private Quaternions() {
    }

    /**
     * Yaw (rotation about z) [rad] in (-pi, pi] of the quaternion normalized to unit length.
     * Non-finite components give NaN (the channel refuses it as NON_FINITE).
     *
     * @throws IllegalArgumentException when the norm is outside [{@value #MIN_NORM},
     *                                  {@value #MAX_NORM}] or zero (the channel's INVALID)
     */
    public static double checkedYawRad(double x, double y, double z, double w) {
        double norm = Math.sqrt(x * x + y * y + z * z + w * w);
        if (!Double.isFinite(norm)) {
            return Double.NaN;
        }
        if (norm < MIN_NORM || norm > MAX_NORM) {
            throw NOT_UNIT;
        }
        return yawRad(x / norm, y / norm, z / norm, w / norm);
    }

    /** Yaw [rad] in (-pi, pi]; scale-free (both atan2 arguments scale with the squared norm), no check. */
    public static double yawRad(double x, double y, double z, double w) {
        return Math.atan2(2 * (w * z + x * y), w * w + x * x - y * y - z * z);
    }
}
