package io.policyrt.controller.observation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Named features the runtime can compute; a policy's spec picks and orders them by name. */
public final class FeatureRegistry {
    private final Map<String, Feature> features = new LinkedHashMap<>();
    private final Map<String, String> docs = new LinkedHashMap<>();

    /** The features of the path-tracking-with-obstacle task, documented in the README. */
    public static FeatureRegistry tracking() {
        FeatureRegistry r = new FeatureRegistry();
        r.register("lateral_error_m", "signed distance to the path, + when the robot is left of it [m]",
                s -> s.tracker().lateralErrorM());
        r.register("heading_error_rad", "robot yaw minus path heading, wrapped to [-pi, pi) [rad]",
                s -> s.tracker().headingErrorRad());
        r.register("speed_error_mps", "body forward velocity minus the path's target speed [m/s]",
                s -> s.odometry().vMps() - s.path().targetSpeedMps());
        r.register("target_speed_mps", "the path's target speed [m/s]", s -> s.path().targetSpeedMps());
        r.register("body_v_mps", "body forward velocity from odometry [m/s]", s -> s.odometry().vMps());
        r.register("body_w_radps", "body yaw rate from odometry [rad/s]", s -> s.odometry().wRadps());
        r.register("lookahead_x_m", "look-ahead point on the path, robot frame x (forward) [m]",
                s -> s.tracker().lookaheadXRobotM());
        r.register("lookahead_y_m", "look-ahead point on the path, robot frame y (left) [m]",
                s -> s.tracker().lookaheadYRobotM());
        r.register("path_curvature_1pm", "path curvature just ahead of the projection, + turning left [1/m]",
                s -> s.tracker().curvaturePerM());
        r.register("path_remaining_m", "arc length left to the end of the path [m]", s -> s.tracker().remainingM());
        r.register("obstacle_rel_x_m", "nearest obstacle centre, robot frame x; 10 m ahead when none [m]",
                SensorSnapshot::obstacleRelXM);
        r.register("obstacle_rel_y_m", "nearest obstacle centre, robot frame y [m]", SensorSnapshot::obstacleRelYM);
        r.register("obstacle_rel_vx_mps", "obstacle velocity minus robot forward velocity, robot frame x [m/s]",
                SensorSnapshot::obstacleRelVxMps);
        r.register("obstacle_rel_vy_mps", "obstacle velocity, robot frame y [m/s]", SensorSnapshot::obstacleRelVyMps);
        r.register("obstacle_distance_m", "distance between robot and obstacle centres [m]",
                SensorSnapshot::obstacleDistanceM);
        r.register("obstacle_clearance_m", "distance between robot and obstacle outlines [m]",
                SensorSnapshot::obstacleClearanceM);
        return r;
    }

    public void register(String name, String doc, Feature feature) {
        if (features.containsKey(name)) {
            throw new IllegalArgumentException("feature '" + name + "' is already registered");
        }
        features.put(name, feature);
        docs.put(name, doc);
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

    public String doc(String name) {
        return docs.get(name);
    }
}
