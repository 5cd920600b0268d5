package io.policyrt.drivers.mqtt;

import static io.policyrt.drivers.mqtt.JsonLayout.Field.ENGAGED;
import static io.policyrt.drivers.mqtt.JsonLayout.Field.FRAME;
import static io.policyrt.drivers.mqtt.JsonLayout.Field.LEFT_RADPS;
import static io.policyrt.drivers.mqtt.JsonLayout.Field.ODOM_STAMP_NS;
import static io.policyrt.drivers.mqtt.JsonLayout.Field.PATH_X_M;
import static io.policyrt.drivers.mqtt.JsonLayout.Field.PATH_Y_M;
import static io.policyrt.drivers.mqtt.JsonLayout.Field.PRESENT;
import static io.policyrt.drivers.mqtt.JsonLayout.Field.RADIUS_M;
import static io.policyrt.drivers.mqtt.JsonLayout.Field.RIGHT_RADPS;
import static io.policyrt.drivers.mqtt.JsonLayout.Field.SOURCE;
import static io.policyrt.drivers.mqtt.JsonLayout.Field.TARGET_SPEED_MPS;
import static io.policyrt.drivers.mqtt.JsonLayout.Field.V_MPS;
import static io.policyrt.drivers.mqtt.JsonLayout.Field.VX_MPS;
import static io.policyrt.drivers.mqtt.JsonLayout.Field.VY_MPS;
import static io.policyrt.drivers.mqtt.JsonLayout.Field.W_RADPS;
import static io.policyrt.drivers.mqtt.JsonLayout.Field.X_M;
import static io.policyrt.drivers.mqtt.JsonLayout.Field.Y_M;
import static io.policyrt.drivers.mqtt.JsonLayout.Field.YAW_RAD;

import io.policyrt.drivers.inbound.MessageHeader;
import io.policyrt.controller.domain.EStopSignal;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.drivers.inbound.Reject;

/**
 * The JSON layout: one flat object per message with {@code seq} (optional, integer >= 0),
 * {@code stamp_ns} (required, integer, ns since the Unix epoch) and the kind's fields, units in
 * their names. Each kind is a {@link JsonLayout} of fields, which one loop reads and checks the
 * same way for every kind: unknown fields are ignored; a duplicate field, a missing required
 * field, a wrong type, NaN/Infinity literals, trailing content or nesting deeper than a path's
 * arrays are {@link Reject#MALFORMED}.
 */
public final class JsonCodec extends PayloadCodec {
    public static final JsonCodec INSTANCE = new JsonCodec();

    private JsonCodec() {
    }

    @Override
    public PayloadFormat format() {
        return PayloadFormat.JSON;
    }

    // ---- decoding: each kind is a layout of fields that one loop reads (JsonLayout) -----------

    private static final JsonLayout ODOMETRY = new JsonLayout(X_M, Y_M, YAW_RAD, V_MPS, W_RADPS);
    private static final JsonLayout OBSTACLE = new JsonLayout(PRESENT, FRAME, X_M, Y_M, VX_MPS, VY_MPS, RADIUS_M);
    private static final JsonLayout PATH = new JsonLayout(TARGET_SPEED_MPS, PATH_X_M, PATH_Y_M);
    private static final JsonLayout ESTOP = new JsonLayout(ENGAGED, SOURCE);
    private static final JsonLayout WHEEL_COMMAND = new JsonLayout(LEFT_RADPS, RIGHT_RADPS, ODOM_STAMP_NS);
    private static final JsonLayout VELOCITY_COMMAND = new JsonLayout(V_MPS, W_RADPS, ODOM_STAMP_NS);

    @Override
    public Reject decodeOdometry(byte[] payload, MessageHeader h, Odometry out) {
        return ODOMETRY.decode(payload, h, out, (v, stampNanos, o) -> checkOdometry(
                o.set(stampNanos, v.number(X_M), v.number(Y_M), v.number(YAW_RAD), v.number(V_MPS), v.number(W_RADPS))));
    }

    @Override
    public Reject decodeObstacle(byte[] payload, MessageHeader h, ObstacleTrack out) {
        return OBSTACLE.decode(payload, h, out, (v, stampNanos, o) -> {
            if (!v.flag(PRESENT, true)) {
                o.setNone(stampNanos);
                return Reject.NONE;
            }
            return checkObstacle(o.set(stampNanos, v.frame(), v.number(X_M), v.number(Y_M), v.number(VX_MPS), v.number(VY_MPS),
                    v.number(RADIUS_M)));
        });
    }

    /** The points are read straight into {@code out}; x and y must be as many. */
    @Override
    public Reject decodePath(byte[] payload, MessageHeader h, PathBuffer out) {
        return PATH.decode(payload, h, out, (v, stampNanos, path) -> {
            if (v.integer(PATH_X_M) != v.integer(PATH_Y_M)) {
                return Reject.MALFORMED;
            }
            path.setCount((int) v.integer(PATH_X_M));
            path.setTargetSpeedMps(v.number(TARGET_SPEED_MPS));
            return checkPath(path);
        });
    }

    /**
     * {@code engaged} and the optional {@code source}: 1 to 64 printable ASCII characters naming
     * the sender (absent: the topic is the sender). A longer, empty or non-string source makes the
     * message {@link Reject#MALFORMED}, which on the e-stop topic counts as an engage (by the
     * topic: a message that cannot be read cannot be trusted to name its sender either).
     */
    @Override
    public Reject decodeEStop(byte[] payload, MessageHeader h, EStopSignal out) {
        return ESTOP.decode(payload, h, out, (v, stampNanos, e) -> {
            e.set(stampNanos, v.flag(ENGAGED, false), v.name());
            return Reject.NONE;
        });
    }

    /** A command echoes the stamp of the odometry it was computed from; 0 when it has none. */
    @Override
    public Reject decodeWheelCommand(byte[] payload, MessageHeader h, WheelCommand out) {
        return WHEEL_COMMAND.decode(payload, h, out, (v, stampNanos, c) -> checkCommand(
                c.set(stampNanos, v.number(LEFT_RADPS), v.number(RIGHT_RADPS)).setOdometryStampNanos(v.integer(ODOM_STAMP_NS)).leftRadps(),
                c.rightRadps()));
    }

    @Override
    public Reject decodeVelocityCommand(byte[] payload, MessageHeader h, VelocityCommand out) {
        return VELOCITY_COMMAND.decode(payload, h, out, (v, stampNanos, c) -> checkCommand(
                c.set(stampNanos, v.number(V_MPS), v.number(W_RADPS)).setOdometryStampNanos(v.integer(ODOM_STAMP_NS)).vMps(), c.wRadps()));
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

    /** Writes {@code source} when the signal names one; a source the decoder would refuse is IllegalArgumentException. */
    @Override
    public byte[] encodeEStop(long sequence, EStopSignal e) {
        StringBuilder sb = start(sequence, e.stampNanos()).append(",\"engaged\":").append(e.engaged());
        String source = e.source();
        if (source != null) {
            if (!JsonLayout.isName(source)) {
                throw new IllegalArgumentException("e-stop source must be 1 to " + JsonLayout.MAX_NAME_CHARS
                        + " printable ASCII characters, got '" + source + "'");
            }
            sb.append(",\"source\":\"");
            for (int i = 0; i < source.length(); i++) {
                char c = source.charAt(i);
                sb.append(c == '"' || c == '\\' ? "\\" : "").append(c);
            }
            sb.append('"');
        }
        return finish(sb);
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
