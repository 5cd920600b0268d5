package io.policyrt.sim.expert;

import io.policyrt.controller.policy.PolicySpec;
import io.policyrt.controller.policy.PolicySpecCodec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The path-tracking-with-obstacle task as the bundled policies see it: observation features,
 * action bounds, control period. One place, so the expert, the dataset and the trained policies
 * agree.
 */
public final class TrackingTask {
    public static final String TASK_ID = "tracking-obstacle-v1";

    /** Observation features in policy order. */
    public static final List<String> FEATURES = List.of(
            "lateral_error_m", "heading_error_rad", "speed_error_mps", "body_v_mps", "body_w_radps",
            "lookahead_x_m", "lookahead_y_m", "path_curvature_1pm",
            "obstacle_rel_x_m", "obstacle_rel_y_m", "obstacle_rel_vx_mps", "obstacle_rel_vy_mps", "obstacle_clearance_m");

    public static final double V_LOW_MPS = 0.0;
    public static final double V_HIGH_MPS = 0.8;
    public static final double W_LOW_RADPS = -1.5;
    public static final double W_HIGH_RADPS = 1.5;
    public static final double CONTROL_PERIOD_S = 0.02;
    public static final double ROBOT_RADIUS_M = 0.3;
    public static final double LOOKAHEAD_M = 0.8;

    private TrackingTask() {
    }

    /** A spec over the task's features with identity normalization (raw features in, as the expert wants). */
    public static PolicySpec identitySpec(String algorithm) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(PolicySpecCodec.SPEC_VERSION, "1");
        m.put(PolicySpecCodec.TASK, TASK_ID);
        m.put(PolicySpecCodec.FEATURES, String.join(",", FEATURES));
        m.put(PolicySpecCodec.ACTIONS, "v_mps,w_radps");
        m.put(PolicySpecCodec.ACTION_LOW, V_LOW_MPS + "," + W_LOW_RADPS);
        m.put(PolicySpecCodec.ACTION_HIGH, V_HIGH_MPS + "," + W_HIGH_RADPS);
        m.put(PolicySpecCodec.ACTION_NORMALIZED, "true");
        m.put(PolicySpecCodec.CONTROL_PERIOD, Double.toString(CONTROL_PERIOD_S));
        m.put(PolicySpecCodec.ROBOT_RADIUS, Double.toString(ROBOT_RADIUS_M));
        m.put(PolicySpecCodec.LOOKAHEAD, Double.toString(LOOKAHEAD_M));
        m.put(PolicySpecCodec.PROVENANCE_PREFIX + "algorithm", algorithm);
        return PolicySpecCodec.decode(m, algorithm + " (built in)");
    }

    /** Physical value in [low, high] to the normalized [-1, 1] action. */
    public static float normalize(double value, double low, double high) {
        double u = 2 * (value - low) / (high - low) - 1;
        return (float) Math.max(-1, Math.min(1, u));
    }
}
