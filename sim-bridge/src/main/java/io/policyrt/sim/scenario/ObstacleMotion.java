package io.policyrt.sim.scenario;

/**
 * A disc obstacle that waits at its start point until its start time, moves in a straight line at
 * constant velocity, and stands still again from its stop time on (world frame).
 */
public record ObstacleMotion(double startXM, double startYM, double vxMps, double vyMps, double radiusM,
                             double startTimeS, double stopTimeS) {
    private double movingS(double tS) {
        return Math.max(0, Math.min(tS, stopTimeS) - startTimeS);
    }

    private boolean moving(double tS) {
        return tS >= startTimeS && tS < stopTimeS;
    }

    public double xAt(double tS) {
        return startXM + vxMps * movingS(tS);
    }

    public double yAt(double tS) {
        return startYM + vyMps * movingS(tS);
    }

    public double vxAt(double tS) {
        return moving(tS) ? vxMps : 0;
    }

    public double vyAt(double tS) {
        return moving(tS) ? vyMps : 0;
    }
}
