package io.policyrt.recorder;

import io.policyrt.controller.domain.EStopSignal;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.PathReference;
import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;

/**
 * Copies of the controller's domain values into storage the recorder owns, and their JSON. A copy
 * reuses the previous one of the same kind, so steady state allocates nothing; an unknown kind is
 * not copied (null).
 */
final class DomainValues {
    private DomainValues() {
    }

    /** {@code value} copied into {@code reuse} when it is of the same kind and large enough, else into a new object. */
    @SuppressWarnings("unchecked")
    static Object copy(Object value, Object reuse) {
        if (value instanceof Odometry o) {
            Odometry c = reuse instanceof Odometry r ? r : new Odometry();
            c.copyFrom(o);
            return c;
        }
        if (value instanceof ObstacleTrack o) {
            ObstacleTrack c = reuse instanceof ObstacleTrack r ? r : new ObstacleTrack();
            c.copyFrom(o);
            return c;
        }
        if (value instanceof PathReference o) {
            PathReference c = reuse instanceof PathReference r && r.capacity() >= o.count() ? r
                    : new PathReference(Math.max(2, o.capacity()));
            c.copyFrom(o);
            return c;
        }
        if (value instanceof EStopSignal o) {
            EStopSignal c = reuse instanceof EStopSignal r ? r : new EStopSignal();
            c.copyFrom(o);
            return c;
        }
        if (value instanceof WheelCommand o) {
            WheelCommand c = reuse instanceof WheelCommand r ? r : new WheelCommand();
            c.copyFrom(o);
            return c;
        }
        if (value instanceof VelocityCommand o) {
            VelocityCommand c = reuse instanceof VelocityCommand r ? r : new VelocityCommand();
            c.copyFrom(o);
            return c;
        }
        return null;
    }

    private static final byte[] STAMP = JsonBytes.name("stamp_ns");
    private static final byte[] X = JsonBytes.name("x_m");
    private static final byte[] Y = JsonBytes.name("y_m");
    private static final byte[] YAW = JsonBytes.name("yaw_rad");
    private static final byte[] V = JsonBytes.name("v_mps");
    private static final byte[] W = JsonBytes.name("w_radps");
    private static final byte[] PRESENT = JsonBytes.name("present");
    private static final byte[] FRAME = JsonBytes.name("frame");
    private static final byte[] VX = JsonBytes.name("vx_mps");
    private static final byte[] VY = JsonBytes.name("vy_mps");
    private static final byte[] RADIUS = JsonBytes.name("radius_m");
    private static final byte[] POINTS = JsonBytes.name("points");
    private static final byte[] LENGTH = JsonBytes.name("length_m");
    private static final byte[] TARGET = JsonBytes.name("target_speed_mps");
    private static final byte[] XS = JsonBytes.name("x_m");
    private static final byte[] YS = JsonBytes.name("y_m");
    private static final byte[] ENGAGED = JsonBytes.name("engaged");
    private static final byte[] SOURCE = JsonBytes.name("source");
    private static final byte[] LEFT = JsonBytes.name("left_radps");
    private static final byte[] RIGHT = JsonBytes.name("right_radps");
    private static final byte[] ODOM_STAMP = JsonBytes.name("odom_stamp_ns");

    /** Writes a copy made by {@link #copy} as one JSON object. */
    static void json(Object value, JsonBytes j) {
        j.beginObject();
        if (value instanceof Odometry o) {
            j.key(STAMP).value(o.stampNanos()).key(X).value(o.xM()).key(Y).value(o.yM()).key(YAW).value(o.yawRad())
                    .key(V).value(o.vMps()).key(W).value(o.wRadps());
        } else if (value instanceof ObstacleTrack o) {
            j.key(STAMP).value(o.stampNanos()).key(PRESENT).value(o.present());
            if (o.present()) {
                j.key(FRAME).plainString(o.frame() == ObstacleTrack.Frame.ROBOT ? "robot" : "world").key(X).value(o.xM())
                        .key(Y).value(o.yM()).key(VX).value(o.vxMps()).key(VY).value(o.vyMps()).key(RADIUS).value(o.radiusM());
            }
        } else if (value instanceof PathReference p) {
            j.key(STAMP).value(p.stampNanos()).key(TARGET).value(p.targetSpeedMps()).key(POINTS).value(p.count())
                    .key(LENGTH).value(p.lengthM());
            j.key(XS).beginArray();
            for (int i = 0; i < p.count(); i++) {
                j.element(p.xM(i));
            }
            j.endArray();
            j.key(YS).beginArray();
            for (int i = 0; i < p.count(); i++) {
                j.element(p.yM(i));
            }
            j.endArray();
        } else if (value instanceof EStopSignal e) {
            j.key(STAMP).value(e.stampNanos()).key(ENGAGED).value(e.engaged());
            if (e.source() != null) {
                j.key(SOURCE).string(e.source());
            }
        } else if (value instanceof WheelCommand c) {
            j.key(STAMP).value(c.stampNanos()).key(LEFT).value(c.leftRadps()).key(RIGHT).value(c.rightRadps())
                    .key(ODOM_STAMP).value(c.odometryStampNanos());
        } else if (value instanceof VelocityCommand c) {
            j.key(STAMP).value(c.stampNanos()).key(V).value(c.vMps()).key(W).value(c.wRadps())
                    .key(ODOM_STAMP).value(c.odometryStampNanos());
        }
        j.endObject();
    }

    /**
     * The schema name of a domain value's JSON ({@code policyrt.Odometry}, ...), or null for a kind
     * this class does not know.
     */
    static String schemaName(Class<?> type) {
        return KINDS.containsKey(type) ? "policyrt." + type.getSimpleName() : null;
    }

    /**
     * A JSON Schema for a domain value's JSON as {@link #json} writes it, which is also the MQTT
     * JSON layout of that message (with its optional {@code seq}); null for an unknown kind.
     */
    static byte[] schema(Class<?> type) {
        String[][] fields = KINDS.get(type);
        if (fields == null) {
            return null;
        }
        StringBuilder b = new StringBuilder("{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"title\":\"")
                .append(schemaName(type)).append("\",\"type\":\"object\",\"properties\":{\"seq\":{\"type\":\"integer\","
                        + "\"description\":\"sender's sequence number (MQTT JSON layout, optional)\"}");
        for (String[] f : fields) {
            b.append(",\"").append(f[0]).append("\":{\"type\":");
            switch (f[1]) {
                case "number" -> b.append("[\"number\",\"null\"]");
                case "numbers" -> b.append("\"array\",\"items\":{\"type\":\"number\"}");
                default -> b.append('"').append(f[1]).append('"');
            }
            b.append(",\"description\":\"").append(f[2]).append("\"}");
        }
        return b.append("}}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static final java.util.Map<Class<?>, String[][]> KINDS = java.util.Map.of(
            Odometry.class, new String[][] {{"stamp_ns", "integer", "[ns]"}, {"x_m", "number", "[m]"}, {"y_m", "number", "[m]"},
                    {"yaw_rad", "number", "[rad]"}, {"v_mps", "number", "[m/s]"}, {"w_radps", "number", "[rad/s]"}},
            ObstacleTrack.class, new String[][] {{"stamp_ns", "integer", "[ns]"}, {"present", "boolean", "false: none reported"},
                    {"frame", "string", "world or robot"}, {"x_m", "number", "[m]"}, {"y_m", "number", "[m]"},
                    {"vx_mps", "number", "[m/s]"}, {"vy_mps", "number", "[m/s]"}, {"radius_m", "number", "[m]"}},
            PathReference.class, new String[][] {{"stamp_ns", "integer", "[ns]"}, {"target_speed_mps", "number", "[m/s]"},
                    {"points", "integer", "point count (recorded value)"}, {"length_m", "number", "[m] (recorded value)"},
                    {"x_m", "numbers", "[m]"}, {"y_m", "numbers", "[m]"}},
            EStopSignal.class, new String[][] {{"stamp_ns", "integer", "[ns]"}, {"engaged", "boolean", ""},
                    {"source", "string", "the sender it names"}},
            WheelCommand.class, new String[][] {{"stamp_ns", "integer", "[ns]"}, {"left_radps", "number", "[rad/s]"},
                    {"right_radps", "number", "[rad/s]"}, {"odom_stamp_ns", "integer", "[ns]"}},
            VelocityCommand.class, new String[][] {{"stamp_ns", "integer", "[ns]"}, {"v_mps", "number", "[m/s]"},
                    {"w_radps", "number", "[rad/s]"}, {"odom_stamp_ns", "integer", "[ns]"}});
}
