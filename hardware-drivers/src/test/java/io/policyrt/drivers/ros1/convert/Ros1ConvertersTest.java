package io.policyrt.drivers.ros1.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.policyrt.controller.domain.EStopSignal;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.PathReference;
import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.ros1.msg.geometry_msgs.PoseStamped;
import io.policyrt.ros1.msg.geometry_msgs.Quaternion;
import io.policyrt.ros1.msg.geometry_msgs.Twist;
import io.policyrt.ros1.msg.geometry_msgs.TwistStamped;
import io.policyrt.ros1.msg.nav_msgs.Path;
import io.policyrt.ros1.msg.sensor_msgs.JointState;
import io.policyrt.ros1.msg.sensor_msgs.LaserScan;
import io.policyrt.ros1.msg.std_msgs.Bool;
import io.policyrt.ros1.msg.std_msgs.Float64MultiArray;
import io.policyrt.drivers.scan.NearestObstacleExtractor;
import io.policyrt.drivers.scan.ScanObstacleSettings;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The conversions between ROS 1 messages and the controller's domain types. */
class Ros1ConvertersTest {
    static final long T0 = 1_764_230_400_250_000_000L;

    static io.policyrt.ros1.msg.nav_msgs.Odometry rosOdometry(double x, double y, double yawRad, double v, double w) {
        var m = new io.policyrt.ros1.msg.nav_msgs.Odometry();
        m.header.stamp.setNanos(T0);
        m.pose.pose.position.x = x;
        m.pose.pose.position.y = y;
        m.pose.pose.orientation.z = Math.sin(yawRad / 2);
        m.pose.pose.orientation.w = Math.cos(yawRad / 2);
        m.twist.twist.linear.x = v;
        m.twist.twist.angular.z = w;
        return m;
    }

    @Test
    void odometry_takes_planar_pose_yaw_from_the_quaternion_body_velocities_and_the_header_stamp() {
        Odometry out = OdometryFromRos.convert(rosOdometry(1.5, -2, 2.5, 0.4, -0.2), new Odometry());
        assertThat(out.stampNanos()).isEqualTo(T0);
        assertThat(out.xM()).isEqualTo(1.5);
        assertThat(out.yM()).isEqualTo(-2);
        assertThat(out.yawRad()).isCloseTo(2.5, within(1e-12));
        assertThat(out.vMps()).isEqualTo(0.4);
        assertThat(out.wRadps()).isEqualTo(-0.2);
    }

    @Test
    void yaw_ignores_roll_pitch_free_scaling_and_wraps_to_pi() {
        Quaternion q = new Quaternion();
        // Yaw -3 rad, the quaternion scaled by 2: atan2's arguments both scale by 4.
        q.z = 2 * Math.sin(-1.5);
        q.w = 2 * Math.cos(-1.5);
        assertThat(OdometryFromRos.yawRad(q)).isCloseTo(-3, within(1e-12));
        // A half turn about z written with w < 0 is the same rotation.
        q.z = -1;
        q.w = -0.0;
        assertThat(Math.abs(OdometryFromRos.yawRad(q))).isCloseTo(Math.PI, within(1e-12));
    }

    @Test
    void non_finite_odometry_passes_through_for_the_safety_governor_to_stop_on() {
        Odometry out = OdometryFromRos.convert(rosOdometry(Double.NaN, 0, 0, Double.POSITIVE_INFINITY, 0), new Odometry());
        assertThat(out.xM()).isNaN();
        assertThat(out.vMps()).isInfinite();
        assertThat(out.isFinite()).isFalse();
        var nanQuaternion = rosOdometry(0, 0, 0, 0, 0);
        nanQuaternion.pose.pose.orientation.w = Double.NaN;
        assertThat(OdometryFromRos.convert(nanQuaternion, new Odometry()).yawRad()).isNaN();
    }

    @Test
    void a_path_keeps_its_points_and_takes_the_configured_target_speed() {
        Path p = new Path();
        p.header.stamp.setNanos(T0);
        p.poses = new PoseStamped[] {new PoseStamped(), new PoseStamped(), new PoseStamped()};
        p.poses[1].pose.position.x = 3;
        p.poses[2].pose.position.x = 3;
        p.poses[2].pose.position.y = 4;
        PathReference out = new PathFromRos(8, 0.5).convert(p, new PathReference(8));
        assertThat(out.count()).isEqualTo(3);
        assertThat(out.stampNanos()).isEqualTo(T0);
        assertThat(out.targetSpeedMps()).isEqualTo(0.5);
        assertThat(out.xM(2)).isEqualTo(3);
        assertThat(out.yM(2)).isEqualTo(4);
        assertThat(out.lengthM()).isEqualTo(7); // 3 m along x, then 4 m along y
    }

    @Test
    void a_path_the_controller_cannot_follow_is_refused_and_the_old_one_kept() {
        PathFromRos converter = new PathFromRos(4, 0.5);
        PathReference ref = new PathReference(4);
        Path ok = new Path();
        ok.poses = new PoseStamped[] {new PoseStamped(), new PoseStamped()};
        ok.poses[1].pose.position.x = 1;
        converter.convert(ok, ref);

        Path tooLong = new Path();
        tooLong.poses = new PoseStamped[5];
        Arrays.setAll(tooLong.poses, i -> new PoseStamped());
        assertThatThrownBy(() -> converter.convert(tooLong, ref)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity is 4");
        Path nan = new Path();
        nan.poses = new PoseStamped[] {new PoseStamped(), new PoseStamped()};
        nan.poses[1].pose.position.y = Double.NaN;
        assertThatThrownBy(() -> converter.convert(nan, ref)).hasMessageContaining("not finite");
        assertThatThrownBy(() -> converter.convert(new Path(), ref)).hasMessageContaining("at least 2 points");
        assertThat(ref.count()).isEqualTo(2);
        assertThat(ref.lengthM()).isEqualTo(1);
    }

    @Test
    void an_obstacle_is_in_the_robot_frame_only_when_its_frame_is_the_base_frame() {
        var m = new io.policyrt.ros1.msg.policyrt_msgs.ObstacleTrack();
        m.header.stamp.setNanos(T0);
        m.header.frame_id = "base_link";
        m.position.x = 2;
        m.position.y = -0.5;
        m.velocity.y = 1.25;
        m.radius = 0.3;
        m.present = true;
        ObstacleFromRos converter = new ObstacleFromRos("base_link");
        ObstacleTrack out = converter.convert(m, new ObstacleTrack());
        assertThat(out.present()).isTrue();
        assertThat(out.frame()).isEqualTo(ObstacleTrack.Frame.ROBOT);
        assertThat(out.xM()).isEqualTo(2);
        assertThat(out.yM()).isEqualTo(-0.5);
        assertThat(out.vyMps()).isEqualTo(1.25);
        assertThat(out.radiusM()).isEqualTo(0.3);
        assertThat(out.stampNanos()).isEqualTo(T0);

        m.header.frame_id = "odom";
        assertThat(converter.convert(m, out).frame()).isEqualTo(ObstacleTrack.Frame.WORLD);
        m.radius = Double.NaN;
        assertThat(converter.convert(m, out).isFinite()).isFalse();
        m.present = false;
        assertThat(converter.convert(m, out).present()).isFalse();
        assertThat(out.stampNanos()).isEqualTo(T0);
    }

    @Test
    void a_bool_engages_or_releases_the_estop_stamped_on_arrival() {
        Bool b = new Bool();
        b.data = true;
        EStopSignal e = EStopFromRos.convert(b, T0, new EStopSignal());
        assertThat(e.engaged()).isTrue();
        assertThat(e.stampNanos()).isEqualTo(T0);
        b.data = false;
        assertThat(EStopFromRos.convert(b, T0 + 1, e).engaged()).isFalse();
    }

    @Test
    void a_velocity_command_becomes_linear_x_and_angular_z_with_the_commands_stamp() {
        VelocityCommand cmd = new VelocityCommand().set(T0, 0.5, -0.25);
        Twist t = new Twist();
        t.linear.y = 9; // stale values from an earlier use are cleared
        VelocityToRos.toTwist(cmd, t);
        assertThat(new double[] {t.linear.x, t.linear.y, t.linear.z, t.angular.x, t.angular.y, t.angular.z})
                .containsExactly(0.5, 0, 0, 0, 0, -0.25);
        VelocityToRos stamped = new VelocityToRos("base_link");
        TwistStamped ts = stamped.toTwistStamped(cmd, new TwistStamped());
        assertThat(ts.header.stamp.toNanos()).isEqualTo(T0);
        assertThat(ts.header.frame_id).isEqualTo("base_link");
        assertThat(ts.twist.angular.z).isEqualTo(-0.25);
        assertThat(stamped.toTwistStamped(cmd, ts).header.seq).isEqualTo(1);
        VelocityToRos.toTwist(new VelocityCommand().set(T0, Double.NaN, 0), t);
        assertThat(t.linear.x).isNaN();
    }

    @Test
    void a_wheel_command_is_left_then_right_in_rad_per_s() {
        WheelCommand cmd = new WheelCommand().set(T0, 6.25, -3.5);
        Float64MultiArray a = WheelCommandToRos.toMultiArray(cmd, new Float64MultiArray());
        assertThat(a.data).containsExactly(6.25, -3.5);
        assertThat(a.layout.dim).isEmpty();
        JointState j = new WheelCommandToRos("left_wheel_joint", "right_wheel_joint").toJointState(cmd, new JointState());
        assertThat(j.name).containsExactly("left_wheel_joint", "right_wheel_joint");
        assertThat(j.velocity).containsExactly(6.25, -3.5);
        assertThat(j.position).isEmpty();
        assertThat(j.effort).isEmpty();
        assertThat(j.header.stamp.toNanos()).isEqualTo(T0);
    }

    @Test
    void a_laser_scan_goes_through_the_shared_extractor_in_the_robot_frame() {
        LaserScan scan = new LaserScan();
        scan.header.stamp.setNanos(T0);
        scan.angle_min = -0.1f;
        scan.angle_increment = 0.1f;
        scan.range_min = 0.05f;
        scan.range_max = 10f;
        scan.ranges = new float[] {Float.NaN, 2.0f, 5.0f};
        ObstacleTrack out = new LaserScanToObstacle(new NearestObstacleExtractor(ScanObstacleSettings.defaults()))
                .convert(scan, new ObstacleTrack());
        assertThat(out.present()).isTrue();
        assertThat(out.frame()).isEqualTo(ObstacleTrack.Frame.ROBOT);
        assertThat(out.stampNanos()).isEqualTo(T0);
        // The single return at bearing 0 sits at 2 m; the centre is one minimum radius (0.05 m) behind it.
        assertThat(out.xM()).isCloseTo(2.05, within(1e-6));
        assertThat(out.yM()).isCloseTo(0, within(1e-6));
    }

    @Test
    void conversions_allocate_nothing_in_steady_state() {
        var odomMsg = rosOdometry(1, 2, 0.3, 0.4, 0.5);
        Odometry odom = new Odometry();
        Path pathMsg = new Path();
        pathMsg.poses = new PoseStamped[] {new PoseStamped(), new PoseStamped()};
        pathMsg.poses[1].pose.position.x = 1;
        PathFromRos pathFromRos = new PathFromRos(4, 0.5);
        PathReference path = new PathReference(4);
        var obstacleMsg = new io.policyrt.ros1.msg.policyrt_msgs.ObstacleTrack();
        obstacleMsg.present = true;
        obstacleMsg.header.frame_id = "base_link";
        ObstacleFromRos obstacleFromRos = new ObstacleFromRos("base_link");
        ObstacleTrack obstacle = new ObstacleTrack();
        VelocityToRos velocityToRos = new VelocityToRos("base_link");
        TwistStamped twist = new TwistStamped();
        WheelCommandToRos wheels = new WheelCommandToRos("l", "r");
        JointState joints = new JointState();
        Float64MultiArray array = new Float64MultiArray();
        VelocityCommand v = new VelocityCommand().set(T0, 0.1, 0.2);
        WheelCommand w = new WheelCommand().set(T0, 1, 2);
        Runnable all = () -> {
            OdometryFromRos.convert(odomMsg, odom);
            pathFromRos.convert(pathMsg, path);
            obstacleFromRos.convert(obstacleMsg, obstacle);
            velocityToRos.toTwistStamped(v, twist);
            wheels.toJointState(w, joints);
            WheelCommandToRos.toMultiArray(w, array);
        };
        for (int i = 0; i < 20_000; i++) {
            all.run();
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(id);
        for (int i = 0; i < 10_000; i++) {
            all.run();
        }
        long allocated = mx.getThreadAllocatedBytes(id) - before;
        assertThat(allocated).isLessThan(1_000);
    }
}
