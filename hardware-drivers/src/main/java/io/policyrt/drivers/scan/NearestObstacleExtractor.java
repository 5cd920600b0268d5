package io.policyrt.drivers.scan;

import io.policyrt.controller.domain.ObstacleTrack;

/**
 * Reduces a planar laser scan to the nearest obstacle, in the robot frame, for the policy's
 * obstacle features. Transport-neutral: ROS 1 and ROS 2 adapt their LaserScan messages to it.
 *
 * <p>The method, so a robot engineer can predict what the policy sees:
 * <ol>
 *   <li>A return is valid when it is finite and within [range_min, range_max] (the ROS
 *       convention) and not beyond {@code max_range_m}.</li>
 *   <li>The nearest valid return seeds a cluster, which grows to each side while consecutive
 *       valid returns lie within {@code cluster_gap_m} of each other.</li>
 *   <li>The cluster's chord (first to last return) gives the diameter, clamped to
 *       [2 min_radius_m, 2 max_radius_m]. A scanner sees an object's near surface, so the centre
 *       is put one radius behind the nearest return, along its ray.</li>
 *   <li>The centre moves from the scanner frame to the robot frame by the mount pose.</li>
 * </ol>
 * A scan has no velocity: the track's velocity is zero (a policy trained with moving obstacles
 * then sees them as static; say so when deploying). No valid return means "no obstacle", which is
 * a fresh report, not a missing one. Allocation-free.
 */
public final class NearestObstacleExtractor {
    private final ScanObstacleSettings settings;
    private final double cosMount;
    private final double sinMount;

    public NearestObstacleExtractor(ScanObstacleSettings settings) {
        this.settings = settings;
        this.cosMount = Math.cos(settings.mountYawRad());
        this.sinMount = Math.sin(settings.mountYawRad());
    }

    /**
     * Writes the nearest obstacle of one scan into {@code out}.
     *
     * @param ranges  the scan's ranges; only the first {@code count} are read
     * @return {@code out}
     * @throws IllegalArgumentException when the scan's geometry is not finite or its increment is
     *     zero with more than one ray (a malformed scan, not an empty one)
     */
    public ObstacleTrack extract(long stampNanos, double angleMinRad, double angleIncrementRad, double rangeMinM,
                                 double rangeMaxM, float[] ranges, int count, ObstacleTrack out) {
        if (!Double.isFinite(angleMinRad) || !Double.isFinite(angleIncrementRad) || !Double.isFinite(rangeMinM)
                || !Double.isFinite(rangeMaxM)) {
            throw new IllegalArgumentException("laser scan geometry is not finite: angle_min=" + angleMinRad
                    + " angle_increment=" + angleIncrementRad + " range_min=" + rangeMinM + " range_max=" + rangeMaxM);
        }
        if (count > 1 && angleIncrementRad == 0) {
            throw new IllegalArgumentException("laser scan has " + count + " rays but angle_increment 0");
        }
        if (count < 0 || count > ranges.length) {
            throw new IllegalArgumentException("laser scan count " + count + " outside 0.." + ranges.length);
        }
        double upperM = Math.min(rangeMaxM, settings.maxRangeM());
        int nearest = -1;
        double nearestM = Double.POSITIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            double r = ranges[i];
            if (valid(r, rangeMinM, upperM) && r < nearestM) {
                nearestM = r;
                nearest = i;
            }
        }
        if (nearest < 0) {
            return out.setNone(stampNanos);
        }
        int first = nearest;
        while (first > 0 && valid(ranges[first - 1], rangeMinM, upperM)
                && distanceM(ranges, first - 1, first, angleMinRad, angleIncrementRad) <= settings.clusterGapM()) {
            first--;
        }
        int last = nearest;
        while (last < count - 1 && valid(ranges[last + 1], rangeMinM, upperM)
                && distanceM(ranges, last, last + 1, angleMinRad, angleIncrementRad) <= settings.clusterGapM()) {
            last++;
        }
        double chordM = distanceM(ranges, first, last, angleMinRad, angleIncrementRad);
        double radiusM = Math.max(settings.minRadiusM(), Math.min(settings.maxRadiusM(), 0.5 * chordM));
        double bearingRad = angleMinRad + nearest * angleIncrementRad;
        double centreM = nearestM + radiusM;
        double xScanM = centreM * Math.cos(bearingRad);
        double yScanM = centreM * Math.sin(bearingRad);
        double xRobotM = settings.mountXM() + cosMount * xScanM - sinMount * yScanM;
        double yRobotM = settings.mountYM() + sinMount * xScanM + cosMount * yScanM;
        return out.set(stampNanos, ObstacleTrack.Frame.ROBOT, xRobotM, yRobotM, 0, 0, radiusM);
    }

    private static boolean valid(double r, double rangeMinM, double upperM) {
        return Double.isFinite(r) && r >= rangeMinM && r <= upperM;
    }

    private static double distanceM(float[] ranges, int i, int j, double angleMinRad, double incRad) {
        double ai = angleMinRad + i * incRad;
        double aj = angleMinRad + j * incRad;
        double dx = ranges[i] * Math.cos(ai) - ranges[j] * Math.cos(aj);
        double dy = ranges[i] * Math.sin(ai) - ranges[j] * Math.sin(aj);
        return Math.sqrt(dx * dx + dy * dy);
    }
}
