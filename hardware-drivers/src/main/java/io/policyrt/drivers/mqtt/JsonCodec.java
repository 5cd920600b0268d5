package io.policyrt.drivers.mqtt;

import io.policyrt.drivers.inbound.MessageHeader;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.policyrt.controller.domain.EStopSignal;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.drivers.inbound.Reject;
import java.io.IOException;

/**
 * The JSON layout: one flat object per message with {@code seq} (optional, integer >= 0),
 * {@code stamp_ns} (required, integer, ns since the Unix epoch) and the kind's fields, units in
 * their names. Unknown fields are ignored; a duplicate field, a missing required field, a
 * wrong type, NaN/Infinity literals, trailing content or nesting deeper than a path's arrays are
 * {@link Reject#MALFORMED}. Uses Jackson's streaming parser with tight read limits.
 */
public final class JsonCodec extends PayloadCodec {
    public static final JsonCodec INSTANCE = new JsonCodec();

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(3).maxNumberLength(64).maxStringLength(64).build())
            .build();

    private JsonCodec() {
    }

    @Override
    public PayloadFormat format() {
        return PayloadFormat.JSON;
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

    private static long sequence(JsonParser p) throws IOException, Refused {
        long s = integer(p);
        if (s < 0) {
            throw new Refused(Reject.INVALID);
        }
        return s;
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

    private static Reject header(long seq, long stamp, int seen, int required, MessageHeader h) {
        if ((seen & required) != required) {
            return Reject.MALFORMED;
        }
        Reject r = checkHeader(seq, stamp, false);
        if (r == Reject.NONE) {
            h.set(seq, stamp);
        }
        return r;
    }

    @Override
    public Reject decodeOdometry(byte[] payload, MessageHeader h, Odometry out) {
        long seq = MessageHeader.NO_SEQUENCE;
        long stamp = 0;
        double x = 0, y = 0, yaw = 0, v = 0, w = 0;
        int seen = 0;
        try (JsonParser p = open(payload)) {
            while (nextField(p)) {
                switch (p.currentName()) {
                    case "seq": seq = sequence(p); break;
                    case "stamp_ns": stamp = integer(p); seen |= 1; break;
                    case "x_m": x = number(p); seen |= 2; break;
                    case "y_m": y = number(p); seen |= 4; break;
                    case "yaw_rad": yaw = number(p); seen |= 8; break;
                    case "v_mps": v = number(p); seen |= 16; break;
                    case "w_radps": w = number(p); seen |= 32; break;
                    default: p.skipChildren();
                }
            }
            end(p);
        } catch (Refused e) {
            return e.reason;
        } catch (IOException | RuntimeException e) {
            return Reject.MALFORMED;
        }
        Reject r = header(seq, stamp, seen, 63, h);
        if (r != Reject.NONE) {
            return r;
        }
        out.set(stamp, x, y, yaw, v, w);
        return checkOdometry(out);
    }

    @Override
    public Reject decodeObstacle(byte[] payload, MessageHeader h, ObstacleTrack out) {
        long seq = MessageHeader.NO_SEQUENCE;
        long stamp = 0;
        boolean present = true;
        ObstacleTrack.Frame frame = ObstacleTrack.Frame.WORLD;
        double x = 0, y = 0, vx = 0, vy = 0, radius = 0;
        int seen = 0;
        try (JsonParser p = open(payload)) {
            while (nextField(p)) {
                switch (p.currentName()) {
                    case "seq": seq = sequence(p); break;
                    case "stamp_ns": stamp = integer(p); seen |= 1; break;
                    case "present": present = bool(p); break;
                    case "frame": frame = frame(p); break;
                    case "x_m": x = number(p); seen |= 2; break;
                    case "y_m": y = number(p); seen |= 4; break;
                    case "vx_mps": vx = number(p); seen |= 8; break;
                    case "vy_mps": vy = number(p); seen |= 16; break;
                    case "radius_m": radius = number(p); seen |= 32; break;
                    default: p.skipChildren();
                }
            }
            end(p);
        } catch (Refused e) {
            return e.reason;
        } catch (IOException | RuntimeException e) {
            return Reject.MALFORMED;
        }
        Reject r = header(seq, stamp, seen, present ? 63 : 1, h);
        if (r != Reject.NONE) {
            return r;
        }
        if (!present) {
            out.setNone(stamp);
            return Reject.NONE;
        }
        out.set(stamp, frame, x, y, vx, vy, radius);
        return checkObstacle(out);
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

    @Override
    public Reject decodePath(byte[] payload, MessageHeader h, PathBuffer out) {
        long seq = MessageHeader.NO_SEQUENCE;
        long stamp = 0;
        double speed = 0;
        int nx = -1;
        int ny = -1;
        int seen = 0;
        try (JsonParser p = open(payload)) {
            while (nextField(p)) {
                switch (p.currentName()) {
                    case "seq": seq = sequence(p); break;
                    case "stamp_ns": stamp = integer(p); seen |= 1; break;
                    case "target_speed_mps": speed = number(p); seen |= 2; break;
                    case "x_m": nx = numbers(p, out.xM()); seen |= 4; break;
                    case "y_m": ny = numbers(p, out.yM()); seen |= 8; break;
                    default: p.skipChildren();
                }
            }
            end(p);
        } catch (Refused e) {
            return e.reason;
        } catch (IOException | RuntimeException e) {
            return Reject.MALFORMED;
        }
        Reject r = header(seq, stamp, seen, 15, h);
        if (r != Reject.NONE) {
            return r;
        }
        if (nx != ny) {
            return Reject.MALFORMED;
        }
        out.setCount(nx);
        out.setTargetSpeedMps(speed);
        return checkPath(out);
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
                throw new Refused(Reject.INVALID);
            }
            into[n++] = number(p);
        }
        return n;
    }

    @Override
    public Reject decodeEStop(byte[] payload, MessageHeader h, EStopSignal out) {
        long seq = MessageHeader.NO_SEQUENCE;
        long stamp = 0;
        boolean engaged = false;
        int seen = 0;
        try (JsonParser p = open(payload)) {
            while (nextField(p)) {
                switch (p.currentName()) {
                    case "seq": seq = sequence(p); break;
                    case "stamp_ns": stamp = integer(p); seen |= 1; break;
                    case "engaged": engaged = bool(p); seen |= 2; break;
                    default: p.skipChildren();
                }
            }
            end(p);
        } catch (Refused e) {
            return e.reason;
        } catch (IOException | RuntimeException e) {
            return Reject.MALFORMED;
        }
        Reject r = header(seq, stamp, seen, 3, h);
        if (r != Reject.NONE) {
            return r;
        }
        out.set(stamp, engaged);
        return Reject.NONE;
    }

    @Override
    public Reject decodeWheelCommand(byte[] payload, MessageHeader h, WheelCommand out) {
        double[] ab = new double[2];
        long[] odometryStamp = new long[1];
        Reject r = decodePair(payload, h, "left_radps", "right_radps", ab, odometryStamp);
        if (r != Reject.NONE) {
            return r;
        }
        out.set(h.stampNanos(), ab[0], ab[1]).setOdometryStampNanos(odometryStamp[0]);
        return checkCommand(ab[0], ab[1]);
    }

    @Override
    public Reject decodeVelocityCommand(byte[] payload, MessageHeader h, VelocityCommand out) {
        double[] ab = new double[2];
        long[] odometryStamp = new long[1];
        Reject r = decodePair(payload, h, "v_mps", "w_radps", ab, odometryStamp);
        if (r != Reject.NONE) {
            return r;
        }
        out.set(h.stampNanos(), ab[0], ab[1]).setOdometryStampNanos(odometryStamp[0]);
        return checkCommand(ab[0], ab[1]);
    }

    /** Reads a command's two values into {@code ab} and its optional {@code odom_stamp_ns} (0 when absent). */
    private static Reject decodePair(byte[] payload, MessageHeader h, String a, String b, double[] ab, long[] odometryStamp) {
        long seq = MessageHeader.NO_SEQUENCE;
        long stamp = 0;
        int seen = 0;
        try (JsonParser p = open(payload)) {
            while (nextField(p)) {
                String name = p.currentName();
                if (name.equals("seq")) {
                    seq = sequence(p);
                } else if (name.equals("stamp_ns")) {
                    stamp = integer(p);
                    seen |= 1;
                } else if (name.equals("odom_stamp_ns")) {
                    odometryStamp[0] = integer(p);
                    if (odometryStamp[0] < 0) {
                        throw new Refused(Reject.INVALID);
                    }
                } else if (name.equals(a)) {
                    ab[0] = number(p);
                    seen |= 2;
                } else if (name.equals(b)) {
                    ab[1] = number(p);
                    seen |= 4;
                } else {
                    p.skipChildren();
                }
            }
            end(p);
        } catch (Refused e) {
            return e.reason;
        } catch (IOException | RuntimeException e) {
            return Reject.MALFORMED;
        }
        return header(seq, stamp, seen, 7, h);
    }

    // ---- encoding ---------------------------------------------------------------------------

    private static StringBuilder start(long sequence, long stampNanos) {
        if (sequence < 0 || stampNanos <= 0) {
            throw new IllegalArgumentException("sequence must be >= 0 and stamp > 0, got " + sequence + ", " + stampNanos);
        }
        return new StringBuilder(128).append("{\"seq\":").append(sequence).append(",\"stamp_ns\":").append(stampNanos);
    }

    private static StringBuilder field(StringBuilder sb, String name, double v) {
        return sb.append(",\"").append(name).append("\":").append(v);
    }

    private static byte[] finish(StringBuilder sb) {
        return sb.append('}').toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Override
    public byte[] encodeOdometry(long sequence, Odometry o) {
        requireFinite("odometry", o.xM(), o.yM(), o.yawRad(), o.vMps(), o.wRadps());
        StringBuilder sb = start(sequence, o.stampNanos());
        field(sb, "x_m", o.xM());
        field(sb, "y_m", o.yM());
        field(sb, "yaw_rad", o.yawRad());
        field(sb, "v_mps", o.vMps());
        field(sb, "w_radps", o.wRadps());
        return finish(sb);
    }

    @Override
    public byte[] encodeObstacle(long sequence, ObstacleTrack o) {
        StringBuilder sb = start(sequence, o.stampNanos());
        if (!o.present()) {
            return finish(sb.append(",\"present\":false"));
        }
        requireFinite("obstacle", o.xM(), o.yM(), o.vxMps(), o.vyMps(), o.radiusM());
        sb.append(",\"present\":true,\"frame\":\"").append(o.frame() == ObstacleTrack.Frame.ROBOT ? "robot" : "world").append('"');
        field(sb, "x_m", o.xM());
        field(sb, "y_m", o.yM());
        field(sb, "vx_mps", o.vxMps());
        field(sb, "vy_mps", o.vyMps());
        field(sb, "radius_m", o.radiusM());
        return finish(sb);
    }

    @Override
    public byte[] encodePath(long sequence, long stampNanos, PathBuffer path) {
        requireFinite("path target speed", path.targetSpeedMps());
        StringBuilder sb = start(sequence, stampNanos);
        field(sb, "target_speed_mps", path.targetSpeedMps());
        array(sb, "x_m", path.xM(), path.count());
        array(sb, "y_m", path.yM(), path.count());
        return finish(sb);
    }

    private static void array(StringBuilder sb, String name, double[] values, int n) {
        sb.append(",\"").append(name).append("\":[");
        for (int i = 0; i < n; i++) {
            requireFinite("path point", values[i]);
            if (i > 0) {
                sb.append(',');
            }
            sb.append(values[i]);
        }
        sb.append(']');
    }

    @Override
    public byte[] encodeEStop(long sequence, EStopSignal e) {
        return finish(start(sequence, e.stampNanos()).append(",\"engaged\":").append(e.engaged()));
    }

    @Override
    public byte[] encodeWheelCommand(long sequence, WheelCommand c) {
        requireFinite("wheel command", c.leftRadps(), c.rightRadps());
        StringBuilder sb = start(sequence, c.stampNanos());
        field(sb, "left_radps", c.leftRadps());
        field(sb, "right_radps", c.rightRadps());
        return finish(odometryStamp(sb, c.odometryStampNanos()));
    }

    @Override
    public byte[] encodeVelocityCommand(long sequence, VelocityCommand c) {
        requireFinite("velocity command", c.vMps(), c.wRadps());
        StringBuilder sb = start(sequence, c.stampNanos());
        field(sb, "v_mps", c.vMps());
        field(sb, "w_radps", c.wRadps());
        return finish(odometryStamp(sb, c.odometryStampNanos()));
    }

    /** The echoed odometry stamp of a command, written only when there is one. */
    private static StringBuilder odometryStamp(StringBuilder sb, long odometryStampNanos) {
        return odometryStampNanos > 0 ? sb.append(",\"odom_stamp_ns\":").append(odometryStampNanos) : sb;
    }
}
