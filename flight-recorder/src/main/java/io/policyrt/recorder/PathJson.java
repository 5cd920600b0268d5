package io.policyrt.recorder;

import java.nio.charset.StandardCharsets;

/**
 * The path the controller follows as a JSON message of channel {@value #TOPIC}, written each time
 * it is set or changes (never per tick), and the JSON Schema that names its fields:
 *
 * <pre>
 * {"id":3, "tick":0, "controller_ns":..., "monotonic_ns":..., "stamp_ns":..., "frame":"world",
 *  "target_speed_mps":0.5, "length_m":12.3, "count":241, "x_m":[...], "y_m":[...]}
 * </pre>
 *
 * {@code id} is the one the ticks' {@code path.id} names; {@code tick} and {@code controller_ns}
 * say when it took effect. Coordinates are written exactly (shortest round-trip decimals), so a
 * replay rebuilds the tracking geometry bit for bit. Writer thread; one instance per thread.
 */
public final class PathJson {
    public static final String TOPIC = "/policyrt/path";
    public static final String SCHEMA_NAME = "policyrt.Path";
    /** The frame of every path the controller follows. */
    public static final String FRAME = "world";

    private static final byte[] ID = JsonBytes.name("id");
    private static final byte[] TICK = JsonBytes.name("tick");
    private static final byte[] CONTROLLER = JsonBytes.name("controller_ns");
    private static final byte[] MONOTONIC = JsonBytes.name("monotonic_ns");
    private static final byte[] STAMP = JsonBytes.name("stamp_ns");
    private static final byte[] FRAME_KEY = JsonBytes.name("frame");
    private static final byte[] TARGET_SPEED = JsonBytes.name("target_speed_mps");
    private static final byte[] LENGTH = JsonBytes.name("length_m");
    private static final byte[] COUNT = JsonBytes.name("count");
    private static final byte[] X = JsonBytes.name("x_m");
    private static final byte[] Y = JsonBytes.name("y_m");

    private final JsonBytes out = new JsonBytes();

    /** Encodes the slot's path; the bytes are {@link #array()}[0, {@link #size()}) until the next call. */
    public PathJson encode(PathRing.Slot s) {
        var p = s.path();
        JsonBytes j = out.reset().beginObject();
        j.key(ID).value(p.id()).key(TICK).value(s.tickIndex).key(CONTROLLER).value(s.controllerNanos)
                .key(MONOTONIC).value(s.monotonicNanos).key(STAMP).value(p.stampNanos()).key(FRAME_KEY).plainString(FRAME)
                .key(TARGET_SPEED).value(p.targetSpeedMps()).key(LENGTH).value(p.lengthM()).key(COUNT).value(p.count());
        j.key(X).beginArray();
        for (int i = 0; i < p.count(); i++) {
            j.element(p.xM(i));
        }
        j.endArray().key(Y).beginArray();
        for (int i = 0; i < p.count(); i++) {
            j.element(p.yM(i));
        }
        j.endArray().endObject();
        return this;
    }

    public byte[] array() { return out.array(); }
    public int size() { return out.size(); }

    /** The JSON Schema of the messages. */
    public static byte[] schema() {
        String s = "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"title\":\"" + SCHEMA_NAME + "\","
                + "\"description\":\"The path the controller follows, written when it is set or changes\",\"type\":\"object\","
                + "\"properties\":{"
                + "\"id\":{\"type\":\"integer\",\"description\":\"the identity the ticks' path.id names\"},"
                + "\"tick\":{\"type\":\"integer\",\"description\":\"the first tick that followed it\"},"
                + "\"controller_ns\":{\"type\":\"integer\",\"description\":\"controller clock at that tick's start [ns]\"},"
                + "\"monotonic_ns\":{\"type\":\"integer\",\"description\":\"monotonic clock at that tick's start [ns]\"},"
                + "\"stamp_ns\":{\"type\":\"integer\",\"description\":\"the path message's stamp [ns]\"},"
                + "\"frame\":{\"type\":\"string\",\"description\":\"frame of the points\"},"
                + "\"target_speed_mps\":{\"type\":\"number\",\"description\":\"[m/s]\"},"
                + "\"length_m\":{\"type\":\"number\",\"description\":\"[m]\"},"
                + "\"count\":{\"type\":\"integer\",\"description\":\"points\"},"
                + "\"x_m\":{\"type\":\"array\",\"items\":{\"type\":\"number\"},\"description\":\"point x [m]\"},"
                + "\"y_m\":{\"type\":\"array\",\"items\":{\"type\":\"number\"},\"description\":\"point y [m]\"}"
                + "}}";
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
