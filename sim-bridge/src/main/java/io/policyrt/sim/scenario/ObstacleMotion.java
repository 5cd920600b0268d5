package io.policyrt.sim.scenario;

/**
 * A disc obstacle moving in a straight line at constant velocity, waiting at its start point until
 * its start time (world frame).
 */
public record ObstacleMotion(double startXM, double startYM, double vxMps, double vyMps, double radiusM, double startTimeS) {
    public double xAt(double tS) {
        return startXM + vxMps * Math.max(0, tS - startTimeS);
    }

    public double yAt(double tS) {
        return startYM + vyMps * Math.max(0, tS - startTimeS);
    }

    public double vxAt(double tS) {
        return tS >= startTimeS ? vxMps : 0;
    }

    public double vyAt(double tS) {
        return tS >= startTimeS ? vyMps : 0;
    }
}
