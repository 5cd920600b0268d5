package io.policyrt.controller.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class DiffDriveKinematicsTest {
    private static final Offset<Double> EPS = within(1e-9);

    // Wheel radius 0.05 m, wheels 0.3 m apart, at most 20 rad/s per wheel.
    private final DiffDriveKinematics kinematics = new DiffDriveKinematics(0.05, 0.3, 1.0, 1.0, 20.0);

    @Test
    void driving_straight_turns_both_wheels_at_speed_over_radius() {
        // 0.5 m/s / 0.05 m = 10 rad/s on both wheels.
        assertThat(kinematics.leftRadps(0.5, 0)).isCloseTo(10.0, EPS);
        assertThat(kinematics.rightRadps(0.5, 0)).isCloseTo(10.0, EPS);
    }

    @Test
    void turning_left_in_place_runs_the_right_wheel_forward_and_the_left_backward() {
        // w = 1 rad/s: each wheel moves at w * 0.3 / 2 = 0.15 m/s, 0.15 / 0.05 = 3 rad/s.
        assertThat(kinematics.leftRadps(0, 1.0)).isCloseTo(-3.0, EPS);
        assertThat(kinematics.rightRadps(0, 1.0)).isCloseTo(3.0, EPS);
    }

    @Test
    void forward_kinematics_inverts_inverse_kinematics() {
        Random random = new Random(1);
        for (int i = 0; i < 1000; i++) {
            double v = random.nextDouble() * 2 - 1;
            double w = random.nextDouble() * 4 - 2;
            double left = kinematics.leftRadps(v, w);
            double right = kinematics.rightRadps(v, w);
            assertThat(kinematics.bodyVMps(left, right)).isCloseTo(v, EPS);
            assertThat(kinematics.bodyWRadps(left, right)).isCloseTo(w, EPS);
        }
    }

    @Test
    void radius_multipliers_make_each_wheel_turn_so_its_calibrated_rim_speed_is_right() {
        // The left wheel is effectively 2 % larger, the right 1 % smaller than nominal.
        DiffDriveKinematics calibrated = new DiffDriveKinematics(0.05, 0.3, 1.02, 0.99, 20.0);

        // Straight at 0.5 m/s: left 0.5 / (0.05 * 1.02) = 9.8039 rad/s, right 0.5 / (0.05 * 0.99) = 10.1010 rad/s.
        assertThat(calibrated.leftRadps(0.5, 0)).isCloseTo(0.5 / 0.051, EPS);
        assertThat(calibrated.rightRadps(0.5, 0)).isCloseTo(0.5 / 0.0495, EPS);
        // Forward kinematics with the same multipliers recovers the body motion.
        double left = calibrated.leftRadps(0.4, 0.7);
        double right = calibrated.rightRadps(0.4, 0.7);
        assertThat(calibrated.bodyVMps(left, right)).isCloseTo(0.4, EPS);
        assertThat(calibrated.bodyWRadps(left, right)).isCloseTo(0.7, EPS);
    }

    @Test
    void commands_within_the_wheel_limit_are_not_scaled() {
        // 0.5 m/s straight is 10 rad/s per wheel, under 20.
        assertThat(kinematics.wheelLimitScale(0.5, 0)).isEqualTo(1.0);
    }

    @Test
    void the_wheel_limit_scales_both_axes_together_and_keeps_the_turning_radius() {
        double v = 1.2;
        double w = 2.0;
        // Right wheel: (1.2 + 2.0 * 0.15) / 0.05 = 30 rad/s, left (1.2 - 0.3) / 0.05 = 18 rad/s.
        // Scale 20 / 30 = 2/3 puts the faster wheel exactly on the limit.
        double k = kinematics.wheelLimitScale(v, w);
        assertThat(k).isCloseTo(2.0 / 3.0, EPS);

        double vs = v * k;
        double ws = w * k;
        assertThat(kinematics.rightRadps(vs, ws)).isCloseTo(20.0, EPS);
        assertThat(kinematics.leftRadps(vs, ws)).isCloseTo(12.0, EPS);
        // Turning radius v / w = 0.6 m, before and after.
        assertThat(vs / ws).isCloseTo(v / w, EPS);
    }

    @Test
    void the_wheel_limit_applies_to_reverse_spins_too() {
        // Spinning right in place at 10 rad/s: wheels at +-10 * 0.15 / 0.05 = +-30 rad/s, scale 2/3.
        double k = kinematics.wheelLimitScale(0, -10);
        assertThat(k).isCloseTo(2.0 / 3.0, EPS);
        assertThat(Math.abs(kinematics.leftRadps(0, -10 * k))).isCloseTo(20.0, EPS);
    }

    @Test
    void non_positive_geometry_is_refused() {
        assertThatThrownBy(() -> new DiffDriveKinematics(0, 0.3, 1, 1, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DiffDriveKinematics(0.05, -0.3, 1, 1, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DiffDriveKinematics(0.05, 0.3, 0, 1, 20)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DiffDriveKinematics(0.05, 0.3, 1, 1, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
