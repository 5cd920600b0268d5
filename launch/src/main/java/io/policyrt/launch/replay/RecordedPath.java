package io.policyrt.launch.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.policyrt.controller.domain.PathReference;

/**
 * One message of the recording's path channel: the points the controller followed from tick
 * {@code tick} on, under the identity {@code id} the ticks' {@code path.id} names.
 */
public record RecordedPath(long id, long tick, long controllerNanos, long stampNanos, double targetSpeedMps, double[] xM,
                           double[] yM) {
    /**
     * Reads a {@code policyrt.Path} message.
     *
     * @throws IllegalArgumentException when a field is missing or the point arrays do not match
     */
    public static RecordedPath parse(JsonNode p) {
        JsonNode xs = p.get("x_m");
        JsonNode ys = p.get("y_m");
        if (xs == null || ys == null || !xs.isArray() || !ys.isArray() || xs.size() != ys.size() || !p.hasNonNull("id")) {
            throw new IllegalArgumentException("not a policyrt.Path message (id, x_m and y_m of equal length expected)");
        }
        double[] x = new double[xs.size()];
        double[] y = new double[ys.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = xs.get(i).asDouble(Double.NaN);
            y[i] = ys.get(i).asDouble(Double.NaN);
        }
        return new RecordedPath(p.get("id").asLong(), p.path("tick").asLong(), p.path("controller_ns").asLong(),
                p.path("stamp_ns").asLong(), p.path("target_speed_mps").asDouble(Double.NaN), x, y);
    }

    /** The path as the controller's own type (a fresh identity). */
    public PathReference toReference() {
        return new PathReference(Math.max(2, xM.length)).set(stampNanos, xM, yM, xM.length, targetSpeedMps);
    }
}
