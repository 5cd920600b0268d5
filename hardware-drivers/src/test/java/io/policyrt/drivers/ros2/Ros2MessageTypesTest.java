package io.policyrt.drivers.ros2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.drivers.inbound.Reject;
import io.policyrt.drivers.ros2.msg.LaserScanMessage;
import io.policyrt.drivers.ros2.msg.LaserScanType;
import io.policyrt.drivers.ros2.msg.ObstacleTrackType;
import io.policyrt.drivers.ros2.msg.OdometryType;
import io.policyrt.drivers.ros2.msg.PathMessage;
import io.policyrt.drivers.ros2.msg.PathType;
import io.policyrt.drivers.ros2.msg.Ros2MessageException;
import io.policyrt.drivers.ros2.msg.TwistStampedType;
import io.policyrt.drivers.ros2.msg.TwistType;
import io.policyrt.drivers.ros2.msg.WheelCommandType;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import us.ihmc.pubsub.common.SerializedPayload;

/** The CDR layouts round trip, refuse what is not a valid value by field name, and decode without allocating. */
class Ros2MessageTypesTest {
    private static SerializedPayload payload(int size) {
        return new SerializedPayload(size + 3);
    }

    @Test
    void twist_is_48_bytes_of_float64_after_the_cdr_le_header_as_rmw_writes_it() {
        TwistType t = new TwistType();
        SerializedPayload p = payload(t.getTypeSize());
        t.serialize(new VelocityCommand().set(1, 0.25, -0.5), p);
        assertThat(p.getLength()).isEqualTo(4 + 48);
        assertThat(p.getData().get(1)).isEqualTo((byte) 1); // CDR_LE
        assertThat(p.getData().order(ByteOrder.LITTLE_ENDIAN).getDouble(4)).isEqualTo(0.25);
        assertThat(p.getData().getDouble(4 + 40)).isEqualTo(-0.5);
        VelocityCommand back = new VelocityCommand();
        t.deserialize(p, back);
        assertThat(back.vMps()).isEqualTo(0.25);
        assertThat(back.wRadps()).isEqualTo(-0.5);
    }

    @Test
    void twist_stamped_carries_the_command_stamp_and_base_frame_then_the_twist() {
        TwistStampedType t = new TwistStampedType("base_footprint");
        SerializedPayload p = payload(t.getTypeSize());
        t.serialize(new VelocityCommand().set(1_700_000_000_250_000_000L, 0.25, -0.5), p);
        java.nio.ByteBuffer b = p.getData().order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(4)).isEqualTo(1_700_000_000);
        assertThat(b.getInt(8)).isEqualTo(250_000_000);
        assertThat(b.getInt(12)).as("frame id length, NUL included").isEqualTo("base_footprint".length() + 1);
        // the string ends at 16 + 15 = 31; the doubles start 8-aligned after the 4-byte CDR header, at 36
        assertThat(b.getDouble(36)).isEqualTo(0.25);
        assertThat(b.getDouble(36 + 40)).isEqualTo(-0.5);
        assertThat(p.getLength()).isEqualTo(36 + 48);
        VelocityCommand back = new VelocityCommand();
        t.deserialize(p, back);
        assertThat(back.stampNanos()).isEqualTo(1_700_000_000_250_000_000L);
        assertThat(back.vMps()).isEqualTo(0.25);
        assertThat(back.wRadps()).isEqualTo(-0.5);
    }

    @Test
    void odometry_path_obstacle_wheels_and_scan_round_trip() {
        OdometryType ot = new OdometryType("odom", "base_link");
        SerializedPayload p = payload(ot.getTypeSize());
        ot.serialize(new Odometry().set(1_700_000_000_123_456_789L, 1.5, -2, 0.7, 0.4, -0.1), p);
        Odometry o = new Odometry();
        ot.deserialize(p, o);
        assertThat(o.stampNanos()).isEqualTo(1_700_000_000_123_456_789L);
        assertThat(o.xM()).isEqualTo(1.5);
        assertThat(o.yawRad()).isCloseTo(0.7, Offset.offset(1e-12));
        assertThat(o.wRadps()).isEqualTo(-0.1);

        PathType pt = new PathType(500, "map");
        double[] xs = new double[400];
        double[] ys = new double[400];
        for (int i = 0; i < 400; i++) {
            xs[i] = 0.05 * i;
            ys[i] = Math.sin(i * 0.01);
        }
        p = payload(pt.getTypeSize());
        pt.serialize(new PathMessage(500).set(5, xs, ys, 400), p);
        PathMessage path = new PathMessage(500);
        pt.deserialize(p, path);
        assertThat(path.count()).isEqualTo(400);
        assertThat(path.yM()[399]).isEqualTo(ys[399]);

        ObstacleTrackType obt = new ObstacleTrackType("base_link", "odom");
        p = payload(obt.getTypeSize());
        obt.serialize(new ObstacleTrack().set(9, ObstacleTrack.Frame.ROBOT, 2, 0.5, -0.3, 0.1, 0.25), p);
        ObstacleTrack track = new ObstacleTrack();
        obt.deserialize(p, track);
        assertThat(track.frame()).isEqualTo(ObstacleTrack.Frame.ROBOT);
        assertThat(track.radiusM()).isEqualTo(0.25);

        WheelCommandType wt = new WheelCommandType();
        p = payload(wt.getTypeSize());
        wt.serialize(new WheelCommand().set(1, 3.5, -1.25), p);
        WheelCommand w = new WheelCommand();
        wt.deserialize(p, w);
        assertThat(w.leftRadps()).isEqualTo(3.5);
        assertThat(w.rightRadps()).isEqualTo(-1.25);

        LaserScanType st = new LaserScanType(1080, "laser");
        float[] ranges = new float[1080];
        java.util.Arrays.fill(ranges, 7.5f);
        p = payload(st.getTypeSize());
        st.serialize(new LaserScanMessage(1080).set(3, (float) -Math.PI, (float) (2 * Math.PI / 1080), 0.05f, 30f, ranges, 1080), p);
        LaserScanMessage scan = new LaserScanMessage(1080);
        st.deserialize(p, scan);
        assertThat(scan.count()).isEqualTo(1080);
        assertThat(scan.rangesM()[1079]).isEqualTo(7.5f);
    }

    @Test
    void bad_samples_are_refused_naming_the_field_and_the_bound() {
        LaserScanType big = new LaserScanType(2000, "laser");
        SerializedPayload p = payload(big.getTypeSize());
        big.serialize(new LaserScanMessage(2000).set(3, 0, 0.001f, 0, 30, new float[2000], 2000), p);
        LaserScanType small = new LaserScanType(1080, "laser");
        assertThatThrownBy(() -> small.deserialize(p, new LaserScanMessage(1080))).isInstanceOf(Ros2MessageException.class)
                .hasMessageContaining("sensor_msgs/LaserScan.ranges").hasMessageContaining("2000 elements")
                .hasMessageContaining("bound of 1080").hasMessageContaining("ros2.scan_max_rays")
                .satisfies(e -> assertThat(((Ros2MessageException) e).reason()).isEqualTo(Reject.OVERSIZED));

        OdometryType ot = new OdometryType("odom", "base_link");
        SerializedPayload q = payload(ot.getTypeSize());
        ot.serialize(new Odometry().set(5, 1, 1, 0, Double.NaN, 0), q);
        assertThatThrownBy(() -> ot.deserialize(q, new Odometry())).hasMessageContaining("twist.twist.linear.x: is NaN")
                .satisfies(e -> assertThat(((Ros2MessageException) e).reason()).isEqualTo(Reject.NON_FINITE));
        q.setLength(60); // truncated
        assertThatThrownBy(() -> ot.deserialize(q, new Odometry())).hasMessageContaining("truncated")
                .satisfies(e -> assertThat(((Ros2MessageException) e).reason()).isEqualTo(Reject.MALFORMED));
        q.getData().put(1, (byte) 7); // XCDR2
        assertThatThrownBy(() -> ot.deserialize(q, new Odometry())).hasMessageContaining("not plain CDR");

        WheelCommandType wt = new WheelCommandType();
        SerializedPayload r = payload(wt.getTypeSize());
        wt.serialize(new WheelCommand().set(1, 1, 2), r);
        r.getData().order(ByteOrder.LITTLE_ENDIAN).putInt(12, 3); // data length 3
        assertThatThrownBy(() -> wt.deserialize(r, new WheelCommand())).hasMessageContaining("std_msgs/Float64MultiArray.data")
                .hasMessageContaining("expected 2");
    }

    @Test
    void decoding_allocates_nothing() {
        OdometryType ot = new OdometryType("odom", "base_link");
        SerializedPayload po = payload(ot.getTypeSize());
        ot.serialize(new Odometry().set(5, 1, 1, 0.3, 0.5, 0), po);
        LaserScanType st = new LaserScanType(1080, "laser");
        SerializedPayload ps = payload(st.getTypeSize());
        st.serialize(new LaserScanMessage(1080).set(3, -3f, 0.005f, 0.05f, 30f, new float[1080], 1080), ps);
        PathType pt = new PathType(400, "map");
        SerializedPayload pp = payload(pt.getTypeSize());
        pt.serialize(new PathMessage(400).set(5, new double[400], new double[400], 400), pp);
        Odometry o = new Odometry();
        LaserScanMessage scan = new LaserScanMessage(1080);
        PathMessage path = new PathMessage(400);
        for (int i = 0; i < 200_000; i++) { // warm-up until the JIT has compiled the large odometry decode
            ot.deserialize(po, o);
        }
        for (int i = 0; i < 20_000; i++) {
            st.deserialize(ps, scan);
            pt.deserialize(pp, path);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            ot.deserialize(po, o);
            st.deserialize(ps, scan);
            pt.deserialize(pp, path);
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        // 30,000 decodes allocating one small object each would be about 500 kB.
        assertThat(allocated).isLessThan(1_000);
    }
}
