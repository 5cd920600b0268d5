package io.policyrt.drivers.ros1.convert;

import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.ros1.msg.sensor_msgs.LaserScan;
import io.policyrt.drivers.scan.NearestObstacleExtractor;

/**
 * sensor_msgs/LaserScan to the nearest obstacle, through the transport-neutral
 * {@link NearestObstacleExtractor} (which says how returns are clustered and where the centre
 * goes). The stamp is the header's, the obstacle is in the robot frame. Allocation-free.
 */
public final class LaserScanToObstacle {
    private final NearestObstacleExtractor extractor;

    public LaserScanToObstacle(NearestObstacleExtractor extractor) {
        this.extractor = extractor;
    }

    /**
     * Writes the nearest obstacle of {@code scan} into {@code out} and returns {@code out}.
     *
     * @throws IllegalArgumentException when the scan's geometry is malformed (see the extractor)
     */
    public ObstacleTrack convert(LaserScan scan, ObstacleTrack out) {
        return extractor.extract(scan.header.stamp.toNanos(), scan.angle_min, scan.angle_increment, scan.range_min,
                scan.range_max, scan.ranges, scan.ranges.length, out);
    }
}
