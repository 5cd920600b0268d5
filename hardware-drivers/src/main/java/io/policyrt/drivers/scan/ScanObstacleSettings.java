package io.policyrt.drivers.scan;

/**
 * How a planar laser scan is reduced to one obstacle: clustering, size bounds, range cut-off, and
 * where the scanner sits on the robot.
 *
 * @param clusterGapM   two neighbouring returns farther apart than this belong to different objects
 * @param minRadiusM    the radius reported for an object seen as a single return (a thin pole)
 * @param maxRadiusM    cap on the radius estimated from the cluster's width (a wall is not a disc)
 * @param maxRangeM     returns beyond this are ignored even when the scanner reports them valid
 * @param mountXM       scanner origin in the robot frame, forward
 * @param mountYM       scanner origin in the robot frame, left
 * @param mountYawRad   scanner heading in the robot frame, counter-clockwise
 */
public record ScanObstacleSettings(double clusterGapM, double minRadiusM, double maxRadiusM, double maxRangeM,
                                   double mountXM, double mountYM, double mountYawRad) {
    public ScanObstacleSettings {
        require(clusterGapM > 0 && Double.isFinite(clusterGapM), "cluster_gap_m must be positive", clusterGapM);
        require(minRadiusM >= 0 && Double.isFinite(minRadiusM), "min_radius_m must be >= 0", minRadiusM);
        require(maxRadiusM >= minRadiusM && Double.isFinite(maxRadiusM), "max_radius_m must be >= min_radius_m", maxRadiusM);
        require(maxRangeM > 0, "max_range_m must be positive", maxRangeM);
        require(Double.isFinite(mountXM) && Double.isFinite(mountYM) && Double.isFinite(mountYawRad),
                "the scanner mount must be finite", mountXM + mountYM + mountYawRad);
    }

    /** A scanner at the robot's centre looking forward; person-sized objects; 8 m range. */
    public static ScanObstacleSettings defaults() {
        return new ScanObstacleSettings(0.15, 0.05, 0.5, 8.0, 0, 0, 0);
    }

    private static void require(boolean ok, String what, double value) {
        if (!ok) {
            throw new IllegalArgumentException(what + " (got " + value + ")");
        }
    }
}
