package io.policyrt.drivers.mqtt;

import io.policyrt.drivers.inbound.MessageHeader;
import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.domain.EStopSignal;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.drivers.inbound.Reject;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The binary layout byte by byte, as hardware-drivers/README.md documents it, and its refusals. */
class BinaryCodecTest {
    static final long STAMP = PayloadCodecTest.STAMP;
    final BinaryCodec codec = BinaryCodec.INSTANCE;
    final MessageHeader h = new MessageHeader();

    @Test
    void odometry_layout_matches_the_documented_offsets() {
        byte[] p = codec.encodeOdometry(0x0102030405060708L, new Odometry().set(STAMP, 1.5, -2, 0.25, 0.5, -0.125));
        ByteBuffer b = ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(p.length).isEqualTo(60);
        assertThat(new byte[] {p[0], p[1]}).containsExactly('P', 'R');
        assertThat(p[2]).isEqualTo((byte) 1);
        assertThat(p[3]).isEqualTo((byte) 1);
        assertThat(p[4]).as("little-endian: least significant byte first").isEqualTo((byte) 0x08);
        assertThat(b.getLong(4)).isEqualTo(0x0102030405060708L);
        assertThat(b.getLong(12)).isEqualTo(STAMP);
        assertThat(new double[] {b.getDouble(20), b.getDouble(28), b.getDouble(36), b.getDouble(44), b.getDouble(52)})
                .containsExactly(1.5, -2, 0.25, 0.5, -0.125);
    }

    @Test
    void lengths_of_every_kind_match_the_documentation() {
        assertThat(codec.encodeObstacle(1, new ObstacleTrack().set(STAMP, ObstacleTrack.Frame.ROBOT, 1, 2, 3, 4, 5))).hasSize(62);
        assertThat(codec.encodeEStop(1, new EStopSignal().set(STAMP, true))).hasSize(21);
        assertThat(codec.encodeWheelCommand(1, new WheelCommand().set(STAMP, 1, 2))).hasSize(36);
        byte[] path = codec.encodePath(1, STAMP, new PathBuffer(3).set(new double[] {0, 1, 2}, new double[] {0, 0, 1}, 3, 0.5));
        assertThat(path).hasSize(32 + 3 * 16);
        ByteBuffer b = ByteBuffer.wrap(path).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getDouble(20)).isEqualTo(0.5);
        assertThat(b.getInt(28)).isEqualTo(3);
        assertThat(b.getDouble(32 + 16 * 2 + 8)).isEqualTo(1.0);
    }

    @Test
    void wrong_magic_kind_and_trailing_bytes_are_malformed() {
        byte[] good = codec.encodeOdometry(1, new Odometry().set(STAMP, 1, 2, 3, 4, 5));
        byte[] magic = good.clone();
        magic[0] = 'X';
        assertThat(codec.decodeOdometry(magic, h, new Odometry())).isEqualTo(Reject.MALFORMED);
        byte[] kind = good.clone();
        kind[3] = 9;
        assertThat(codec.decodeOdometry(kind, h, new Odometry())).isEqualTo(Reject.MALFORMED);
        assertThat(codec.decodeOdometry(Arrays.copyOf(good, good.length + 1), h, new Odometry())).isEqualTo(Reject.MALFORMED);
        assertThat(codec.decodeOdometry(new byte[0], h, new Odometry())).isEqualTo(Reject.MALFORMED);
    }

    @Test
    void another_version_is_refused_as_unsupported() {
        byte[] p = codec.encodeOdometry(1, new Odometry().set(STAMP, 1, 2, 3, 4, 5));
        p[2] = 2;
        assertThat(codec.decodeOdometry(p, h, new Odometry())).isEqualTo(Reject.UNSUPPORTED_VERSION);
    }

    @Test
    void nan_and_infinity_in_any_field_are_non_finite() {
        for (int offset = 20; offset < 60; offset += 8) {
            for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
                byte[] p = codec.encodeOdometry(1, new Odometry().set(STAMP, 1, 2, 3, 4, 5));
                ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).putDouble(offset, bad);
                assertThat(codec.decodeOdometry(p, h, new Odometry())).as("offset %d = %s", offset, bad).isEqualTo(Reject.NON_FINITE);
            }
        }
        byte[] w = codec.encodeWheelCommand(1, new WheelCommand().set(STAMP, 1, 2));
        ByteBuffer.wrap(w).order(ByteOrder.LITTLE_ENDIAN).putDouble(28, Double.NaN);
        assertThat(codec.decodeWheelCommand(w, h, new WheelCommand())).isEqualTo(Reject.NON_FINITE);
        byte[] path = codec.encodePath(1, STAMP, new PathBuffer(3).set(new double[] {0, 1, 2}, new double[] {0, 0, 1}, 3, 0.5));
        ByteBuffer.wrap(path).order(ByteOrder.LITTLE_ENDIAN).putDouble(32 + 16, Double.NaN);
        assertThat(codec.decodePath(path, h, new PathBuffer(3))).isEqualTo(Reject.NON_FINITE);
    }

    @Test
    void zero_or_negative_stamp_and_negative_sequence_are_invalid() {
        byte[] p = codec.encodeOdometry(1, new Odometry().set(STAMP, 1, 2, 3, 4, 5));
        ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).putLong(12, 0);
        assertThat(codec.decodeOdometry(p, h, new Odometry())).isEqualTo(Reject.INVALID);
        ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).putLong(12, -5);
        assertThat(codec.decodeOdometry(p, h, new Odometry())).isEqualTo(Reject.INVALID);
        byte[] q = codec.encodeOdometry(1, new Odometry().set(STAMP, 1, 2, 3, 4, 5));
        ByteBuffer.wrap(q).order(ByteOrder.LITTLE_ENDIAN).putLong(4, -1);
        assertThat(codec.decodeOdometry(q, h, new Odometry())).isEqualTo(Reject.INVALID);
    }

    @Test
    void flag_bytes_other_than_zero_or_one_are_malformed() {
        byte[] o = codec.encodeObstacle(1, new ObstacleTrack().set(STAMP, ObstacleTrack.Frame.ROBOT, 1, 2, 3, 4, 5));
        o[20] = 2;
        assertThat(codec.decodeObstacle(o, h, new ObstacleTrack())).isEqualTo(Reject.MALFORMED);
        byte[] f = codec.encodeObstacle(1, new ObstacleTrack().set(STAMP, ObstacleTrack.Frame.ROBOT, 1, 2, 3, 4, 5));
        f[21] = (byte) 0x80;
        assertThat(codec.decodeObstacle(f, h, new ObstacleTrack())).isEqualTo(Reject.MALFORMED);
        byte[] e = codec.encodeEStop(1, new EStopSignal().set(STAMP, true));
        e[20] = 7;
        assertThat(codec.decodeEStop(e, h, new EStopSignal())).isEqualTo(Reject.MALFORMED);
    }

    @Test
    void path_count_that_disagrees_with_the_length_is_malformed_even_when_huge() {
        byte[] p = codec.encodePath(1, STAMP, new PathBuffer(3).set(new double[] {0, 1, 2}, new double[] {0, 0, 1}, 3, 0.5));
        ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).putInt(28, 4);
        assertThat(codec.decodePath(p, h, new PathBuffer(10))).isEqualTo(Reject.MALFORMED);
        ByteBuffer.wrap(p).order(ByteOrder.LITTLE_ENDIAN).putInt(28, -1); // 4,294,967,295 points: no overflow
        assertThat(codec.decodePath(p, h, new PathBuffer(10))).isEqualTo(Reject.MALFORMED);
    }

    @Test
    void the_python_struct_example_of_the_readme_encodes_the_same_bytes() {
        // b"PR" + struct.pack("<BBQq", 1, 1, 7, 1700000000123456789) + struct.pack("<5d", 1.5, -2.0, 0.25, 0.5, -0.125)
        String python = "50520101070000000000000015cd853dfe9c9717000000000000f83f00000000000000c0000000000000d03f000000000000e03f000000000000c0bf";
        byte[] p = codec.encodeOdometry(7, new Odometry().set(1_700_000_000_123_456_789L, 1.5, -2.0, 0.25, 0.5, -0.125));
        assertThat(java.util.HexFormat.of().formatHex(p)).isEqualTo(python);
        // b"PR" + struct.pack("<BBQq?", 1, 4, 7, 1700000000123456789, True)
        byte[] e = codec.encodeEStop(7, new EStopSignal().set(1_700_000_000_123_456_789L, true));
        assertThat(java.util.HexFormat.of().formatHex(e)).isEqualTo("50520104070000000000000015cd853dfe9c971701");
    }
}
