package io.policyrt.drivers.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.policyrt.drivers.ros1.convert.OdometryFromRos;
import org.junit.jupiter.api.Test;

class QuaternionsTest {
    @Test
    void a_nearly_unit_quaternion_is_normalized_before_the_yaw_is_taken() {
        // Yaw 1 rad, the quaternion 5 % long: normalized, the yaw is exact.
        double s = 1.05;
        assertThat(Quaternions.checkedYawRad(0, 0, s * Math.sin(0.5), s * Math.cos(0.5))).isCloseTo(1.0, within(1e-12));
        // With roll and pitch zero, 0.95 long and yaw -2 rad.
        assertThat(Quaternions.checkedYawRad(0, 0, 0.95 * Math.sin(-1), 0.95 * Math.cos(-1))).isCloseTo(-2.0, within(1e-12));
    }

    @Test
    void a_quaternion_far_from_unit_length_or_zero_is_refused() {
        assertThatThrownBy(() -> Quaternions.checkedYawRad(0, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Quaternions.checkedYawRad(0, 0, 0, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Quaternions.checkedYawRad(0, 0, 2, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Quaternions.checkedYawRad(Double.NaN, 0, 0, 1)).as("left to the NON_FINITE rule").isNaN();
    }

    @Test
    void ros1_odometry_with_a_zero_quaternion_is_refused() {
        var msg = new io.policyrt.ros1.msg.nav_msgs.Odometry();
        msg.pose.pose.orientation.w = 0;
        assertThatThrownBy(() -> OdometryFromRos.convert(msg, new io.policyrt.controller.domain.Odometry()))
                .isInstanceOf(IllegalArgumentException.class);
        msg.pose.pose.orientation.w = 1;
        assertThat(OdometryFromRos.convert(msg, new io.policyrt.controller.domain.Odometry()).yawRad()).isZero();
    }
}
