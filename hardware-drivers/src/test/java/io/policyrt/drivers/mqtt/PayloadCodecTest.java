package io.policyrt.drivers.mqtt;

import io.policyrt.drivers.inbound.MessageHeader;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policyrt.controller.domain.EStopSignal;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.drivers.inbound.Reject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Round trips and refusals that both payload formats share. */
class PayloadCodecTest {
    static final long STAMP = 1_700_000_000_123_456_789L;

    @ParameterizedTest
    @EnumSource(PayloadFormat.class)
    void odometry_round_trips_exactly(PayloadFormat format) {
        PayloadCodec c = PayloadCodec.of(format);
        Odometry in = new Odometry().set(STAMP, 1.25, -3.5e-7, Math.PI, 0.4999999999999, -1e-300);
        MessageHeader h = new MessageHeader();
        Odometry out = new Odometry();
        assertThat(c.decodeOdometry(c.encodeOdometry(42, in), h, out)).isEqualTo(Reject.NONE);
        assertThat(h.sequence()).isEqualTo(42);
        assertThat(h.stampNanos()).isEqualTo(STAMP);
        assertThat(out.stampNanos()).isEqualTo(STAMP);
        assertThat(new double[] {out.xM(), out.yM(), out.yawRad(), out.vMps(), out.wRadps()})
                .containsExactly(1.25, -3.5e-7, Math.PI, 0.4999999999999, -1e-300);
    }

    @ParameterizedTest
    @EnumSource(PayloadFormat.class)
    void obstacle_round_trips_in_both_frames_and_when_absent(PayloadFormat format) {
        PayloadCodec c = PayloadCodec.of(format);
        MessageHeader h = new MessageHeader();
        ObstacleTrack out = new ObstacleTrack();
        for (ObstacleTrack.Frame frame : ObstacleTrack.Frame.values()) {
            ObstacleTrack in = new ObstacleTrack().set(STAMP, frame, 2.5, -1.0, 0.3, -0.25, 0.35);
            assertThat(c.decodeObstacle(c.encodeObstacle(7, in), h, out)).isEqualTo(Reject.NONE);
            assertThat(out.present()).isTrue();
            assertThat(out.frame()).isEqualTo(frame);
            assertThat(new double[] {out.xM(), out.yM(), out.vxMps(), out.vyMps(), out.radiusM()})
                    .containsExactly(2.5, -1.0, 0.3, -0.25, 0.35);
        }
        ObstacleTrack none = new ObstacleTrack().setNone(STAMP + 1);
        assertThat(c.decodeObstacle(c.encodeObstacle(8, none), h, out)).isEqualTo(Reject.NONE);
        assertThat(out.present()).isFalse();
        assertThat(out.stampNanos()).isEqualTo(STAMP + 1);
        assertThat(h.sequence()).isEqualTo(8);
    }

    @ParameterizedTest
    @EnumSource(PayloadFormat.class)
    void path_round_trips_its_points_and_speed(PayloadFormat format) {
        PayloadCodec c = PayloadCodec.of(format);
        double[] xs = {0, 1, 2.5, 2.5, 4};
        double[] ys = {0, 0.5, -0.125, 1, 1};
        PathBuffer in = new PathBuffer(8).set(xs, ys, 5, 0.5);
        PathBuffer out = new PathBuffer(8);
        MessageHeader h = new MessageHeader();
        assertThat(c.decodePath(c.encodePath(3, STAMP, in), h, out)).isEqualTo(Reject.NONE);
        assertThat(out.count()).isEqualTo(5);
        assertThat(out.targetSpeedMps()).isEqualTo(0.5);
        assertThat(Arrays.copyOf(out.xM(), 5)).containsExactly(xs);
        assertThat(Arrays.copyOf(out.yM(), 5)).containsExactly(ys);
        assertThat(h.stampNanos()).isEqualTo(STAMP);
    }

    @ParameterizedTest
    @EnumSource(PayloadFormat.class)
    void estop_and_commands_round_trip(PayloadFormat format) {
        PayloadCodec c = PayloadCodec.of(format);
        MessageHeader h = new MessageHeader();
        EStopSignal e = new EStopSignal();
        assertThat(c.decodeEStop(c.encodeEStop(1, new EStopSignal().set(STAMP, true)), h, e)).isEqualTo(Reject.NONE);
        assertThat(e.engaged()).isTrue();
        assertThat(c.decodeEStop(c.encodeEStop(2, new EStopSignal().set(STAMP, false)), h, e)).isEqualTo(Reject.NONE);
        assertThat(e.engaged()).isFalse();
        WheelCommand w = new WheelCommand();
        assertThat(c.decodeWheelCommand(c.encodeWheelCommand(9, new WheelCommand().set(STAMP, -6.25, 7.5)), h, w))
                .isEqualTo(Reject.NONE);
        assertThat(new double[] {w.leftRadps(), w.rightRadps()}).containsExactly(-6.25, 7.5);
        assertThat(w.stampNanos()).isEqualTo(STAMP);
        VelocityCommand v = new VelocityCommand();
        assertThat(c.decodeVelocityCommand(c.encodeVelocityCommand(10, new VelocityCommand().set(STAMP, 0.5, -1.5)), h, v))
                .isEqualTo(Reject.NONE);
        assertThat(new double[] {v.vMps(), v.wRadps()}).containsExactly(0.5, -1.5);
        assertThat(h.sequence()).isEqualTo(10);
    }

    @ParameterizedTest
    @EnumSource(PayloadFormat.class)
    void encoders_refuse_non_finite_values(PayloadFormat format) {
        PayloadCodec c = PayloadCodec.of(format);
        assertThatThrownBy(() -> c.encodeWheelCommand(1, new WheelCommand().set(STAMP, Double.NaN, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-finite");
        assertThatThrownBy(() -> c.encodeOdometry(1, new Odometry().set(STAMP, 0, Double.POSITIVE_INFINITY, 0, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.encodeVelocityCommand(-1, new VelocityCommand().set(STAMP, 0, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequence");
    }

    @ParameterizedTest
    @EnumSource(PayloadFormat.class)
    void every_truncation_of_every_message_is_refused(PayloadFormat format) {
        PayloadCodec c = PayloadCodec.of(format);
        byte[] odom = c.encodeOdometry(1, new Odometry().set(STAMP, 1, 2, 3, 4, 5));
        byte[] path = c.encodePath(1, STAMP, new PathBuffer(4).set(new double[] {0, 1}, new double[] {0, 1}, 2, 0.5));
        byte[] obstacle = c.encodeObstacle(1, new ObstacleTrack().set(STAMP, ObstacleTrack.Frame.WORLD, 1, 2, 3, 4, 0.5));
        byte[] wheels = c.encodeWheelCommand(1, new WheelCommand().set(STAMP, 1, 2));
        byte[] estop = c.encodeEStop(1, new EStopSignal().set(STAMP, true));
        MessageHeader h = new MessageHeader();
        for (int n = 0; n < odom.length; n++) {
            assertThat(c.decodeOdometry(Arrays.copyOf(odom, n), h, new Odometry())).as("odometry cut at %d", n).isNotEqualTo(Reject.NONE);
        }
        for (int n = 0; n < path.length; n++) {
            assertThat(c.decodePath(Arrays.copyOf(path, n), h, new PathBuffer(4))).as("path cut at %d", n).isNotEqualTo(Reject.NONE);
        }
        for (int n = 0; n < obstacle.length; n++) {
            assertThat(c.decodeObstacle(Arrays.copyOf(obstacle, n), h, new ObstacleTrack())).as("obstacle cut at %d", n)
                    .isNotEqualTo(Reject.NONE);
        }
        for (int n = 0; n < wheels.length; n++) {
            assertThat(c.decodeWheelCommand(Arrays.copyOf(wheels, n), h, new WheelCommand())).as("wheels cut at %d", n)
                    .isNotEqualTo(Reject.NONE);
        }
        for (int n = 0; n < estop.length; n++) {
            assertThat(c.decodeEStop(Arrays.copyOf(estop, n), h, new EStopSignal())).as("estop cut at %d", n).isNotEqualTo(Reject.NONE);
        }
    }

    @ParameterizedTest
    @EnumSource(PayloadFormat.class)
    void decoders_refuse_the_payload_of_another_kind(PayloadFormat format) {
        PayloadCodec c = PayloadCodec.of(format);
        byte[] wheels = c.encodeWheelCommand(1, new WheelCommand().set(STAMP, 1, 2));
        assertThat(c.decodeOdometry(wheels, new MessageHeader(), new Odometry())).isEqualTo(Reject.MALFORMED);
        assertThat(c.decodeVelocityCommand(wheels, new MessageHeader(), new VelocityCommand())).isEqualTo(Reject.MALFORMED);
    }

    @ParameterizedTest
    @EnumSource(PayloadFormat.class)
    void non_positive_stamp_and_bad_domain_values_are_invalid(PayloadFormat format) {
        PayloadCodec c = PayloadCodec.of(format);
        MessageHeader h = new MessageHeader();
        // Encoders refuse stamp 0, so build the bad message from a good one of the other codec's making.
        ObstacleTrack negativeRadius = new ObstacleTrack().set(STAMP, ObstacleTrack.Frame.WORLD, 1, 1, 0, 0, -0.1);
        assertThat(c.decodeObstacle(c.encodeObstacle(1, negativeRadius), h, new ObstacleTrack())).isEqualTo(Reject.INVALID);
        PathBuffer zeroLength = new PathBuffer(4).set(new double[] {1, 1, 1}, new double[] {2, 2, 2}, 3, 0.5);
        assertThat(c.decodePath(c.encodePath(1, STAMP, zeroLength), h, new PathBuffer(4))).isEqualTo(Reject.INVALID);
        PathBuffer onePoint = new PathBuffer(4).set(new double[] {1}, new double[] {2}, 1, 0.5);
        assertThat(c.decodePath(c.encodePath(1, STAMP, onePoint), h, new PathBuffer(4))).isEqualTo(Reject.INVALID);
        PathBuffer backwards = new PathBuffer(4).set(new double[] {0, 1}, new double[] {0, 0}, 2, -0.5);
        assertThat(c.decodePath(c.encodePath(1, STAMP, backwards), h, new PathBuffer(4))).isEqualTo(Reject.INVALID);
        PathBuffer five = new PathBuffer(5).set(new double[] {0, 1, 2, 3, 4}, new double[] {0, 0, 0, 0, 0}, 5, 0.5);
        assertThat(c.decodePath(c.encodePath(1, STAMP, five), h, new PathBuffer(4))).as("longer than the receiver's capacity")
                .isEqualTo(Reject.INVALID);
    }

    @ParameterizedTest
    @EnumSource(PayloadFormat.class)
    void random_bytes_never_decode_and_never_throw(PayloadFormat format) {
        PayloadCodec c = PayloadCodec.of(format);
        Random rng = new Random(4);
        MessageHeader h = new MessageHeader();
        for (int i = 0; i < 5000; i++) {
            byte[] junk = new byte[rng.nextInt(200)];
            rng.nextBytes(junk);
            assertThat(c.decodeOdometry(junk, h, new Odometry())).isNotEqualTo(Reject.NONE);
            assertThat(c.decodeObstacle(junk, h, new ObstacleTrack())).isNotEqualTo(Reject.NONE);
            assertThat(c.decodePath(junk, h, new PathBuffer(16))).isNotEqualTo(Reject.NONE);
            assertThat(c.decodeEStop(junk, h, new EStopSignal())).isNotEqualTo(Reject.NONE);
            assertThat(c.decodeWheelCommand(junk, h, new WheelCommand())).isNotEqualTo(Reject.NONE);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
