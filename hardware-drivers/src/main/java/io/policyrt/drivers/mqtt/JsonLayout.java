package io.policyrt.drivers.mqtt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.policyrt.drivers.inbound.MessageHeader;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.drivers.inbound.Reject;
import java.io.IOException;

/**
 * The fields of one message kind in the JSON layout, and the one loop that reads them for every
 * kind: {@code seq} (optional, integer >= 0) and {@code stamp_ns} (required, integer) first, then
 * the kind's fields. Unknown fields are skipped; a duplicate field, a missing required field, a
 * wrong type, NaN/Infinity literals, trailing content or nesting deeper than a path's arrays are
 * {@link Reject#MALFORMED}; a negative {@code seq} or {@code odom_stamp_ns}, or more points than
 * the path holds, is {@link Reject#INVALID}. Uses Jackson's streaming parser with tight read limits.
 */
final class JsonLayout {
    /** How a field's value is read; a value of another JSON type is {@link Reject#MALFORMED}. */
    enum Type {
        /** An integer that fits a long. */
        INTEGER,
        /** An integer that fits a long; a negative one is {@link Reject#INVALID}. */
        NON_NEGATIVE,
        /** Any number, as a double: one that overflows is infinite, refused later as non-finite. */
        NUMBER,
        BOOLEAN,
        /** {@code "world"} or {@code "robot"}. */
        FRAME,
        /** An array of numbers into the path's x or y points; more than they hold is {@link Reject#INVALID}. */
        PATH_X,
        PATH_Y,
        /**
         * A name of 1 to {@value JsonLayout#MAX_NAME_CHARS} printable ASCII characters (after JSON
         * unescaping); anything else is {@link Reject#MALFORMED}.
         */
        NAME
    }

    /** Longest {@link Type#NAME} value [characters]. */
    static final int MAX_NAME_CHARS = 64;

    /** Every field of the JSON layout. Optional fields have a default; the others must be there. */
    enum Field {
        SEQ("seq", Type.NON_NEGATIVE, false),
        STAMP_NS("stamp_ns", Type.INTEGER, true),
        X_M("x_m", Type.NUMBER, true),
        Y_M("y_m", Type.NUMBER, true),
        YAW_RAD("yaw_rad", Type.NUMBER, true),
        V_MPS("v_mps", Type.NUMBER, true),
        W_RADPS("w_radps", Type.NUMBER, true),
        /** Obstacle: true when absent; when false, only {@code stamp_ns} is required. */
        PRESENT("present", Type.BOOLEAN, false),
        /** Obstacle: world when absent. */
        FRAME("frame", Type.FRAME, false),
        VX_MPS("vx_mps", Type.NUMBER, true),
        VY_MPS("vy_mps", Type.NUMBER, true),
        RADIUS_M("radius_m", Type.NUMBER, true),
        TARGET_SPEED_MPS("target_speed_mps", Type.NUMBER, true),
        PATH_X_M("x_m", Type.PATH_X, true),
        PATH_Y_M("y_m", Type.PATH_Y, true),
        ENGAGED("engaged", Type.BOOLEAN, true),
        /** E-stop: the sender, where the topic alone does not tell senders apart; the topic when absent. */
        SOURCE("source", Type.NAME, false),
        LEFT_RADPS("left_radps", Type.NUMBER, true),
        RIGHT_RADPS("right_radps", Type.NUMBER, true),
        /** Command: the stamp of the odometry it was computed from; 0 when absent. */
        ODOM_STAMP_NS("odom_stamp_ns", Type.NON_NEGATIVE, false);

        final String json;
        final Type type;
        final boolean required;
        final int bit = 1 << ordinal();

        Field(String json, Type type, boolean required) {
            this.json = json;
            this.type = type;
            this.required = required;
        }
    }

    /** Fills the decoded message from the values read and the stamp of its valid header. */
    @FunctionalInterface
    interface Fill<T> {
        Reject fill(Values v, long stampNanos, T out);
    }

    /** What one decode read: a value for each field it saw. */
    static final class Values {
        private static final int FIELDS = Field.values().length;
        /** Per field: an integer, a boolean as 1/0, a point count or a double's bits. */
        private final long[] slots = new long[FIELDS];
        private int seen;
        private ObstacleTrack.Frame frame = ObstacleTrack.Frame.WORLD;
        private String name;

        boolean has(Field f) { return (seen & f.bit) != 0; }
        long integer(Field f) { return slots[f.ordinal()]; }
        double number(Field f) { return Double.longBitsToDouble(slots[f.ordinal()]); }
        boolean flag(Field f, boolean absent) { return has(f) ? slots[f.ordinal()] != 0 : absent; }
        ObstacleTrack.Frame frame() { return frame; }
        /** The {@link Type#NAME} field's value, or null when absent (a layout has at most one). */
        String name() { return name; }

        private void set(Field f, long value) {
            slots[f.ordinal()] = value;
            seen |= f.bit;
        }
    }

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(3).maxNumberLength(64).maxStringLength(64).build())
            .build();

    private final Field[] fields;
    /** The required fields of a present message; when {@code "present":false} only {@code stamp_ns} is. */
    private final int required;

    /** A kind with these fields after {@code seq} and {@code stamp_ns}. */
    JsonLayout(Field... kindFields) {
        fields = new Field[kindFields.length + 2];
        fields[0] = Field.SEQ;
        fields[1] = Field.STAMP_NS;
        System.arraycopy(kindFields, 0, fields, 2, kindFields.length);
        int mask = 0;
        for (Field f : fields) {
            mask |= f.required ? f.bit : 0;
        }
        required = mask;
    }

    /**
     * Reads a message of this kind: every field once, unknown ones skipped, nothing after the
     * object, every required field there and a valid header, which goes into {@code h}; then
     * {@code fill} fills {@code out}. A path's points are read straight into {@code out}.
     */
    <T> Reject decode(byte[] payload, MessageHeader h, T out, Fill<T> fill) {
        Values v = new Values();
        try (JsonParser p = open(payload)) {
            while (nextField(p)) {
                Field f = field(p.currentName());
                if (f == null) {
                    p.skipChildren();
                } else {
                    read(p, f, v, out);
                }
            }
            end(p);
        } catch (Refused e) {
            return e.reason;
        } catch (IOException | RuntimeException e) {
            return Reject.MALFORMED;
        }
        int needed = v.flag(Field.PRESENT, true) ? required : Field.STAMP_NS.bit;
        if ((v.seen & needed) != needed) {
            return Reject.MALFORMED;
        }
        long seq = v.has(Field.SEQ) ? v.integer(Field.SEQ) : MessageHeader.NO_SEQUENCE;
        long stamp = v.integer(Field.STAMP_NS);
        Reject r = PayloadCodec.checkHeader(seq, stamp, false);
        if (r != Reject.NONE) {
            return r;
        }
        h.set(seq, stamp);
        return fill.fill(v, stamp, out);
    }

    /** The field named {@code json}, or null for one this kind does not have. */
    private Field field(String json) {
        for (Field f : fields) {
            if (f.json.equals(json)) {
                return f;
            }
        }
        return null;
    }

    /** Reads the value of {@code f} at the parser's current token into {@code v}. */
    private static void read(JsonParser p, Field f, Values v, Object out) throws IOException, Refused {
        long value = switch (f.type) {
            case INTEGER -> integer(p);
            case NON_NEGATIVE -> nonNegative(p);
            case NUMBER -> Double.doubleToRawLongBits(number(p));
            case BOOLEAN -> bool(p) ? 1 : 0;
            case FRAME -> {
                v.frame = frame(p);
                yield 0;
            }
            case PATH_X -> numbers(p, ((PathBuffer) out).xM());
            case PATH_Y -> numbers(p, ((PathBuffer) out).yM());
            case NAME -> {
                v.name = name(p);
                yield 0;
            }
        };
        v.set(f, value);
    }

    /** A refusal found while parsing; carries its reason, no stack trace. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final Reject reason;

        Refused(Reject reason) {
            super(reason.name(), null, false, false);
            this.reason = reason;
        }
    }

    private static final Refused MALFORMED = new Refused(Reject.MALFORMED);
    private static final Refused INVALID = new Refused(Reject.INVALID);

    private static JsonParser open(byte[] payload) throws IOException, Refused {
        JsonParser p = FACTORY.createParser(payload);
        if (p.nextToken() != JsonToken.START_OBJECT) {
            p.close();
            throw MALFORMED;
        }
        return p;
    }

    /** Advances to the next field's value; false at the end of the top-level object. */
    private static boolean nextField(JsonParser p) throws IOException, Refused {
        JsonToken t = p.nextToken();
        if (t == JsonToken.END_OBJECT) {
            return false;
        }
        if (t != JsonToken.FIELD_NAME || p.nextToken() == null) {
            throw MALFORMED;
        }
        return true;
    }

    /** Requires that nothing follows the object. */
    private static void end(JsonParser p) throws IOException, Refused {
        if (p.nextToken() != null) {
            throw MALFORMED;
        }
    }

    private static double number(JsonParser p) throws IOException, Refused {
        JsonToken t = p.currentToken();
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw MALFORMED;
        }
        return p.getDoubleValue();
    }

    private static long integer(JsonParser p) throws IOException, Refused {
        if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw MALFORMED;
        }
        return p.getLongValue(); // out of range throws, which is MALFORMED
    }

    private static long nonNegative(JsonParser p) throws IOException, Refused {
        long n = integer(p);
        if (n < 0) {
            throw INVALID;
        }
        return n;
    }

    private static boolean bool(JsonParser p) throws Refused {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_TRUE) {
            return true;
        }
        if (t == JsonToken.VALUE_FALSE) {
            return false;
        }
        throw MALFORMED;
    }

    private static ObstacleTrack.Frame frame(JsonParser p) throws IOException, Refused {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw MALFORMED;
        }
        switch (p.getText()) {
            case "world": return ObstacleTrack.Frame.WORLD;
            case "robot": return ObstacleTrack.Frame.ROBOT;
            default: throw MALFORMED;
        }
    }

    /** A string of 1 to {@link #MAX_NAME_CHARS} printable ASCII characters; one String per call. */
    private static String name(JsonParser p) throws IOException, Refused {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw MALFORMED;
        }
        String s = p.getText();
        if (!isName(s)) {
            throw MALFORMED;
        }
        return s;
    }

    /** Whether {@code s} is a valid {@link Type#NAME}: 1 to {@link #MAX_NAME_CHARS} printable ASCII characters. */
    static boolean isName(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_NAME_CHARS) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /** Reads an array of numbers into {@code into}; more than it holds is {@link Reject#INVALID}. */
    private static int numbers(JsonParser p, double[] into) throws IOException, Refused {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw MALFORMED;
        }
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw MALFORMED;
            }
            if (n == into.length) {
                throw INVALID;
            }
            into[n++] = number(p);
        }
        return n;
    }
}
