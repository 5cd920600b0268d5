package io.policyrt.drivers.mqtt;

import io.policyrt.drivers.inbound.MessageHeader;
import io.policyrt.controller.domain.EStopSignal;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.drivers.inbound.Reject;

/**
 * Encodes and decodes the PolicyRT MQTT messages in one {@link PayloadFormat}. The layouts are
 * documented field by field in hardware-drivers/README.md.
 *
 * <p>Decoders never throw on bad input: they return why the payload was refused, or
 * {@link Reject#NONE} after filling {@code header} and {@code out}. On a refusal {@code out} may
 * be partly written and must not be published. A decoder checks syntax, length, finiteness and
 * each value's domain; freshness and order are the receiver's business. Decoders and encoders
 * are stateless and thread-safe. Encoders refuse non-finite values with an
 * {@link IllegalArgumentException}: nothing non-finite ever leaves the process.
 */
public abstract class PayloadCodec {
    PayloadCodec() {
    }

    public static PayloadCodec of(PayloadFormat format) {
        return format == PayloadFormat.BINARY ? BinaryCodec.INSTANCE : JsonCodec.INSTANCE;
    }

    public abstract PayloadFormat format();

    public abstract Reject decodeOdometry(byte[] payload, MessageHeader header, Odometry out);

    public abstract Reject decodeObstacle(byte[] payload, MessageHeader header, ObstacleTrack out);

    /** Decodes a path into {@code out}; more points than its capacity is {@link Reject#INVALID}. */
    public abstract Reject decodePath(byte[] payload, MessageHeader header, PathBuffer out);

    public abstract Reject decodeEStop(byte[] payload, MessageHeader header, EStopSignal out);

    public abstract Reject decodeWheelCommand(byte[] payload, MessageHeader header, WheelCommand out);

    public abstract Reject decodeVelocityCommand(byte[] payload, MessageHeader header, VelocityCommand out);

    /** Encodes odometry; its stamp goes into the header. */
    public abstract byte[] encodeOdometry(long sequence, Odometry o);

    public abstract byte[] encodeObstacle(long sequence, ObstacleTrack o);

    public abstract byte[] encodePath(long sequence, long stampNanos, PathBuffer path);

    public abstract byte[] encodeEStop(long sequence, EStopSignal e);

    public abstract byte[] encodeWheelCommand(long sequence, WheelCommand c);

    public abstract byte[] encodeVelocityCommand(long sequence, VelocityCommand c);

    // ---- checks shared by both formats --------------------------------------------------------

    static Reject checkHeader(long sequence, long stampNanos, boolean sequenceRequired) {
        if (stampNanos <= 0) {
            return Reject.INVALID;
        }
        if (sequence < 0 && (sequenceRequired || sequence != MessageHeader.NO_SEQUENCE)) {
            return Reject.INVALID;
        }
        return Reject.NONE;
    }

    static Reject checkOdometry(Odometry o) {
        return o.isFinite() ? Reject.NONE : Reject.NON_FINITE;
    }

    static Reject checkObstacle(ObstacleTrack o) {
        if (!o.present()) {
            return Reject.NONE;
        }
        if (!(Double.isFinite(o.xM()) && Double.isFinite(o.yM()) && Double.isFinite(o.vxMps()) && Double.isFinite(o.vyMps())
                && Double.isFinite(o.radiusM()))) {
            return Reject.NON_FINITE;
        }
        return o.radiusM() >= 0 ? Reject.NONE : Reject.INVALID;
    }

    static Reject checkPath(PathBuffer p) {
        if (!Double.isFinite(p.targetSpeedMps())) {
            return Reject.NON_FINITE;
        }
        double[] xs = p.xM();
        double[] ys = p.yM();
        double length = 0;
        for (int i = 0; i < p.count(); i++) {
            if (!Double.isFinite(xs[i]) || !Double.isFinite(ys[i])) {
                return Reject.NON_FINITE;
            }
            if (i > 0) {
                length += Math.hypot(xs[i] - xs[i - 1], ys[i] - ys[i - 1]);
            }
        }
        if (p.count() < 2 || !(length > 0) || !Double.isFinite(length) || p.targetSpeedMps() < 0) {
            return Reject.INVALID;
        }
        return Reject.NONE;
    }

    static Reject checkCommand(double a, double b) {
        return Double.isFinite(a) && Double.isFinite(b) ? Reject.NONE : Reject.NON_FINITE;
    }

    static void requireFinite(String what, double... values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(what + " has a non-finite value: " + v);
            }
        }
    }
}
