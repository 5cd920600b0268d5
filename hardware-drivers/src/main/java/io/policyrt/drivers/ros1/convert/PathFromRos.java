package io.policyrt.drivers.ros1.convert;

import io.policyrt.controller.domain.PathReference;
import io.policyrt.ros1.msg.nav_msgs.Path;

/**
 * nav_msgs/Path to the controller's {@link PathReference}: the poses' x and y in order, the
 * header's stamp, and a target speed from configuration (a Path carries none). Orientations and
 * z are ignored. Allocation-free: the point buffers are sized once for the path capacity.
 */
public final class PathFromRos {
    private final double targetSpeedMps;
    private final double[] xsM;
    private final double[] ysM;

    /**
     * @param capacityPoints the most poses a path may have (the {@link PathReference}'s capacity)
     * @param targetSpeedMps the speed to follow every path at [m/s]
     */
    public PathFromRos(int capacityPoints, double targetSpeedMps) {
        if (capacityPoints < 2) {
            throw new IllegalArgumentException("path capacity must be at least 2 points, got " + capacityPoints);
        }
        if (!Double.isFinite(targetSpeedMps) || targetSpeedMps < 0) {
            throw new IllegalArgumentException("target speed must be finite and >= 0 m/s, got " + targetSpeedMps);
        }
        this.targetSpeedMps = targetSpeedMps;
        this.xsM = new double[capacityPoints];
        this.ysM = new double[capacityPoints];
    }

    /**
     * Writes {@code msg} into {@code out} and returns {@code out}; {@code out} is unchanged when
     * the path is refused.
     *
     * @throws IllegalArgumentException when the path has fewer than 2 poses, more than the
     *     capacity, a non-finite point, or no length (the controller cannot follow it)
     */
    public PathReference convert(Path msg, PathReference out) {
        int n = msg.poses.length;
        if (n > xsM.length) {
            throw new IllegalArgumentException("path has " + n + " poses, capacity is " + xsM.length);
        }
        for (int i = 0; i < n; i++) {
            xsM[i] = msg.poses[i].pose.position.x;
            ysM[i] = msg.poses[i].pose.position.y;
        }
        return out.set(msg.header.stamp.toNanos(), xsM, ysM, n, targetSpeedMps);
    }

    public double targetSpeedMps() {
        return targetSpeedMps;
    }
}
