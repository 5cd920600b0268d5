package io.policyrt.sim.expert;

import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.policy.PolicySpec;

/**
 * A hand-written tracking controller over the same observation features a learned policy gets:
 * pure pursuit toward the look-ahead point gives the command it would like, and a dynamic-window
 * search around it keeps clear of the obstacle. Each candidate (v, w) is rolled out for
 * {@link #HORIZON_S} in the robot frame (robot ramping to the candidate within its acceleration
 * limits, obstacle keeping its velocity); candidates that come closer than
 * {@link #MIN_CLEARANCE_M} are ruled out, and the rest are scored by their distance to the pure
 * pursuit command plus a penalty for passing close. It is the teacher for the behaviour-cloned
 * policy and a baseline in evaluations.
 */
public final class PurePursuitPolicy implements Policy {
    private static final int SPEED_ERR = 2, V = 3, W = 4, LX = 5, LY = 6;
    private static final int OX = 8, OY = 9, OVX = 10, OVY = 11, CLEAR = 12;

    /** Rollout horizon [s] and step [s]. */
    static final double HORIZON_S = 3.0;
    static final double ROLLOUT_STEP_S = 0.1;
    /** Closest allowed approach between outlines within the horizon [m]. */
    static final double MIN_CLEARANCE_M = 0.12;
    /** Passing closer than this costs extra [m]. */
    static final double COMFORT_CLEARANCE_M = 0.6;
    /** Acceleration and deceleration assumed in the rollout [m/s^2]. */
    static final double ACCEL_MPS2 = 1.0;
    static final double DECEL_MPS2 = 2.0;
    /** Cost weights: speed and yaw-rate deviation from pure pursuit, passing closer than comfortable. */
    static final double V_WEIGHT = 8.0;
    static final double W_WEIGHT = 0.2;
    static final double COMFORT_WEIGHT = 1.0;
    static final double SIDE_WEIGHT = 0.3;
    static final int V_SAMPLES = 17;
    static final int W_SAMPLES = 25;

    private final PolicySpec spec = TrackingTask.identitySpec("pure-pursuit+dwa");

    @Override
    public PolicySpec spec() {
        return spec;
    }

    @Override
    public void act(float[] o, float[] action) {
        double v = o[V];
        double target = v - o[SPEED_ERR];
        double lx = o[LX];
        double ly = o[LY];
        double l2 = Math.max(lx * lx + ly * ly, 0.04);
        double vPursuit = target;
        double wPursuit = clamp(target * 2 * ly / l2, TrackingTask.W_LOW_RADPS, TrackingTask.W_HIGH_RADPS);
        // Facing away from the look-ahead point: turn on the spot first, slowly.
        if (lx < 0) {
            vPursuit = 0.1;
            wPursuit = ly >= 0 ? 1.0 : -1.0;
        }

        double px = o[OX];
        double py = o[OY];
        double clear = o[CLEAR];
        double sumRadii = Math.hypot(px, py) - clear;
        double ovx = o[OVX] + v; // the obstacle's own velocity in the robot frame
        double ovy = o[OVY];
        double bestV = vPursuit;
        double bestW = wPursuit;
        // The pursuit command itself costs nothing: when it passes comfortably, it is the optimum.
        if (clear < 4.0 && rolloutClearance(v, vPursuit, wPursuit, px, py, ovx, ovy, sumRadii) < COMFORT_CLEARANCE_M) {
            double bestCost = Double.POSITIVE_INFINITY;
            double avoidSign = Math.abs(ovy) > 0.05 ? Math.signum(ovy) : Math.signum(py);
            for (int i = 0; i < V_SAMPLES; i++) {
                double vc = TrackingTask.V_LOW_MPS + (TrackingTask.V_HIGH_MPS - TrackingTask.V_LOW_MPS) * i / (V_SAMPLES - 1);
                for (int j = 0; j < W_SAMPLES; j++) {
                    double wc = TrackingTask.W_LOW_RADPS + (TrackingTask.W_HIGH_RADPS - TrackingTask.W_LOW_RADPS) * j / (W_SAMPLES - 1);
                    double minClear = rolloutClearance(v, vc, wc, px, py, ovx, ovy, sumRadii);
                    double cost = V_WEIGHT * sq(vc - vPursuit) + W_WEIGHT * sq(wc - wPursuit);
                    // Nearly equal choices (pass left or right) are always decided the same way:
                    // behind a crossing obstacle, away from a standing one.
                    cost += SIDE_WEIGHT * Math.max(0, (wc - wPursuit) * avoidSign);
                    if (minClear < MIN_CLEARANCE_M) {
                        cost += 1000 + 100 * (MIN_CLEARANCE_M - minClear);
                    } else if (minClear < COMFORT_CLEARANCE_M) {
                        cost += COMFORT_WEIGHT * sq(COMFORT_CLEARANCE_M - minClear);
                    }
                    if (cost < bestCost) {
                        bestCost = cost;
                        bestV = vc;
                        bestW = wc;
                    }
                }
            }
        }
        action[0] = TrackingTask.normalize(bestV, TrackingTask.V_LOW_MPS, TrackingTask.V_HIGH_MPS);
        action[1] = TrackingTask.normalize(bestW, TrackingTask.W_LOW_RADPS, TrackingTask.W_HIGH_RADPS);
    }

    /** Smallest outline distance over the horizon if the robot ramps to (vc, wc) now. */
    private static double rolloutClearance(double v0, double vc, double wc, double px, double py, double ovx, double ovy,
                                           double sumRadii) {
        double x = 0;
        double y = 0;
        double yaw = 0;
        double v = v0;
        double min = Math.hypot(px, py) - sumRadii;
        for (double t = ROLLOUT_STEP_S; t <= HORIZON_S + 1e-9; t += ROLLOUT_STEP_S) {
            double dvMax = (vc > v ? ACCEL_MPS2 : DECEL_MPS2) * ROLLOUT_STEP_S;
            v += clamp(vc - v, -dvMax, dvMax);
            yaw += wc * ROLLOUT_STEP_S;
            x += v * Math.cos(yaw) * ROLLOUT_STEP_S;
            y += v * Math.sin(yaw) * ROLLOUT_STEP_S;
            double d = Math.hypot(px + ovx * t - x, py + ovy * t - y) - sumRadii;
            if (d < min) {
                min = d;
            }
        }
        return min;
    }

    private static double sq(double x) {
        return x * x;
    }

    private static double clamp(double x, double lo, double hi) {
        return x < lo ? lo : (x > hi ? hi : x);
    }

    @Override
    public void close() {
    }
}
