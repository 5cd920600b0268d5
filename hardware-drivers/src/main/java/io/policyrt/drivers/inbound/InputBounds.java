package io.policyrt.drivers.inbound;

import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;

/**
 * Physical plausibility bounds of the inbound domain values: a finite number a wheeled robot cannot
 * measure or be commanded (a pose 100 km away, a speed of 50 m/s, an obstacle 20 m wide) is a
 * faulty or hostile peer, refused as {@link Reject#IMPLAUSIBLE} by every {@link InboundChannel}.
 * Every bound is inclusive and applies to the absolute value; the obstacle radius is in
 * [0, {@code maxObstacleRadiusM}].
 *
 * @param maxPositionM        odometry and obstacle x, y [m]
 * @param maxSpeedMps         odometry v, obstacle vx, vy and velocity command v [m/s]
 * @param maxYawRateRadps     odometry w [rad/s]
 * @param maxObstacleRadiusM  obstacle radius [m]
 * @param maxCommandRateRadps velocity command w and wheel speeds [rad/s]
 */
public record InputBounds(double maxPositionM, double maxSpeedMps, double maxYawRateRadps, double maxObstacleRadiusM,
                          double maxCommandRateRadps) {
    /** 10 km, 20 m/s, 20 rad/s, 10 m, 200 rad/s: far beyond any wheeled robot, well inside float precision. */
    public static final InputBounds DEFAULTS = new InputBounds(10_000, 20, 20, 10, 200);

    public InputBounds {
        positive("maxPositionM", maxPositionM);
        positive("maxSpeedMps", maxSpeedMps);
        positive("maxYawRateRadps", maxYawRateRadps);
        positive("maxObstacleRadiusM", maxObstacleRadiusM);
        positive("maxCommandRateRadps", maxCommandRateRadps);
    }

    private static void positive(String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and > 0, got " + v);
        }
    }

    /**
     * Whether {@code value}'s numbers are within these bounds; a value of another type has none and
     * is admitted. Expects finite numbers (checked first). Allocates nothing; any thread.
     */
    public boolean admits(Object value) {
        if (value instanceof Odometry o) {
            return within(o.xM(), maxPositionM) && within(o.yM(), maxPositionM)
                    && within(o.vMps(), maxSpeedMps) && within(o.wRadps(), maxYawRateRadps);
        }
        if (value instanceof ObstacleTrack t) {
            return within(t.xM(), maxPositionM) && within(t.yM(), maxPositionM)
                    && within(t.vxMps(), maxSpeedMps) && within(t.vyMps(), maxSpeedMps)
                    && t.radiusM() >= 0 && t.radiusM() <= maxObstacleRadiusM;
        }
        if (value instanceof VelocityCommand c) {
            return within(c.vMps(), maxSpeedMps) && within(c.wRadps(), maxCommandRateRadps);
        }
        if (value instanceof WheelCommand w) {
            return within(w.leftRadps(), maxCommandRateRadps) && within(w.rightRadps(), maxCommandRateRadps);
        }
        return true;
    }

    private static boolean within(double v, double max) {
        return Math.abs(v) <= max;
    }
}
