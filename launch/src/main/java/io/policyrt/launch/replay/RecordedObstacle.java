package io.policyrt.launch.replay;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tick's recorded obstacle report in the world frame: a robot-frame report placed with the
 * tick's odometry, its velocity given back the robot's forward velocity (as the tracking
 * geometry reads it).
 */
public record RecordedObstacle(boolean present, double xM, double yM, double vxMps, double vyMps, double radiusM) {
    /** The tick's obstacle report, or null when the tick has none (or a robot-frame one without odometry). */
    public static RecordedObstacle of(JsonNode tick) {
        JsonNode b = tick.path("obstacle");
        if (!b.isObject()) {
            return null;
        }
        if (!b.path("present").asBoolean(false)) {
            return new RecordedObstacle(false, 0, 0, 0, 0, 0);
        }
        double ox = number(b, "x_m");
        double oy = number(b, "y_m");
        double vx = number(b, "vx_mps");
        double vy = number(b, "vy_mps");
        if ("robot".equals(b.path("frame").asText())) {
            JsonNode o = tick.path("odometry");
            if (!o.isObject()) {
                return null;
            }
            double yaw = number(o, "yaw_rad");
            double c = Math.cos(yaw);
            double s = Math.sin(yaw);
            double rx = ox;
            double rvx = vx + number(o, "v_mps");
            ox = number(o, "x_m") + c * rx - s * oy;
            oy = number(o, "y_m") + s * rx + c * oy;
            vx = c * rvx - s * vy;
            vy = s * rvx + c * vy;
        }
        return new RecordedObstacle(true, ox, oy, vx, vy, number(b, "radius_m"));
    }

    static double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isNumber() ? Double.NaN : v.asDouble();
    }
}
