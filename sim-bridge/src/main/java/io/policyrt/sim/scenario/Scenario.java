package io.policyrt.sim.scenario;

import io.policyrt.sim.SimRandom;

/**
 * One episode's setting: the reference path and target speed, the robot's start pose, the moving
 * obstacle (or none), and the time limit.
 */
public record Scenario(String name, ReferencePaths.Polyline path, double targetSpeedMps, double startXM, double startYM,
                       double startYawRad, ObstacleMotion obstacle, double timeLimitS) {

    /** Default target speed along the path [m/s]. */
    public static final double TARGET_SPEED_MPS = 0.5;

    /** Kinds of obstacle encounter. */
    public enum Encounter {
        /** No obstacle. */
        NONE,
        /** An obstacle walks across the path, timed to meet the robot. */
        CROSSING,
        /** An obstacle steps onto the path ahead and stays, partly blocking it. */
        STEP_IN
    }

    /**
     * The standard scenario for a path shape: the robot starts on the path start facing along it; a
     * seeded obstacle crosses the path (or comes head-on) timed to meet the robot.
     */
    public static Scenario standard(ReferencePaths.Shape shape, Encounter encounter, long seed) {
        return standard(shape, encounter, seed, 1.0);
    }

    /** The standard scenario with the obstacle's drawn speed multiplied by {@code obstacleSpeedScale}. */
    public static Scenario standard(ReferencePaths.Shape shape, Encounter encounter, long seed, double obstacleSpeedScale) {
        return build(shape.cliName(), ReferencePaths.of(shape), TARGET_SPEED_MPS, encounter, seed, 0, 0, obstacleSpeedScale);
    }

    /**
     * Builds a scenario on any path.
     *
     * @param startLateralM start offset to the left of the path start [m]
     * @param startYawErrRad start heading error [rad]
     */
    public static Scenario build(String name, ReferencePaths.Polyline path, double targetSpeedMps, Encounter encounter,
                                 long seed, double startLateralM, double startYawErrRad) {
        return build(name, path, targetSpeedMps, encounter, seed, startLateralM, startYawErrRad, 1.0);
    }

    /**
     * Builds a scenario whose obstacle moves {@code obstacleSpeedScale} times as fast as drawn (the
     * timing still meets the robot); the seed's draws are the same for any scale.
     */
    public static Scenario build(String name, ReferencePaths.Polyline path, double targetSpeedMps, Encounter encounter,
                                 long seed, double startLateralM, double startYawErrRad, double obstacleSpeedScale) {
        if (!(obstacleSpeedScale > 0) || Double.isInfinite(obstacleSpeedScale)) {
            throw new IllegalArgumentException("obstacle speed scale must be finite and > 0, got " + obstacleSpeedScale);
        }
        SimRandom rng = new SimRandom(seed);
        double[] xs = path.xM();
        double[] ys = path.yM();
        int n = xs.length;
        double[] s = new double[n];
        for (int i = 1; i < n; i++) {
            s[i] = s[i - 1] + Math.hypot(xs[i] - xs[i - 1], ys[i] - ys[i - 1]);
        }
        double length = s[n - 1];
        double heading0 = Math.atan2(ys[1] - ys[0], xs[1] - xs[0]);
        double startX = xs[0] - Math.sin(heading0) * startLateralM;
        double startY = ys[0] + Math.cos(heading0) * startLateralM;
        double timeLimit = 1.6 * length / targetSpeedMps + 20;

        ObstacleMotion obstacle = null;
        if (encounter != Encounter.NONE) {
            // Meet somewhere in the middle of the path, but never near the robot's start (a
            // figure-eight passes its start again half-way).
            int k;
            double h;
            double side;
            double[] start;
            do {
                k = indexAt(s, rng.uniform(0.3, 0.7) * length);
                double hx = xs[Math.min(k + 1, n - 1)] - xs[Math.max(k - 1, 0)];
                double hy = ys[Math.min(k + 1, n - 1)] - ys[Math.max(k - 1, 0)];
                h = Math.atan2(hy, hx);
                side = rng.nextDouble() < 0.5 ? -1 : 1; // comes from the left (+1) or the right (-1)
                start = new double[] {xs[k] - Math.sin(h) * side * 3.0, ys[k] + Math.cos(h) * side * 3.0};
            } while (Math.hypot(xs[k] - startX, ys[k] - startY) < 2.5 || Math.hypot(start[0] - startX, start[1] - startY) < 2.0);
            double speed = rng.uniform(0.2, 0.4) * obstacleSpeedScale;
            double radius = rng.uniform(0.2, 0.35);
            double tMeet = s[k] / targetSpeedMps + rng.uniform(-1.5, 1.5);
            if (encounter == Encounter.CROSSING) {
                // Walks across the path and on, timed to reach it about when the robot does.
                double travel = Math.min(speed * tMeet, 3.0);
                obstacle = new ObstacleMotion(xs[k] - Math.sin(h) * side * travel, ys[k] + Math.cos(h) * side * travel,
                        Math.sin(h) * side * speed, -Math.cos(h) * side * speed, radius,
                        Math.max(0, tMeet - travel / speed), Double.POSITIVE_INFINITY);
            } else {
                // Steps in from the side and stops partly on the path, ahead of the robot: the robot must go round.
                double travel = 2.0;
                double stopOffset = rng.uniform(-0.2, 0.2);
                double moveS = (travel - Math.abs(stopOffset) * Math.signum(stopOffset) * side) / speed;
                double startT = Math.max(0, tMeet - 4.0 - moveS);
                obstacle = new ObstacleMotion(xs[k] - Math.sin(h) * side * travel, ys[k] + Math.cos(h) * side * travel,
                        Math.sin(h) * side * speed, -Math.cos(h) * side * speed, radius, startT, startT + moveS);
            }
        }
        return new Scenario(name + "/" + encounter.name().toLowerCase(java.util.Locale.ROOT) + "/seed" + seed, path,
                targetSpeedMps, startX, startY, heading0 + startYawErrRad, obstacle, timeLimit);
    }

    private static int indexAt(double[] s, double target) {
        int i = 0;
        while (i < s.length - 1 && s[i] < target) {
            i++;
        }
        return i;
    }
}
