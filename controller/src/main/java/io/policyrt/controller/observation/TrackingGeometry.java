package io.policyrt.controller.observation;

import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;

/**
 * The geometry a tick derives from its snapshot: the robot projected onto the path
 * ({@link PathTracker}) and the obstacle in the robot frame. Updated once per tick on the control
 * thread; allocation-free.
 */
public final class TrackingGeometry {
    /** Distance at which an absent obstacle is reported, straight ahead [m]. */
    public static final double NO_OBSTACLE_DISTANCE_M = 10.0;

    private final PathTracker tracker;
    private final double robotRadiusM;

    private double obstacleRelXM;
    private double obstacleRelYM;
    private double obstacleRelVxMps;
    private double obstacleRelVyMps;
    private double obstacleDistanceM;
    private double obstacleClearanceM;

    /**
     * @param lookaheadM   distance of the look-ahead point along the path [m]
     * @param robotRadiusM radius of the robot's outline, for the obstacle clearance [m]
     */
    public TrackingGeometry(double lookaheadM, double robotRadiusM) {
        this.tracker = new PathTracker(lookaheadM);
        this.robotRadiusM = robotRadiusM;
        placeNoObstacle();
    }

    /** Derives the geometry from the snapshot's values. Control thread only. */
    public void update(SensorSnapshot s) {
        if (s.hasOdometry() && s.hasPath()) {
            Odometry odometry = s.odometry();
            tracker.update(s.path(), odometry.xM(), odometry.yM(), odometry.yawRad());
        }
        if (s.hasObstacle() && s.obstacle().present() && s.hasOdometry()) {
            placeObstacle(s.odometry(), s.obstacle());
        } else {
            placeNoObstacle();
        }
    }

    private void placeNoObstacle() {
        obstacleRelXM = NO_OBSTACLE_DISTANCE_M;
        obstacleRelYM = 0;
        obstacleRelVxMps = 0;
        obstacleRelVyMps = 0;
        obstacleDistanceM = NO_OBSTACLE_DISTANCE_M;
        obstacleClearanceM = NO_OBSTACLE_DISTANCE_M - robotRadiusM;
    }

    private void placeObstacle(Odometry odometry, ObstacleTrack obstacle) {
        if (obstacle.frame() == ObstacleTrack.Frame.WORLD) {
            double c = Math.cos(odometry.yawRad());
            double s = Math.sin(odometry.yawRad());
            double dx = obstacle.xM() - odometry.xM();
            double dy = obstacle.yM() - odometry.yM();
            obstacleRelXM = c * dx + s * dy;
            obstacleRelYM = -s * dx + c * dy;
            // Obstacle velocity in the robot frame, minus the robot's own forward velocity.
            obstacleRelVxMps = c * obstacle.vxMps() + s * obstacle.vyMps() - odometry.vMps();
            obstacleRelVyMps = -s * obstacle.vxMps() + c * obstacle.vyMps();
        } else {
            obstacleRelXM = obstacle.xM();
            obstacleRelYM = obstacle.yM();
            obstacleRelVxMps = obstacle.vxMps();
            obstacleRelVyMps = obstacle.vyMps();
        }
        obstacleDistanceM = Math.hypot(obstacleRelXM, obstacleRelYM);
        obstacleClearanceM = obstacleDistanceM - robotRadiusM - obstacle.radiusM();
    }

    /** The robot's projection onto the path; valid once odometry and a path of two points or more were seen. */
    public PathTracker tracker() { return tracker; }
    public double robotRadiusM() { return robotRadiusM; }

    /** Obstacle centre in the robot frame, x forward [m]. */
    public double obstacleRelXM() { return obstacleRelXM; }
    /** Obstacle centre in the robot frame, y left [m]. */
    public double obstacleRelYM() { return obstacleRelYM; }
    /** Obstacle velocity minus the robot's forward velocity, robot frame x [m/s]. */
    public double obstacleRelVxMps() { return obstacleRelVxMps; }
    /** Obstacle velocity, robot frame y [m/s]. */
    public double obstacleRelVyMps() { return obstacleRelVyMps; }
    /** Distance between the robot's and the obstacle's centres [m]. */
    public double obstacleDistanceM() { return obstacleDistanceM; }
    /** Distance between the robot's and the obstacle's outlines [m]; negative when they overlap. */
    public double obstacleClearanceM() { return obstacleClearanceM; }
}
