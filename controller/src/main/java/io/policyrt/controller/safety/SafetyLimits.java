package io.policyrt.controller.safety;

/**
 * Timeouts and tolerances of the safety governor [ns, m].
 *
 * @param odometryTimeoutNanos odometry older than this stops the robot
 * @param obstacleTimeoutNanos obstacle reports older than this stop the robot (0: never stale)
 * @param pathTimeoutNanos     a path older than this stops the robot (0: a path stays valid)
 * @param obstacleRequired     whether the robot may move before any obstacle report arrived
 * @param futureToleranceNanos how far a stamp may lie ahead of the controller clock (the launcher
 *                             keeps it at most every input timeout it applies to)
 * @param goalToleranceM       distance before the end of the path at which the robot stops
 */
public record SafetyLimits(long odometryTimeoutNanos, long obstacleTimeoutNanos, long pathTimeoutNanos,
                           boolean obstacleRequired, long futureToleranceNanos, double goalToleranceM) {
    public SafetyLimits {
        if (odometryTimeoutNanos <= 0) {
            throw new IllegalArgumentException("odometry timeout must be > 0, got " + odometryTimeoutNanos + " ns");
        }
        if (obstacleTimeoutNanos < 0 || pathTimeoutNanos < 0 || futureToleranceNanos < 0 || !(goalToleranceM >= 0)) {
            throw new IllegalArgumentException("timeouts and tolerances must be >= 0");
        }
    }

    /** Default future tolerance: 50 ms, at most the shortest default input timeout (100 ms odometry). */
    public static final long DEFAULT_FUTURE_TOLERANCE_NANOS = 50_000_000L;

    /** Defaults for a policy with the given control period: odometry may miss 5 periods (at least 100 ms). */
    public static SafetyLimits defaultsFor(long controlPeriodNanos) {
        long odom = Math.max(100_000_000L, 5 * controlPeriodNanos);
        return new SafetyLimits(odom, Math.max(500_000_000L, 10 * controlPeriodNanos), 0, true, DEFAULT_FUTURE_TOLERANCE_NANOS, 0.15);
    }
}
