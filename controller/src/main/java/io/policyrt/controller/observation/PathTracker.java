package io.policyrt.controller.observation;

import io.policyrt.controller.domain.PathReference;

/**
 * Projects the robot onto the reference path each tick: progress, signed lateral error, heading
 * error, a look-ahead point in the robot frame and the local curvature.
 *
 * <p>The projection searches a window of arc length around the previous one (0.5 m back, 2 m
 * ahead), so a path that crosses itself (a figure-eight) is followed through the crossing instead
 * of jumping to the other branch. A new path (different {@link PathReference#id()}) starts with a
 * search over the whole path; there, a branch of the path that passes within {@link #START_TIE_M}
 * of the closest distance counts as equally close and the earliest such branch wins, because a robot given a new path is at its start, and a
 * closed loop (a figure-eight) ends where it starts: with noisy odometry the last segment can be a
 * hair closer, which would read as "path complete" before the robot moved. Allocation-free;
 * control thread only.
 */
public final class PathTracker {
    /** Arc length searched behind the previous projection [m]. */
    public static final double WINDOW_BACK_M = 0.5;
    /** Arc length searched ahead of the previous projection [m]. */
    public static final double WINDOW_AHEAD_M = 2.0;
    /** Arc length over which curvature is measured [m]. */
    public static final double CURVATURE_BASE_M = 0.3;
    /** On a new path, segments this much farther than the closest still count as a tie [m]. */
    public static final double START_TIE_M = 0.2;

    private final double lookaheadM;

    private long pathId = -1;
    private double progressM;
    private double lateralErrorM;
    private double headingErrorRad;
    private double pathHeadingRad;
    private double lookaheadXRobotM;
    private double lookaheadYRobotM;
    private double curvaturePerM;
    private double remainingM;
    private boolean valid;
    private double projT;

    public PathTracker(double lookaheadM) {
        if (!(lookaheadM > 0)) {
            throw new IllegalArgumentException("look-ahead distance must be > 0 m, got " + lookaheadM);
        }
        this.lookaheadM = lookaheadM;
    }

    /** Forgets the previous projection, so the next update searches the whole path. */
    public void reset() {
        pathId = -1;
        valid = false;
    }

    /**
     * Updates the projection for the robot pose (x, y, yaw) on {@code path}. A pose that is not
     * finite leaves the projection where it was and makes every derived value NaN.
     */
    public void update(PathReference path, double xM, double yM, double yawRad) {
        int n = path.count();
        if (n < 2) {
            valid = false;
            return;
        }
        if (!Double.isFinite(xM) || !Double.isFinite(yM) || !Double.isFinite(yawRad)) {
            // No pose: keep the projection where it was (a search from a NaN would move it to the
            // window's start) and report NaN geometry, so the observation says it is missing.
            lateralErrorM = headingErrorRad = lookaheadXRobotM = lookaheadYRobotM = Double.NaN;
            curvaturePerM = remainingM = Double.NaN;
            valid = true;
            return;
        }
        int first;
        int last;
        boolean newPath = path.id() != pathId;
        if (newPath) {
            pathId = path.id();
            first = 0;
            last = n - 2;
        } else {
            first = path.segmentAt(progressM - WINDOW_BACK_M);
            last = path.segmentAt(progressM + WINDOW_AHEAD_M);
        }
        double bestD2 = Double.POSITIVE_INFINITY;
        int bestSeg = first;
        double bestT = 0;
        for (int i = first; i <= last; i++) {
            double d2 = projectD2(path, i, xM, yM);
            if (d2 < bestD2) {
                bestD2 = d2;
                bestSeg = i;
                bestT = projT;
            }
        }
        if (newPath) {
            double tieM = Math.sqrt(bestD2) + START_TIE_M;
            double tieD2 = tieM * tieM;
            for (int i = 0; i < bestSeg; i++) {
                double d2 = projectD2(path, i, xM, yM);
                if (d2 <= tieD2) {
                    // The earliest branch that passes this close: descend to its own closest
                    // segment, so that on a plain path the result is the closest segment itself.
                    double t = projT;
                    while (i < bestSeg) {
                        double next = projectD2(path, i + 1, xM, yM);
                        if (!(next < d2)) {
                            break;
                        }
                        d2 = next;
                        t = projT;
                        i++;
                    }
                    bestSeg = i;
                    bestT = t;
                    break;
                }
            }
        }
        double segLen = path.arcLengthM(bestSeg + 1) - path.arcLengthM(bestSeg);
        progressM = path.arcLengthM(bestSeg) + bestT * segLen;
        pathHeadingRad = path.segmentHeadingRad(bestSeg);
        double projX = path.xM(bestSeg) + bestT * (path.xM(bestSeg + 1) - path.xM(bestSeg));
        double projY = path.yM(bestSeg) + bestT * (path.yM(bestSeg + 1) - path.yM(bestSeg));
        // Positive when the robot is left of the path (ROS convention: y left).
        lateralErrorM = -Math.sin(pathHeadingRad) * (xM - projX) + Math.cos(pathHeadingRad) * (yM - projY);
        headingErrorRad = Angles.wrap(yawRad - pathHeadingRad);

        // Look-ahead point on the path; beyond the end, extended along the last segment.
        double aheadM = progressM + lookaheadM;
        int ia = path.segmentAt(aheadM);
        double t = segmentFraction(path, ia, aheadM);
        double lx = path.xM(ia) + t * (path.xM(ia + 1) - path.xM(ia));
        double ly = path.yM(ia) + t * (path.yM(ia + 1) - path.yM(ia));
        double c = Math.cos(yawRad);
        double s = Math.sin(yawRad);
        lookaheadXRobotM = c * (lx - xM) + s * (ly - yM);
        lookaheadYRobotM = -s * (lx - xM) + c * (ly - yM);

        double headingAhead = path.segmentHeadingRad(path.segmentAt(progressM + CURVATURE_BASE_M));
        curvaturePerM = Angles.wrap(headingAhead - pathHeadingRad) / CURVATURE_BASE_M;
        remainingM = Math.max(0, path.lengthM() - progressM);
        valid = true;
    }

    /** Squared distance from (x, y) to segment i; leaves the projection's fraction in {@link #projT}. */
    private double projectD2(PathReference path, int i, double xM, double yM) {
        double ax = path.xM(i);
        double ay = path.yM(i);
        double dx = path.xM(i + 1) - ax;
        double dy = path.yM(i + 1) - ay;
        double len2 = dx * dx + dy * dy;
        double t = len2 > 0 ? ((xM - ax) * dx + (yM - ay) * dy) / len2 : 0;
        t = t < 0 ? 0 : (t > 1 ? 1 : t);
        double px = ax + t * dx - xM;
        double py = ay + t * dy - yM;
        projT = t;
        return px * px + py * py;
    }

    /** Fraction of segment i at arc length s: clamped to [0, 1] except past the path's end. */
    private static double segmentFraction(PathReference path, int i, double sM) {
        double s0 = path.arcLengthM(i);
        double len = path.arcLengthM(i + 1) - s0;
        double t = len > 0 ? (sM - s0) / len : 0;
        return sM < path.lengthM() ? Math.max(0, Math.min(1, t)) : t;
    }

    public boolean valid() { return valid; }
    /** Arc length of the projection from the path start [m]. */
    public double progressM() { return progressM; }
    /** Signed distance to the path, positive when the robot is to its left [m]. */
    public double lateralErrorM() { return lateralErrorM; }
    /** Robot yaw minus path heading, wrapped [rad]. */
    public double headingErrorRad() { return headingErrorRad; }
    public double pathHeadingRad() { return pathHeadingRad; }
    /** Look-ahead point in the robot frame, x forward [m]. */
    public double lookaheadXRobotM() { return lookaheadXRobotM; }
    /** Look-ahead point in the robot frame, y left [m]. */
    public double lookaheadYRobotM() { return lookaheadYRobotM; }
    /** Path curvature just ahead of the projection, positive turning left [1/m]. */
    public double curvaturePerM() { return curvaturePerM; }
    public double remainingM() { return remainingM; }
    public double lookaheadM() { return lookaheadM; }
}
