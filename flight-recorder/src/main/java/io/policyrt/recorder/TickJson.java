package io.policyrt.recorder;

import io.policyrt.controller.telemetry.TickRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One tick as a JSON message of channel {@value #TOPIC}, and the JSON Schema that names its fields
 * for Foxglove. The layout, with the policy's feature and action names as keys:
 *
 * <pre>
 * {"tick":12, "monotonic_ns":..., "controller_ns":..., "stop_reason":"NONE", "stopped":false,
 *  "odometry":{"stamp_ns","new","x_m","y_m","yaw_rad","v_mps","w_radps"} | null,
 *  "obstacle":{"stamp_ns","present","frame","x_m","y_m","vx_mps","vy_mps","radius_m"} | null,
 *  "path":{"id","points","length_m","target_speed_mps","stamp_ns"} | null,
 *  "estop":{"engages","latched","silent"},
 *  "features":{"lateral_error_m":..., ...} | null,      raw feature values
 *  "observation":{"lateral_error_m":..., ...} | null,   normalized, what the policy saw
 *  "action":{"v_mps":..., "w_radps":...} | null,        the policy's raw output
 *  "command":{"stamp_ns","v_mps","w_radps","left_radps","right_radps"},
 *  "timing_us":{"read","infer","act","write","tick"}}
 * </pre>
 *
 * A NaN or infinite number is written as null. Writer thread; one instance per thread.
 */
public final class TickJson {
    public static final String TOPIC = "/policyrt/tick";
    public static final String SCHEMA_NAME = "policyrt.Tick";

    private static final byte[] TICK = JsonBytes.name("tick");
    private static final byte[] MONOTONIC = JsonBytes.name("monotonic_ns");
    private static final byte[] CONTROLLER = JsonBytes.name("controller_ns");
    private static final byte[] STOP_REASON = JsonBytes.name("stop_reason");
    private static final byte[] STOPPED = JsonBytes.name("stopped");
    private static final byte[] ODOMETRY = JsonBytes.name("odometry");
    private static final byte[] OBSTACLE = JsonBytes.name("obstacle");
    private static final byte[] PATH = JsonBytes.name("path");
    private static final byte[] ESTOP = JsonBytes.name("estop");
    private static final byte[] FEATURES = JsonBytes.name("features");
    private static final byte[] OBSERVATION = JsonBytes.name("observation");
    private static final byte[] ACTION = JsonBytes.name("action");
    private static final byte[] COMMAND = JsonBytes.name("command");
    private static final byte[] TIMING = JsonBytes.name("timing_us");
    private static final byte[] STAMP = JsonBytes.name("stamp_ns");
    private static final byte[] NEW = JsonBytes.name("new");
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
    private static final byte[] ID = JsonBytes.name("id");
    private static final byte[] POINTS = JsonBytes.name("points");
    private static final byte[] LENGTH = JsonBytes.name("length_m");
    private static final byte[] TARGET_SPEED = JsonBytes.name("target_speed_mps");
    private static final byte[] ENGAGES = JsonBytes.name("engages");
    private static final byte[] LATCHED = JsonBytes.name("latched");
    private static final byte[] SILENT = JsonBytes.name("silent");
    private static final byte[] LEFT = JsonBytes.name("left_radps");
    private static final byte[] RIGHT = JsonBytes.name("right_radps");
    private static final byte[] READ = JsonBytes.name("read");
    private static final byte[] INFER = JsonBytes.name("infer");
    private static final byte[] ACT = JsonBytes.name("act");
    private static final byte[] WRITE = JsonBytes.name("write");
    private static final byte[] TOTAL = JsonBytes.name("tick");

    private final byte[][] featureNames;
    private final byte[][] actionNames;
    private final JsonBytes out = new JsonBytes();

    public TickJson(List<String> featureNames, List<String> actionNames) {
        this.featureNames = names(featureNames);
        this.actionNames = names(actionNames);
    }

    private static byte[][] names(List<String> names) {
        byte[][] b = new byte[names.size()][];
        for (int i = 0; i < b.length; i++) {
            b[i] = JsonBytes.name(names.get(i));
        }
        return b;
    }

    /** Encodes {@code r}; the bytes are {@link #array()}[0, {@link #size()}) until the next call. */
    public TickJson encode(TickRecord r) {
        JsonBytes j = out.reset().beginObject();
        j.key(TICK).value(r.tickIndex);
        j.key(MONOTONIC).value(r.monotonicStartNanos);
        j.key(CONTROLLER).value(r.controllerNanos);
        j.key(STOP_REASON).plainString(r.stopReason.name());
        j.key(STOPPED).value(r.stopReason != io.policyrt.controller.safety.StopReason.NONE);
        j.key(ODOMETRY);
        if (r.hasOdometry) {
            j.beginObject().key(STAMP).value(r.odometryStampNanos).key(NEW).value(r.newOdometry).key(X).value(r.odometryXM)
                    .key(Y).value(r.odometryYM).key(YAW).value(r.odometryYawRad).key(V).value(r.odometryVMps)
                    .key(W).value(r.odometryWRadps).endObject();
        } else {
            j.nullValue();
        }
        j.key(OBSTACLE);
        if (r.hasObstacle) {
            j.beginObject().key(STAMP).value(r.obstacleStampNanos).key(PRESENT).value(r.obstaclePresent)
                    .key(FRAME).plainString(r.obstacleRobotFrame ? "robot" : "world").key(X).value(r.obstacleXM)
                    .key(Y).value(r.obstacleYM).key(VX).value(r.obstacleVxMps).key(VY).value(r.obstacleVyMps)
                    .key(RADIUS).value(r.obstacleRadiusM).endObject();
        } else {
            j.nullValue();
        }
        j.key(PATH);
        if (r.hasPath) {
            j.beginObject().key(ID).value(r.pathId).key(POINTS).value(r.pathPoints).key(LENGTH).value(r.pathLengthM)
                    .key(TARGET_SPEED).value(r.pathTargetSpeedMps).key(STAMP).value(r.pathStampNanos).endObject();
        } else {
            j.nullValue();
        }
        j.key(ESTOP).beginObject().key(ENGAGES).value(r.estopEngages).key(LATCHED).value(r.estopLatched)
                .key(SILENT).value(r.estopSilent).endObject();
        j.key(FEATURES);
        if (r.observed) {
            j.beginObject();
            for (int i = 0; i < featureNames.length; i++) {
                j.key(featureNames[i]).value(r.featureRaw[i]);
            }
            j.endObject();
            j.key(OBSERVATION).beginObject();
            for (int i = 0; i < featureNames.length; i++) {
                j.key(featureNames[i]).value(r.observation[i]);
            }
            j.endObject();
        } else {
            j.nullValue();
            j.key(OBSERVATION).nullValue();
        }
        j.key(ACTION);
        if (r.acted) {
            j.beginObject();
            for (int i = 0; i < actionNames.length; i++) {
                j.key(actionNames[i]).value(r.action[i]);
            }
            j.endObject();
        } else {
            j.nullValue();
        }
        j.key(COMMAND).beginObject().key(STAMP).value(r.commandStampNanos).key(V).value(r.commandVMps).key(W).value(r.commandWRadps)
                .key(LEFT).value(r.commandLeftRadps).key(RIGHT).value(r.commandRightRadps).endObject();
        j.key(TIMING).beginObject().key(READ).value(r.readNanos / 1e3).key(INFER).value(r.inferNanos / 1e3)
                .key(ACT).value(r.actNanos / 1e3).key(WRITE).value(r.writeNanos / 1e3).key(TOTAL).value(r.tickNanos / 1e3)
                .endObject();
        j.endObject();
        return this;
    }

    public byte[] array() { return out.array(); }
    public int size() { return out.size(); }

    /** The JSON Schema of the messages, with a description and unit for every field. */
    public static byte[] schema(List<String> featureNames, List<String> actionNames) {
        StringBuilder b = new StringBuilder();
        b.append("{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"title\":\"").append(SCHEMA_NAME)
                .append("\",\"description\":\"One control tick: the inputs it saw, the observation, the action, the command"
                        + " that left and the stop reason. Non-finite numbers are null.\",\"type\":\"object\",\"properties\":{");
        prop(b, "tick", "integer", "ticks before this one", true);
        prop(b, "monotonic_ns", "integer", "monotonic clock at the tick's start [ns]", false);
        prop(b, "controller_ns", "integer", "controller clock at the tick's start, the time base of the input stamps [ns]", false);
        b.append(",\"stop_reason\":{\"type\":\"string\",\"description\":\"NONE when the policy's command left, else why a stop did\"}");
        prop(b, "stopped", "boolean", "a stop (zero) command left instead of the policy's", false);
        object(b, "odometry", "the newest odometry; null before the first", true,
                new String[][] {{"stamp_ns", "integer", "[ns]"}, {"new", "boolean", "arrived since the previous tick"},
                        {"x_m", "number", "[m]"}, {"y_m", "number", "[m]"}, {"yaw_rad", "number", "[rad]"},
                        {"v_mps", "number", "[m/s]"}, {"w_radps", "number", "[rad/s]"}});
        object(b, "obstacle", "the newest obstacle report; null before the first", true,
                new String[][] {{"stamp_ns", "integer", "[ns]"}, {"present", "boolean", "false: no obstacle reported"},
                        {"frame", "string", "world or robot"}, {"x_m", "number", "[m]"}, {"y_m", "number", "[m]"},
                        {"vx_mps", "number", "[m/s]"}, {"vy_mps", "number", "[m/s]"}, {"radius_m", "number", "[m]"}});
        object(b, "path", "the path in use; null before the first", true,
                new String[][] {{"id", "integer", "changes when a new path arrives"}, {"points", "integer", ""},
                        {"length_m", "number", "[m]"}, {"target_speed_mps", "number", "[m/s]"}, {"stamp_ns", "integer", "[ns]"}});
        object(b, "estop", "the e-stop at this tick", false,
                new String[][] {{"engages", "integer", "engages received so far"}, {"latched", "boolean", "a source holds an engage"},
                        {"silent", "boolean", "the required heartbeat is missing"}});
        String[][] features = numbers(featureNames);
        object(b, "features", "raw feature values; null when the input gate stopped the tick first", true, features);
        object(b, "observation", "normalized observation the policy saw; null when not built", true, features);
        object(b, "action", "the policy's raw output; null when it did not run", true, numbers(actionNames));
        object(b, "command", "the command that left (zero on a stop)", false,
                new String[][] {{"stamp_ns", "integer", "[ns]"}, {"v_mps", "number", "[m/s]"}, {"w_radps", "number", "[rad/s]"},
                        {"left_radps", "number", "left wheel [rad/s]"}, {"right_radps", "number", "right wheel [rad/s]"}});
        object(b, "timing_us", "phase timings of this tick [us]", false,
                new String[][] {{"read", "number", "snapshot, input gate, geometry"}, {"infer", "number", "observation and policy"},
                        {"act", "number", "shaping and output gate"}, {"write", "number", "hand-off to the transport"},
                        {"tick", "number", "the whole tick"}});
        b.append("}}");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String[][] numbers(List<String> names) {
        String[][] p = new String[names.size()][];
        for (int i = 0; i < p.length; i++) {
            p[i] = new String[] {names.get(i), "number", ""};
        }
        return p;
    }

    private static void prop(StringBuilder b, String name, String type, String description, boolean first) {
        if (!first) {
            b.append(',');
        }
        b.append('"').append(JsonBytes.escape(name)).append("\":{\"type\":\"").append(type).append("\",\"description\":\"")
                .append(JsonBytes.escape(description)).append("\"}");
    }

    private static void object(StringBuilder b, String name, String description, boolean nullable, String[][] properties) {
        b.append(",\"").append(JsonBytes.escape(name)).append("\":{\"type\":").append(nullable ? "[\"object\",\"null\"]" : "\"object\"")
                .append(",\"description\":\"").append(JsonBytes.escape(description)).append("\",\"properties\":{");
        for (int i = 0; i < properties.length; i++) {
            String[] p = properties[i];
            String type = "number".equals(p[1]) ? "[\"number\",\"null\"]" : "\"" + p[1] + "\"";
            b.append(i == 0 ? "" : ",").append('"').append(JsonBytes.escape(p[0])).append("\":{\"type\":").append(type);
            if (!p[2].isEmpty()) {
                b.append(",\"description\":\"").append(JsonBytes.escape(p[2])).append('"');
            }
            b.append('}');
        }
        b.append("}}");
    }
}
