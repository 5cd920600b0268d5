package io.policyrt.controller.observation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Named features the runtime can compute; a policy's spec picks and orders them by name. */
public final class FeatureRegistry {
    private final Map<String, Feature> features = new LinkedHashMap<>();

    /** The features of the path-tracking-with-obstacle task, documented in the README. */
    public static FeatureRegistry tracking() {
        FeatureRegistry r = new FeatureRegistry();
        // Signed distance to the path, + when the robot is left of it [m].
        r.register("lateral_error_m", (s, g) -> g.tracker().lateralErrorM());
        // Robot yaw minus path heading, wrapped to [-pi, pi) [rad].
        r.register("heading_error_rad", (s, g) -> g.tracker().headingErrorRad());
        // Body forward velocity minus the path's target speed [m/s].
        r.register("speed_error_mps", (s, g) -> s.odometry().vMps() - s.path().targetSpeedMps());
        // The path's target speed [m/s].
        r.register("target_speed_mps", (s, g) -> s.path().targetSpeedMps());
        // Body forward velocity from odometry [m/s].
        r.register("body_v_mps", (s, g) -> s.odometry().vMps());
        // Body yaw rate from odometry [rad/s].
        r.register("body_w_radps", (s, g) -> s.odometry().wRadps());
        // Look-ahead point on the path, robot frame x (forward) [m].
        r.register("lookahead_x_m", (s, g) -> g.tracker().lookaheadXRobotM());
        // Look-ahead point on the path, robot frame y (left) [m].
        r.register("lookahead_y_m", (s, g) -> g.tracker().lookaheadYRobotM());
        // Path curvature just ahead of the projection, + turning left [1/m].
        r.register("path_curvature_1pm", (s, g) -> g.tracker().curvaturePerM());
        // Arc length left to the end of the path [m].
        r.register("path_remaining_m", (s, g) -> g.tracker().remainingM());
        // Nearest obstacle centre, robot frame x; 10 m ahead when none [m].
        r.register("obstacle_rel_x_m", (s, g) -> g.obstacleRelXM());
        // Nearest obstacle centre, robot frame y [m].
        r.register("obstacle_rel_y_m", (s, g) -> g.obstacleRelYM());
        // Obstacle velocity minus robot forward velocity, robot frame x [m/s].
        r.register("obstacle_rel_vx_mps", (s, g) -> g.obstacleRelVxMps());
        // Obstacle velocity, robot frame y [m/s].
        r.register("obstacle_rel_vy_mps", (s, g) -> g.obstacleRelVyMps());
        // Distance between robot and obstacle centres [m].
        r.register("obstacle_distance_m", (s, g) -> g.obstacleDistanceM());
        // Distance between robot and obstacle outlines [m].
        r.register("obstacle_clearance_m", (s, g) -> g.obstacleClearanceM());
        return r;
    }

    public void register(String name, Feature feature) {
        if (features.containsKey(name)) {
            throw new IllegalArgumentException("feature '" + name + "' is already registered");
        }
        features.put(name, feature);
    }

    public Feature get(String name) {
        Feature f = features.get(name);
        if (f == null) {
            throw new IllegalArgumentException("unknown observation feature '" + name + "'; known: " + features.keySet());
        }
        return f;
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(features.keySet());
    }
}
