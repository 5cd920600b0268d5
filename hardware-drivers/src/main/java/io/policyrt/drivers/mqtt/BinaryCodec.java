package io.policyrt.drivers.mqtt;

import io.policyrt.drivers.inbound.MessageHeader;
import io.policyrt.controller.domain.EStopSignal;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.drivers.inbound.Reject;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The binary layout, version 1: little-endian, no padding, a 20-byte header (magic "PR",
 * version, kind, uint64 sequence, int64 stamp [ns]) and a fixed body per kind; a path body
 * carries its point count. A payload must have exactly its kind's length. Decoding reads the
 * byte array in place and allocates nothing.
 */
public final class BinaryCodec extends PayloadCodec {
    public static final BinaryCodec INSTANCE = new BinaryCodec();

    public static final int VERSION = 1;
    public static final byte MAGIC_0 = 'P';
    public static final byte MAGIC_1 = 'R';
    public static final int HEADER_BYTES = 20;
    public static final int ODOMETRY_BYTES = HEADER_BYTES + 5 * 8;
    public static final int OBSTACLE_BYTES = HEADER_BYTES + 2 + 5 * 8;
    public static final int PATH_FIXED_BYTES = HEADER_BYTES + 8 + 4;
    public static final int ESTOP_BYTES = HEADER_BYTES + 1;
    public static final int COMMAND_BYTES = HEADER_BYTES + 2 * 8;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private BinaryCodec() {
    }

    @Override
    public PayloadFormat format() {
        return PayloadFormat.BINARY;
    }

    /** Checks magic, version, kind and that the payload is at least a header; fills {@code header}. */
    private static Reject header(byte[] p, MessageKind kind, MessageHeader header) {
        if (p.length < HEADER_BYTES || p[0] != MAGIC_0 || p[1] != MAGIC_1) {
            return Reject.MALFORMED;
        }
        if ((p[2] & 0xFF) != VERSION) {
            return Reject.UNSUPPORTED_VERSION;
        }
        if ((p[3] & 0xFF) != kind.code()) {
            return Reject.MALFORMED;
        }
        long sequence = (long) LONG.get(p, 4);
        long stamp = (long) LONG.get(p, 12);
        Reject r = checkHeader(sequence, stamp, true);
        if (r == Reject.NONE) {
            header.set(sequence, stamp);
        }
        return r;
    }

    private static double f64(byte[] p, int offset) {
        return (double) DOUBLE.get(p, offset);
    }

    @Override
    public Reject decodeOdometry(byte[] p, MessageHeader h, Odometry out) {
        Reject r = header(p, MessageKind.ODOMETRY, h);
        if (r != Reject.NONE) {
            return r;
        }
        if (p.length != ODOMETRY_BYTES) {
            return Reject.MALFORMED;
        }
        out.set(h.stampNanos(), f64(p, 20), f64(p, 28), f64(p, 36), f64(p, 44), f64(p, 52));
        return checkOdometry(out);
    }

    @Override
    public Reject decodeObstacle(byte[] p, MessageHeader h, ObstacleTrack out) {
        Reject r = header(p, MessageKind.OBSTACLE, h);
        if (r != Reject.NONE) {
            return r;
        }
        if (p.length != OBSTACLE_BYTES || (p[20] & 0xFE) != 0 || (p[21] & 0xFE) != 0) {
            return Reject.MALFORMED;
        }
        if (p[20] == 0) {
            out.setNone(h.stampNanos());
            return Reject.NONE;
        }
        ObstacleTrack.Frame frame = p[21] == 0 ? ObstacleTrack.Frame.WORLD : ObstacleTrack.Frame.ROBOT;
        out.set(h.stampNanos(), frame, f64(p, 22), f64(p, 30), f64(p, 38), f64(p, 46), f64(p, 54));
        return checkObstacle(out);
    }

    @Override
    public Reject decodePath(byte[] p, MessageHeader h, PathBuffer out) {
        Reject r = header(p, MessageKind.PATH, h);
        if (r != Reject.NONE) {
            return r;
        }
        if (p.length < PATH_FIXED_BYTES) {
            return Reject.MALFORMED;
        }
        long count = Integer.toUnsignedLong((int) INT.get(p, 28));
        if (p.length != PATH_FIXED_BYTES + 16L * count) {
            return Reject.MALFORMED;
        }
        if (count > out.capacity()) {
            return Reject.INVALID;
        }
        int n = (int) count;
        double[] xs = out.xM();
        double[] ys = out.yM();
        for (int i = 0; i < n; i++) {
            xs[i] = f64(p, PATH_FIXED_BYTES + 16 * i);
            ys[i] = f64(p, PATH_FIXED_BYTES + 16 * i + 8);
        }
        out.setCount(n);
        out.setTargetSpeedMps(f64(p, 20));
        return checkPath(out);
    }

    @Override
    public Reject decodeEStop(byte[] p, MessageHeader h, EStopSignal out) {
        Reject r = header(p, MessageKind.ESTOP, h);
        if (r != Reject.NONE) {
            return r;
        }
        if (p.length != ESTOP_BYTES || (p[20] & 0xFE) != 0) {
            return Reject.MALFORMED;
        }
        out.set(h.stampNanos(), p[20] == 1);
        return Reject.NONE;
    }

    @Override
    public Reject decodeWheelCommand(byte[] p, MessageHeader h, WheelCommand out) {
        Reject r = header(p, MessageKind.WHEEL_COMMAND, h);
        if (r != Reject.NONE) {
            return r;
        }
        if (p.length != COMMAND_BYTES) {
            return Reject.MALFORMED;
        }
        out.set(h.stampNanos(), f64(p, 20), f64(p, 28));
        return checkCommand(out.leftRadps(), out.rightRadps());
    }

    @Override
    public Reject decodeVelocityCommand(byte[] p, MessageHeader h, VelocityCommand out) {
        Reject r = header(p, MessageKind.VELOCITY_COMMAND, h);
        if (r != Reject.NONE) {
            return r;
        }
        if (p.length != COMMAND_BYTES) {
            return Reject.MALFORMED;
        }
        out.set(h.stampNanos(), f64(p, 20), f64(p, 28));
        return checkCommand(out.vMps(), out.wRadps());
    }

    // ---- encoding ---------------------------------------------------------------------------

    private static byte[] start(int length, MessageKind kind, long sequence, long stampNanos) {
        if (sequence < 0 || stampNanos <= 0) {
            throw new IllegalArgumentException("sequence must be >= 0 and stamp > 0, got " + sequence + ", " + stampNanos);
        }
        byte[] p = new byte[length];
        p[0] = MAGIC_0;
        p[1] = MAGIC_1;
        p[2] = VERSION;
        p[3] = (byte) kind.code();
        LONG.set(p, 4, sequence);
        LONG.set(p, 12, stampNanos);
        return p;
    }

    private static void put(byte[] p, int offset, double v) {
        DOUBLE.set(p, offset, v);
    }

    @Override
    public byte[] encodeOdometry(long sequence, Odometry o) {
        requireFinite("odometry", o.xM(), o.yM(), o.yawRad(), o.vMps(), o.wRadps());
        byte[] p = start(ODOMETRY_BYTES, MessageKind.ODOMETRY, sequence, o.stampNanos());
        put(p, 20, o.xM());
        put(p, 28, o.yM());
        put(p, 36, o.yawRad());
        put(p, 44, o.vMps());
        put(p, 52, o.wRadps());
        return p;
    }

    @Override
    public byte[] encodeObstacle(long sequence, ObstacleTrack o) {
        byte[] p = start(OBSTACLE_BYTES, MessageKind.OBSTACLE, sequence, o.stampNanos());
        if (o.present()) {
            requireFinite("obstacle", o.xM(), o.yM(), o.vxMps(), o.vyMps(), o.radiusM());
            p[20] = 1;
            p[21] = (byte) (o.frame() == ObstacleTrack.Frame.ROBOT ? 1 : 0);
            put(p, 22, o.xM());
            put(p, 30, o.yM());
            put(p, 38, o.vxMps());
            put(p, 46, o.vyMps());
            put(p, 54, o.radiusM());
        }
        return p;
    }

    @Override
    public byte[] encodePath(long sequence, long stampNanos, PathBuffer path) {
        requireFinite("path target speed", path.targetSpeedMps());
        int n = path.count();
        byte[] p = start(PATH_FIXED_BYTES + 16 * n, MessageKind.PATH, sequence, stampNanos);
        put(p, 20, path.targetSpeedMps());
        INT.set(p, 28, n);
        for (int i = 0; i < n; i++) {
            requireFinite("path point", path.xM()[i], path.yM()[i]);
            put(p, PATH_FIXED_BYTES + 16 * i, path.xM()[i]);
            put(p, PATH_FIXED_BYTES + 16 * i + 8, path.yM()[i]);
        }
        return p;
    }

    /** The binary layout has no source field (the topic is the sender): a signal naming one is IllegalArgumentException. */
    @Override
    public byte[] encodeEStop(long sequence, EStopSignal e) {
        if (e.source() != null) {
            throw new IllegalArgumentException("the binary e-stop layout carries no source (the topic is the sender); "
                    + "use the JSON format to name one, got '" + e.source() + "'");
        }
        byte[] p = start(ESTOP_BYTES, MessageKind.ESTOP, sequence, e.stampNanos());
        p[20] = (byte) (e.engaged() ? 1 : 0);
        return p;
    }

    @Override
    public byte[] encodeWheelCommand(long sequence, WheelCommand c) {
        requireFinite("wheel command", c.leftRadps(), c.rightRadps());
        byte[] p = start(COMMAND_BYTES, MessageKind.WHEEL_COMMAND, sequence, c.stampNanos());
        put(p, 20, c.leftRadps());
        put(p, 28, c.rightRadps());
        return p;
    }

    @Override
    public byte[] encodeVelocityCommand(long sequence, VelocityCommand c) {
        requireFinite("velocity command", c.vMps(), c.wRadps());
        byte[] p = start(COMMAND_BYTES, MessageKind.VELOCITY_COMMAND, sequence, c.stampNanos());
        put(p, 20, c.vMps());
        put(p, 28, c.wRadps());
        return p;
    }
}
