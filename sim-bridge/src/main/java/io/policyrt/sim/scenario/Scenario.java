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
    public enum Encounter { NONE, CROSSING, HEAD_ON }

    /**
     * The standard scenario for a path shape: the robot starts on the path start facing along it; a
     * seeded obstacle crosses the path (or comes head-on) timed to meet the robot.
     */
    public static Scenario standard(ReferencePaths.Shape shape, Encounter encounter, long seed) {
        return build(shape.cliName(), ReferencePaths.of(shape), TARGET_SPEED_MPS, encounter, seed, 0, 0);
    }

    /**
     * Builds a scenario on any path.
     *
     * @param startLateralM start offset to the left of the path start [m]
     * @param startYawErrRad start heading error [rad]
     */
    public static Scenario build(String name, ReferencePaths.Polyline path, double targetSpeedMps, Encounter encounter,
                                 long seed, double startLateralM, double startYawErrRad) {
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
        double meetS = rng.uniform(0.35, 0.65) * length;
        int k = indexAt(s, meetS);
        double hx = xs[Math.min(k + 1, n - 1)] - xs[Math.max(k - 1, 0)];
        double hy = ys[Math.min(k + 1, n - 1)] - ys[Math.max(k - 1, 0)];
        double h = Math.atan2(hy, hx);
        double speed = rng.uniform(0.2, 0.4);
        double radius = rng.uniform(0.2, 0.35);
        double tMeet = meetS / targetSpeedMps + rng.uniform(-1.5, 1.5);
        if (encounter == Encounter.CROSSING) {
            double side = rng.nextDouble() < 0.5 ? -1 : 1; // start left (+1) or right (-1) of the path
            double travel = Math.min(speed * tMeet, 3.0);
            double sx = xs[k] - Math.sin(h) * side * travel;
            double sy = ys[k] + Math.cos(h) * side * travel;
            double vx = Math.sin(h) * side * speed;
            double vy = -Math.cos(h) * side * speed;
            obstacle = new ObstacleMotion(sx, sy, vx, vy, radius, Math.max(0, tMeet - travel / speed));
        } else if (encounter == Encounter.HEAD_ON) {
            // Comes toward the robot along the path, slightly offset so the robot must pass it.
            double offset = rng.uniform(-0.25, 0.25);
            double travel = Math.min(speed * tMeet * 0.5, 2.0);
            double sx = xs[k] + Math.cos(h) * travel - Math.sin(h) * offset;
            double sy = ys[k] + Math.sin(h) * travel + Math.cos(h) * offset;
            obstacle = new ObstacleMotion(sx, sy, -Math.cos(h) * speed, -Math.sin(h) * speed, radius,
                    Math.max(0, tMeet - travel / speed - 2.0));
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
