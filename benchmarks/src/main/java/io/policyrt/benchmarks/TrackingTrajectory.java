package io.policyrt.benchmarks;

import io.policyrt.controller.domain.PathReference;
import io.policyrt.sim.scenario.Scenario;

/**
 * Synthetic robot poses along a reference path, precomputed so that reading one allocates nothing.
 *
 * <p>The pose moves along the path at the task's target speed, one step per sensor period, with a
 * small weaving lateral and heading error so that a tracker and a policy see changing inputs. It
 * runs forward from 1 m after the path start to 1 m before its end and then backward, so the
 * projection never jumps (the tracker searches a window around its previous answer) and the goal
 * check never stops the robot. An obstacle 1.5 m ahead and 0.6 m to the left moves with it.
 */
public final class TrackingTrajectory {
    /** Arc length kept clear of both path ends [m]. */
    private static final double END_MARGIN_M = 1.0;
    private static final double WEAVE_LATERAL_M = 0.08;
    private static final double WEAVE_HEADING_RAD = 0.1;
    private static final double OBSTACLE_AHEAD_M = 1.5;
    private static final double OBSTACLE_LEFT_M = 0.6;
    /** Obstacle radius [m] and its world-frame velocity [m/s]. */
    public static final double OBSTACLE_RADIUS_M = 0.25;
    public static final double OBSTACLE_VX_MPS = 0.1;
    public static final double OBSTACLE_VY_MPS = -0.05;

    private final double[] xM;
    private final double[] yM;
    private final double[] yawRad;
    private final double[] vMps;
    private final double[] wRadps;
    private final double[] obstacleXM;
    private final double[] obstacleYM;

    /** Poses one {@code stepNanos} apart along {@code path}. */
    public TrackingTrajectory(PathReference path, long stepNanos) {
        double stepM = Scenario.TARGET_SPEED_MPS * stepNanos * 1e-9;
        int oneWay = (int) ((path.lengthM() - 2 * END_MARGIN_M) / stepM);
        if (oneWay < 2) {
            throw new IllegalStateException("path too short for the trajectory: " + path.lengthM() + " m");
        }
        int n = 2 * oneWay;
        xM = new double[n];
        yM = new double[n];
        yawRad = new double[n];
        vMps = new double[n];
        wRadps = new double[n];
        obstacleXM = new double[n];
        obstacleYM = new double[n];
        for (int i = 0; i < n; i++) {
            boolean forward = i < oneWay;
            double s = END_MARGIN_M + stepM * (forward ? i : n - 1 - i);
            double heading = headingAt(path, s);
            double lateral = WEAVE_LATERAL_M * Math.sin(2 * Math.PI * s / 2.5);
            xM[i] = xAt(path, s) - Math.sin(heading) * lateral;
            yM[i] = yAt(path, s) + Math.cos(heading) * lateral;
            yawRad[i] = heading + WEAVE_HEADING_RAD * Math.sin(2 * Math.PI * s / 1.7);
            vMps[i] = forward ? Scenario.TARGET_SPEED_MPS : -Scenario.TARGET_SPEED_MPS;
            wRadps[i] = 0.3 * Math.sin(2 * Math.PI * s / 3.1);
            double so = Math.min(s + OBSTACLE_AHEAD_M, path.lengthM());
            double ho = headingAt(path, so);
            obstacleXM[i] = xAt(path, so) - Math.sin(ho) * OBSTACLE_LEFT_M;
            obstacleYM[i] = yAt(path, so) + Math.cos(ho) * OBSTACLE_LEFT_M;
        }
    }

    /** Number of distinct poses before the trajectory repeats. */
    public int length() { return xM.length; }
    public double xM(int i) { return xM[i]; }
    public double yM(int i) { return yM[i]; }
    public double yawRad(int i) { return yawRad[i]; }
    public double vMps(int i) { return vMps[i]; }
    public double wRadps(int i) { return wRadps[i]; }
    public double obstacleXM(int i) { return obstacleXM[i]; }
    public double obstacleYM(int i) { return obstacleYM[i]; }

    private static double xAt(PathReference path, double sM) {
        int i = path.segmentAt(sM);
        return path.xM(i) + fraction(path, i, sM) * (path.xM(i + 1) - path.xM(i));
    }

    private static double yAt(PathReference path, double sM) {
        int i = path.segmentAt(sM);
        return path.yM(i) + fraction(path, i, sM) * (path.yM(i + 1) - path.yM(i));
    }

    private static double headingAt(PathReference path, double sM) {
        return path.segmentHeadingRad(path.segmentAt(sM));
    }

    private static double fraction(PathReference path, int i, double sM) {
        double s0 = path.arcLengthM(i);
        double len = path.arcLengthM(i + 1) - s0;
        return len > 0 ? Math.max(0, Math.min(1, (sM - s0) / len)) : 0;
    }
}
