package io.policyrt.sim.run;

import io.policyrt.controller.domain.PathReference;
import io.policyrt.controller.observation.PathTracker;

/**
 * Scores an episode from the robot's true state (not the noisy odometry): lateral and heading
 * RMSE, mean absolute speed error, minimum obstacle clearance, collision, completion, time.
 * Sampled once per control tick while the robot has not yet completed the path.
 */
public final class EpisodeMetrics {
    private final PathTracker tracker = new PathTracker(0.5);
    private final double goalToleranceM;
    private long samples;
    private double sumLateral2;
    private double sumHeading2;
    private double sumSpeedErr;
    private double minClearanceM = Double.POSITIVE_INFINITY;
    private boolean collided;
    private boolean completed;
    private double timeS;
    private double progressM;

    public EpisodeMetrics(double goalToleranceM) {
        this.goalToleranceM = goalToleranceM;
    }

    /** Adds one sample: true pose and speed, and the clearance to the obstacle (+inf when none). */
    public void sample(PathReference path, double tS, double xM, double yM, double yawRad, double vMps, double clearanceM) {
        tracker.update(path, xM, yM, yawRad);
        timeS = tS;
        progressM = tracker.progressM();
        if (clearanceM < minClearanceM) {
            minClearanceM = clearanceM;
        }
        if (clearanceM < 0) {
            collided = true;
        }
        if (completed) {
            return;
        }
        samples++;
        sumLateral2 += tracker.lateralErrorM() * tracker.lateralErrorM();
        sumHeading2 += tracker.headingErrorRad() * tracker.headingErrorRad();
        sumSpeedErr += Math.abs(vMps - path.targetSpeedMps());
        if (tracker.remainingM() <= goalToleranceM) {
            completed = true;
        }
    }

    public double lateralRmseM() { return samples == 0 ? Double.NaN : Math.sqrt(sumLateral2 / samples); }
    public double headingRmseRad() { return samples == 0 ? Double.NaN : Math.sqrt(sumHeading2 / samples); }
    public double meanSpeedErrorMps() { return samples == 0 ? Double.NaN : sumSpeedErr / samples; }
    /** Smallest distance between the robot's and the obstacle's outlines [m]; +inf without obstacle. */
    public double minClearanceM() { return minClearanceM; }
    public boolean collided() { return collided; }
    public boolean completed() { return completed; }
    public double timeS() { return timeS; }
    public double progressM() { return progressM; }
    /** Signed lateral error of the last sample, + left of the path [m] (also after completion). */
    public double lateralErrorM() { return tracker.lateralErrorM(); }
    /** Heading error of the last sample [rad]. */
    public double headingErrorRad() { return tracker.headingErrorRad(); }

    /** Completed without collision. */
    public boolean success() {
        return completed && !collided;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "completed=%s collided=%s time=%.1fs lateralRMSE=%.3fm headingRMSE=%.3frad speedErr=%.3fm/s minClearance=%.3fm",
                completed, collided, timeS, lateralRmseM(), headingRmseRad(), meanSpeedErrorMps(), minClearanceM);
    }
}
