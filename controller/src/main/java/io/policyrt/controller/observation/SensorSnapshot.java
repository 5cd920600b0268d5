package io.policyrt.controller.observation;

import io.policyrt.controller.domain.EStopSignal;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.PathReference;
import io.policyrt.controller.port.SensorSlots;

/**
 * One tick's consistent view of the inputs, with the geometry derived from them (path
 * projection, obstacle in the robot frame). Filled on the control thread; allocation-free.
 */
public final class SensorSnapshot {
    /** Distance at which an absent obstacle is reported, straight ahead [m]. */
    public static final double NO_OBSTACLE_DISTANCE_M = 10.0;

    private final SensorSlots slots;
    private final PathTracker tracker;
    private final double robotRadiusM;

    private Odometry odometry;
    private ObstacleTrack obstacle;
    private PathReference path;
    private EStopSignal estop;
    private boolean newOdometry;
    private boolean newEStop;

    private double obstacleRelXM;
    private double obstacleRelYM;
    private double obstacleRelVxMps;
    private double obstacleRelVyMps;
    private double obstacleDistanceM;
    private double obstacleClearanceM;

    public SensorSnapshot(SensorSlots slots, double lookaheadM, double robotRadiusM) {
        this.slots = slots;
        this.tracker = new PathTracker(lookaheadM);
        this.robotRadiusM = robotRadiusM;
        refreshRefs();
    }

    /** Takes the newest value of every slot and derives the geometry. Control thread only. */
    public void capture() {
        newOdometry = slots.odometry().refresh();
        slots.obstacle().refresh();
        slots.path().refresh();
        newEStop = slots.estop().refresh();
        refreshRefs();
        if (hasOdometry() && hasPath()) {
            tracker.update(path, odometry.xM(), odometry.yM(), odometry.yawRad());
        }
        deriveObstacle();
    }

    private void refreshRefs() {
        odometry = slots.odometry().latest();
        obstacle = slots.obstacle().latest();
        path = slots.path().latest();
        estop = slots.estop().latest();
    }

    private void deriveObstacle() {
        if (!hasObstacle() || !obstacle.present() || !hasOdometry()) {
            obstacleRelXM = NO_OBSTACLE_DISTANCE_M;
            obstacleRelYM = 0;
            obstacleRelVxMps = 0;
            obstacleRelVyMps = 0;
            obstacleDistanceM = NO_OBSTACLE_DISTANCE_M;
            obstacleClearanceM = NO_OBSTACLE_DISTANCE_M - robotRadiusM;
            return;
        }
        double c = Math.cos(odometry.yawRad());
        double s = Math.sin(odometry.yawRad());
        if (obstacle.frame() == ObstacleTrack.Frame.WORLD) {
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

    public boolean hasOdometry() { return slots.odometry().hasValue(); }
    public boolean hasObstacle() { return slots.obstacle().hasValue(); }
    public boolean hasPath() { return slots.path().hasValue(); }
    /** Whether this capture took an odometry message the previous one had not. */
    public boolean newOdometry() { return newOdometry; }
    public boolean newEStop() { return newEStop; }

    public Odometry odometry() { return odometry; }
    public ObstacleTrack obstacle() { return obstacle; }
    public PathReference path() { return path; }
    public EStopSignal estop() { return estop; }
    public PathTracker tracker() { return tracker; }
    public SensorSlots slots() { return slots; }
    public double robotRadiusM() { return robotRadiusM; }

    public double obstacleRelXM() { return obstacleRelXM; }
    public double obstacleRelYM() { return obstacleRelYM; }
    public double obstacleRelVxMps() { return obstacleRelVxMps; }
    public double obstacleRelVyMps() { return obstacleRelVyMps; }
    public double obstacleDistanceM() { return obstacleDistanceM; }
    /** Distance between the robot's and the obstacle's outlines [m]; negative when they overlap. */
    public double obstacleClearanceM() { return obstacleClearanceM; }

    /** Newest stamp among the inputs the tick used [ns]. */
    public long newestInputStampNanos() {
        long t = hasOdometry() ? odometry.stampNanos() : Long.MIN_VALUE;
        if (hasObstacle() && obstacle.stampNanos() > t) {
            t = obstacle.stampNanos();
        }
        return t;
    }
}
