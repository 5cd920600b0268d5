package io.policyrt.launch.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.PathReference;
import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.observation.ObservationBuilder;
import io.policyrt.controller.observation.SensorSnapshot;
import io.policyrt.controller.observation.TrackingGeometry;
import io.policyrt.controller.policy.PolicySpec;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.controller.time.ManualClock;
import java.util.HashMap;
import java.util.Map;

/**
 * Rebuilds each recorded tick's observation from its recorded inputs (odometry, obstacle report,
 * and the path's points from the path channel) through the controller's own snapshot, tracking
 * geometry and observation builder. Ticks must be given in order, every one of them: the path
 * projection searches around the previous tick's, as in the control tick.
 */
public final class ObservationRebuild {
    private final Map<Long, RecordedPath> recordedPaths;
    private final Map<Long, PathReference> references = new HashMap<>();
    private final SensorSlots slots;
    private final SensorSnapshot snapshot;
    private final TrackingGeometry geometry;
    private final ObservationBuilder builder;
    private final Odometry odometry = new Odometry();
    private final ObstacleTrack obstacle = new ObstacleTrack();
    private long pathId = Long.MIN_VALUE;

    /**
     * @param spec  the policy whose observation is built (its features, normalization, look-ahead and footprint)
     * @param paths the recording's paths by id
     */
    public ObservationRebuild(PolicySpec spec, Map<Long, RecordedPath> paths) {
        this.recordedPaths = Map.copyOf(paths);
        int capacity = 2;
        for (RecordedPath p : paths.values()) {
            capacity = Math.max(capacity, p.xM().length);
        }
        this.slots = new SensorSlots(capacity, new ManualClock(0));
        this.snapshot = new SensorSnapshot(slots);
        this.geometry = new TrackingGeometry(spec.lookaheadM(), spec.robotRadiusM());
        this.builder = new ObservationBuilder(spec, FeatureRegistry.tracking());
    }

    /**
     * Takes one tick's recorded inputs into the snapshot and updates the geometry (every tick, as
     * the control tick does); when {@code observed}, builds the observation.
     *
     * @param raw         filled with the raw feature values when observed
     * @param observation filled with the normalized observation when observed
     * @return whether every feature was finite (false when not observed)
     * @throws IllegalArgumentException when the tick names a path the recording does not hold
     */
    public boolean rebuild(JsonNode tick, boolean observed, double[] raw, float[] observation) {
        JsonNode o = tick.get("odometry");
        if (o != null && o.isObject()) {
            odometry.set(o.path("stamp_ns").asLong(), number(o, "x_m"), number(o, "y_m"), number(o, "yaw_rad"), number(o, "v_mps"),
                    number(o, "w_radps"));
            slots.odometry().write(odometry);
        }
        JsonNode b = tick.get("obstacle");
        if (b != null && b.isObject()) {
            long stamp = b.path("stamp_ns").asLong();
            if (b.path("present").asBoolean(false)) {
                ObstacleTrack.Frame frame = "robot".equals(b.path("frame").asText()) ? ObstacleTrack.Frame.ROBOT : ObstacleTrack.Frame.WORLD;
                obstacle.set(stamp, frame, number(b, "x_m"), number(b, "y_m"), number(b, "vx_mps"), number(b, "vy_mps"),
                        number(b, "radius_m"));
            } else {
                obstacle.setNone(stamp);
            }
            slots.obstacle().write(obstacle);
        }
        JsonNode p = tick.get("path");
        if (p != null && p.isObject()) {
            long id = p.path("id").asLong();
            if (id != pathId) {
                RecordedPath recorded = recordedPaths.get(id);
                if (recorded == null) {
                    throw new IllegalArgumentException("tick " + tick.path("tick").asLong() + " follows path " + id
                            + ", which the recording's " + io.policyrt.recorder.PathJson.TOPIC + " channel does not hold");
                }
                slots.path().write(references.computeIfAbsent(id, k -> recorded.toReference()));
                pathId = id;
            }
        }
        snapshot.capture();
        geometry.update(snapshot);
        if (!observed) {
            return false;
        }
        boolean finite = builder.build(snapshot, geometry, observation);
        for (int i = 0; i < raw.length; i++) {
            raw[i] = builder.raw(i);
        }
        return finite;
    }

    private static double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isNumber() ? Double.NaN : v.asDouble();
    }
}
