package io.policyrt.ros1.msg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policyrt.ros1.msg.geometry_msgs.PoseStamped;
import io.policyrt.ros1.msg.geometry_msgs.Twist;
import io.policyrt.ros1.msg.nav_msgs.Odometry;
import io.policyrt.ros1.msg.nav_msgs.Path;
import io.policyrt.ros1.msg.sensor_msgs.JointState;
import io.policyrt.ros1.msg.sensor_msgs.LaserScan;
import io.policyrt.ros1.msg.sensor_msgs.NavSatStatus;
import io.policyrt.ros1.msg.std_msgs.Float64;
import io.policyrt.ros1.msg.std_msgs.Float64MultiArray;
import io.policyrt.ros1.msg.std_msgs.Header;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The generated classes on their own: layout, round trips, bad input, and reuse without allocation. */
class Ros1MessageWireTest {
    static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    static byte[] bytesOf(RosMessage m) {
        ByteBuffer b = ByteBuffer.allocate(m.serializedSizeBytes()).order(ByteOrder.LITTLE_ENDIAN);
        m.serialize(b);
        assertThat(b.remaining()).isZero();
        return b.array();
    }

    static Odometry sampleOdometry() {
        Odometry o = new Odometry();
        o.header.seq = 7;
        o.header.stamp.set(1_764_230_400, 250_000_000);
        o.header.frame_id = "odom";
        o.child_frame_id = "base_link";
        o.pose.pose.position.x = 1.5;
        o.pose.pose.position.y = -2.25;
        o.pose.pose.orientation.w = 1;
        for (int i = 0; i < 36; i++) {
            o.pose.covariance[i] = i;
            o.twist.covariance[i] = -i;
        }
        o.twist.twist.linear.x = 0.4;
        o.twist.twist.angular.z = -0.1;
        return o;
    }

    static JointState sampleJointState() {
        JointState j = new JointState();
        j.header.frame_id = "base_link";
        j.name = new String[] {"left_wheel_joint", "right_wheel_joint"};
        j.velocity = new double[] {1, 2};
        return j;
    }

    @Test
    void a_twist_is_six_little_endian_doubles_in_field_order() {
        Twist t = new Twist();
        t.linear.x = 0.5;
        t.angular.z = -0.3;
        byte[] b = bytesOf(t);
        assertThat(b).hasSize(48);
        assertThat(le(b).getDouble(0)).isEqualTo(0.5);
        assertThat(le(b).getDouble(40)).isEqualTo(-0.3);
    }

    @Test
    void a_header_is_seq_then_sec_nsec_then_a_length_prefixed_utf8_frame_id() {
        Header h = new Header();
        h.seq = (int) 4_000_000_000L; // uint32 above Integer.MAX_VALUE: same bits, read back unsigned
        h.stamp.set(1, 2);
        h.frame_id = "é";
        byte[] b = bytesOf(h);
        // 4 seq + 8 stamp + 4 length + 2 bytes of UTF-8 for U+00E9
        assertThat(b).hasSize(18);
        ByteBuffer in = le(b);
        assertThat(Integer.toUnsignedLong(in.getInt())).isEqualTo(4_000_000_000L);
        assertThat(in.getInt()).isEqualTo(1);
        assertThat(in.getInt()).isEqualTo(2);
        assertThat(in.getInt()).isEqualTo(2);
        assertThat(new byte[] {in.get(), in.get()}).isEqualTo(new byte[] {(byte) 0xC3, (byte) 0xA9});
    }

    @Test
    void every_type_round_trips_and_reports_its_exact_size() {
        Odometry o = sampleOdometry();
        Odometry back = new Odometry();
        back.deserialize(le(bytesOf(o)));
        assertThat(bytesOf(back)).isEqualTo(bytesOf(o));
        assertThat(back.header.stamp.toNanos()).isEqualTo(1_764_230_400_250_000_000L);
        assertThat(back.child_frame_id).isEqualTo("base_link");
        assertThat(back.pose.covariance[35]).isEqualTo(35);

        String emoji = "robot \uD83E\uDD16 \u2713";
        io.policyrt.ros1.msg.std_msgs.String s = new io.policyrt.ros1.msg.std_msgs.String();
        s.data = emoji;
        io.policyrt.ros1.msg.std_msgs.String sBack = new io.policyrt.ros1.msg.std_msgs.String();
        sBack.deserialize(le(bytesOf(s)));
        assertThat(sBack.data).isEqualTo(emoji);
        assertThat(s.serializedSizeBytes()).isEqualTo(4 + emoji.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);

        // Every generated type: a fresh instance round-trips to the same bytes.
        for (RosMessageType<?> t : RosMessageCatalog.all()) {
            RosMessage m = t.newMessage();
            RosMessage again = t.newMessage();
            again.deserialize(le(bytesOf(m)));
            assertThat(bytesOf(again)).as(t.name()).isEqualTo(bytesOf(m));
            assertThat(m.rosType()).isSameAs(t);
        }
    }

    @Test
    void constants_keep_their_values() {
        assertThat(NavSatStatus.STATUS_NO_FIX).isEqualTo((byte) -1);
        assertThat(NavSatStatus.SERVICE_GALILEO).isEqualTo((short) 8);
    }

    @Test
    void non_finite_values_pass_through_unchanged() {
        Float64 f = new Float64();
        f.data = Double.NaN;
        Float64 back = new Float64();
        back.deserialize(le(bytesOf(f)));
        assertThat(back.data).isNaN();
        f.data = Double.NEGATIVE_INFINITY;
        back.deserialize(le(bytesOf(f)));
        assertThat(back.data).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void truncated_input_at_every_length_is_a_format_error() {
        byte[] full = bytesOf(sampleOdometry());
        for (int n = 0; n < full.length; n++) {
            byte[] cut = Arrays.copyOf(full, n);
            assertThatThrownBy(() -> new Odometry().deserialize(le(cut))).as("%d of %d bytes", n, full.length)
                    .isInstanceOf(RosMessageFormatException.class);
        }
        byte[] joints = bytesOf(sampleJointState());
        for (int n = 0; n < joints.length; n++) {
            byte[] cut = Arrays.copyOf(joints, n);
            assertThatThrownBy(() -> new JointState().deserialize(le(cut))).as("%d of %d bytes", n, joints.length)
                    .isInstanceOf(RosMessageFormatException.class);
        }
    }

    @Test
    void a_length_prefix_beyond_the_remaining_bytes_is_refused_before_allocating() {
        // Header with an empty frame id, then an array count of 2^31 - 1 and of 2^32 - 1 (uint32).
        for (int count : new int[] {Integer.MAX_VALUE, -1, 3}) {
            ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
            b.putInt(0).putInt(0).putInt(0).putInt(0); // seq, stamp, frame_id ""
            b.putInt(count); // name count
            b.putInt(1).put((byte) 'a'); // one short name: 3 names need at least 12 bytes
            b.flip();
            assertThatThrownBy(() -> new JointState().deserialize(b)).isInstanceOf(RosMessageFormatException.class)
                    .hasMessageContaining("'name'");
        }
        ByteBuffer huge = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(-2).putInt(0).flip();
        assertThatThrownBy(() -> new io.policyrt.ros1.msg.std_msgs.String().deserialize(huge))
                .isInstanceOf(RosMessageFormatException.class).hasMessageContaining("4294967294 bytes");
        // Path: each PoseStamped takes at least 72 bytes, so 100 of them cannot fit in 200.
        ByteBuffer path = ByteBuffer.allocate(220).order(ByteOrder.LITTLE_ENDIAN);
        path.putInt(0).putInt(0).putInt(0).putInt(0).putInt(100).position(220).flip();
        assertThatThrownBy(() -> new Path().deserialize(path)).isInstanceOf(RosMessageFormatException.class)
                .hasMessageContaining("'poses'");
        assertThat(PoseStamped.MIN_SERIALIZED_BYTES).isEqualTo(72);
    }

    @Test
    void invalid_utf8_is_a_format_error() {
        ByteBuffer b = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN).putInt(2).put((byte) 0xC3).put((byte) 0x28).flip();
        assertThatThrownBy(() -> new io.policyrt.ros1.msg.std_msgs.String().deserialize(b))
                .isInstanceOf(RosMessageFormatException.class).hasMessageContaining("UTF-8");
    }

    @Test
    void a_big_endian_buffer_is_refused() {
        ByteBuffer big = ByteBuffer.allocate(48);
        assertThatThrownBy(() -> new Twist().serialize(big)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("little-endian");
        assertThatThrownBy(() -> new Twist().deserialize(big)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deserializing_reuses_nested_objects_arrays_and_unchanged_strings() {
        Path p = new Path();
        p.poses = new PoseStamped[] {new PoseStamped(), new PoseStamped(), new PoseStamped()};
        p.header.frame_id = "map";
        p.poses[2].pose.position.x = 2;
        byte[] three = bytesOf(p);
        Path into = new Path();
        into.deserialize(le(three));
        PoseStamped[] array = into.poses;
        PoseStamped first = into.poses[0];
        String frame = into.header.frame_id;
        into.deserialize(le(three));
        assertThat(into.poses).isSameAs(array);
        assertThat(into.poses[0]).isSameAs(first);
        assertThat(into.header.frame_id).isSameAs(frame);
        assertThat(into.poses[2].pose.position.x).isEqualTo(2);

        // A different count: a new array, but the poses that fit are kept.
        p.poses = Arrays.copyOf(p.poses, 2);
        into.deserialize(le(bytesOf(p)));
        assertThat(into.poses).hasSize(2).isNotSameAs(array);
        assertThat(into.poses[0]).isSameAs(first);

        Float64MultiArray a = new Float64MultiArray();
        a.data = new double[] {1, 2};
        Float64MultiArray aInto = new Float64MultiArray();
        aInto.deserialize(le(bytesOf(a)));
        double[] data = aInto.data;
        a.data[1] = 3;
        aInto.deserialize(le(bytesOf(a)));
        assertThat(aInto.data).isSameAs(data).containsExactly(1, 3);
    }

    @Test
    void steady_state_encode_and_decode_allocate_nothing() {
        Odometry odom = sampleOdometry();
        JointState joints = sampleJointState();
        LaserScan scan = new LaserScan();
        scan.header.frame_id = "laser";
        scan.ranges = new float[360];
        Path path = new Path();
        path.poses = new PoseStamped[] {new PoseStamped(), new PoseStamped()};
        RosMessage[] messages = {odom, joints, scan, path};
        RosMessage[] targets = {new Odometry(), new JointState(), new LaserScan(), new Path()};
        ByteBuffer buffer = ByteBuffer.allocateDirect(4096).order(ByteOrder.LITTLE_ENDIAN);

        for (int i = 0; i < 20_000; i++) { // warm-up: the JIT settles, targets reach their sizes
            cycle(messages, targets, buffer);
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(id);
        for (int i = 0; i < 10_000; i++) {
            cycle(messages, targets, buffer);
        }
        long allocated = mx.getThreadAllocatedBytes(id) - before;
        // 10,000 cycles of 4 messages allocating even one 16-byte object each would be 640 kB.
        assertThat(allocated).isLessThan(1_000);
        assertThat(((JointState) targets[1]).name).containsExactly("left_wheel_joint", "right_wheel_joint");
    }

    private static void cycle(RosMessage[] messages, RosMessage[] targets, ByteBuffer buffer) {
        for (int k = 0; k < messages.length; k++) {
            buffer.clear();
            messages[k].serialize(buffer);
            buffer.flip();
            targets[k].deserialize(buffer);
        }
    }

    @Test
    void ros_time_converts_nanoseconds_both_ways_and_refuses_what_uint32_cannot_hold() {
        RosTime t = new RosTime().setNanos(1_764_230_400_123_456_789L);
        assertThat(t.sec).isEqualTo(1_764_230_400);
        assertThat(t.nsec).isEqualTo(123_456_789);
        assertThat(t.toNanos()).isEqualTo(1_764_230_400_123_456_789L);
        // Seconds past 2038 need the unsigned reading of the int.
        assertThat(new RosTime().set((int) 3_000_000_000L, 0).toNanos()).isEqualTo(3_000_000_000_000_000_000L);
        assertThatThrownBy(() -> new RosTime().setNanos(-1)).isInstanceOf(IllegalArgumentException.class);
        RosDuration d = new RosDuration().setNanos(-1_500_000_000L);
        assertThat(d.sec).isEqualTo(-2);
        assertThat(d.nsec).isEqualTo(500_000_000);
        assertThat(d.toNanos()).isEqualTo(-1_500_000_000L);
    }
}
