package io.policyrt.drivers.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import org.junit.jupiter.api.Test;

/** The default physical bounds of each inbound domain value; every bound is inclusive. */
class InputBoundsTest {
    final InputBounds b = InputBounds.DEFAULTS;

    @Test
    void odometry_position_speed_and_yaw_rate_are_bounded() {
        assertThat(b.admits(new Odometry().set(1, 10_000, -10_000, 3, 20, -20))).isTrue();
        assertThat(b.admits(new Odometry().set(1, 0, 10_000.5, 0, 0, 0))).isFalse();
        assertThat(b.admits(new Odometry().set(1, 0, 0, 0, -20.01, 0))).isFalse();
        assertThat(b.admits(new Odometry().set(1, 0, 0, 0, 0, 20.01))).isFalse();
        // yaw is an angle, wrapped by the controller, and has no bound of its own
        assertThat(b.admits(new Odometry().set(1, 0, 0, 1e6, 0, 0))).isTrue();
    }

    @Test
    void obstacle_position_speed_and_radius_are_bounded() {
        ObstacleTrack o = new ObstacleTrack();
        assertThat(b.admits(o.set(1, ObstacleTrack.Frame.WORLD, -10_000, 10_000, 20, -20, 10))).isTrue();
        assertThat(b.admits(o.set(1, ObstacleTrack.Frame.WORLD, 0, 0, 0, 0, 0))).isTrue();
        assertThat(b.admits(o.set(1, ObstacleTrack.Frame.WORLD, 0, 0, 0, 0, 10.01))).isFalse();
        assertThat(b.admits(o.set(1, ObstacleTrack.Frame.WORLD, 0, 0, 0, 0, -0.1))).isFalse();
        assertThat(b.admits(o.set(1, ObstacleTrack.Frame.WORLD, 0, 0, 0, 21, 1))).isFalse();
        assertThat(b.admits(o.set(1, ObstacleTrack.Frame.ROBOT, 1e5, 0, 0, 0, 1))).isFalse();
        assertThat(b.admits(o.setNone(1))).isTrue();
    }

    @Test
    void commands_speed_and_rates_are_bounded() {
        assertThat(b.admits(new VelocityCommand().set(1, -20, 200))).isTrue();
        assertThat(b.admits(new VelocityCommand().set(1, 20.5, 0))).isFalse();
        assertThat(b.admits(new VelocityCommand().set(1, 0, -201))).isFalse();
        assertThat(b.admits(new WheelCommand().set(1, 200, -200))).isTrue();
        assertThat(b.admits(new WheelCommand().set(1, 0, 200.1))).isFalse();
    }

    @Test
    void a_value_of_another_type_has_no_bounds() {
        assertThat(b.admits("not a domain value")).isTrue();
    }

    @Test
    void every_bound_must_be_finite_and_positive() {
        assertThatThrownBy(() -> new InputBounds(0, 20, 20, 10, 200)).hasMessageContaining("maxPositionM");
        assertThatThrownBy(() -> new InputBounds(1, Double.POSITIVE_INFINITY, 20, 10, 200)).hasMessageContaining("maxSpeedMps");
        assertThatThrownBy(() -> new InputBounds(1, 1, 1, Double.NaN, 1)).hasMessageContaining("maxObstacleRadiusM");
    }
}
