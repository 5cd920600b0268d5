package io.policyrt.controller.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class SpeedLimiterTest {
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final Offset<Double> EPS = within(1e-9);

    @Test
    void velocity_is_clamped_to_its_range() {
        SpeedLimiter l = new SpeedLimiter(-0.5, 1.0, INF, INF, INF);

        assertThat(l.limit(2.0, 0, 0, 0.02)).isCloseTo(1.0, EPS);
        assertThat(l.limit(-3.0, 0, 0, 0.02)).isCloseTo(-0.5, EPS);
        assertThat(l.limit(0.3, 0, 0, 0.02)).isCloseTo(0.3, EPS);
    }

    @Test
    void speeding_up_forward_is_limited_by_the_acceleration_limit() {
        SpeedLimiter l = new SpeedLimiter(-1, 1, 1.0, 4.0, INF);

        // From rest towards 1 m/s at 1 m/s^2 for 0.1 s: 0 + 1 * 0.1 = 0.1 m/s.
        assertThat(l.limit(1.0, 0, 0, 0.1)).isCloseTo(0.1, EPS);
        // Already at 0.5 m/s: 0.5 + 0.1 = 0.6 m/s.
        assertThat(l.limit(1.0, 0.5, 0.4, 0.1)).isCloseTo(0.6, EPS);
    }

    @Test
    void slowing_down_forward_is_limited_by_the_separate_deceleration_limit() {
        SpeedLimiter l = new SpeedLimiter(-1, 1, 1.0, 4.0, INF);

        // From 1 m/s towards rest at 4 m/s^2 for 0.1 s: 1 - 4 * 0.1 = 0.6 m/s (the 1 m/s^2
        // acceleration limit would have allowed only 0.9).
        assertThat(l.limit(0.0, 1.0, 1.0, 0.1)).isCloseTo(0.6, EPS);
    }

    @Test
    void going_backwards_speeding_up_uses_acceleration_and_slowing_down_uses_deceleration() {
        SpeedLimiter l = new SpeedLimiter(-1, 1, 1.0, 4.0, INF);

        // |v| grows from 0 to 0.1 at 1 m/s^2 over 0.1 s: -0.1 m/s.
        assertThat(l.limit(-1.0, 0, 0, 0.1)).isCloseTo(-0.1, EPS);
        // |v| shrinks from 0.5 at 4 m/s^2 over 0.1 s: -0.5 + 0.4 = -0.1 m/s.
        assertThat(l.limit(0.0, -0.5, -0.5, 0.1)).isCloseTo(-0.1, EPS);
    }

    @Test
    void reversing_through_zero_brakes_at_the_deceleration_limit_then_speeds_up_at_the_acceleration_limit() {
        SpeedLimiter l = new SpeedLimiter(-1, 1, 1.0, 4.0, INF);

        // From +0.1 m/s towards -1 m/s in 0.1 s: braking to rest at 4 m/s^2 takes 0.1 / 4 =
        // 0.025 s; the remaining 0.075 s speed it up backwards at 1 m/s^2 to -0.075 m/s.
        // (Braking all the way at 4 m/s^2 would give -0.3 m/s, |v| growing at 2 m/s^2.)
        assertThat(l.limit(-1.0, 0.1, 0.1, 0.1)).isCloseTo(-0.075, EPS);
        // Mirror image: from -0.1 towards +1.
        assertThat(l.limit(1.0, -0.1, -0.1, 0.1)).isCloseTo(0.075, EPS);
        // A small reversal that the limits allow is passed through: +0.05 -> -0.01 needs
        // 0.0125 s of braking and 0.01 m/s of speeding up, which takes 0.01 s: 0.0225 s < 0.1 s.
        assertThat(l.limit(-0.01, 0.05, 0.05, 0.1)).isCloseTo(-0.01, EPS);
    }

    @Test
    void repeated_steps_ramp_at_the_acceleration_limit_and_stop_at_the_target() {
        SpeedLimiter l = new SpeedLimiter(-1, 1, 1.0, 4.0, INF);
        double v0 = 0;
        double v1 = 0;
        // 1 m/s^2 for 0.1 s steps: 0.1, 0.2, ... reaches the 0.75 m/s target in the 8th step.
        for (int k = 1; k <= 10; k++) {
            double v = l.limit(0.75, v0, v1, 0.1);
            assertThat(v).as("step %d", k).isCloseTo(Math.min(0.1 * k, 0.75), EPS);
            v1 = v0;
            v0 = v;
        }
    }

    @Test
    void jerk_limit_ramps_the_acceleration_up() {
        SpeedLimiter l = new SpeedLimiter(-2, 2, 1.0, 4.0, 5.0);
        double dt = 0.1;
        // Jerk 5 m/s^3 lets the velocity step change by 5 * 0.1^2 = 0.05 m/s per step; the
        // acceleration limit caps the step at 1 * 0.1 = 0.1 m/s.
        //   step 1: previous step 0    -> 0.05 : v = 0.05  (accel 0.5 m/s^2)
        //   step 2: previous step 0.05 -> 0.10 : v = 0.15  (accel 1.0 m/s^2)
        //   step 3: previous step 0.10 -> 0.15, capped at 0.10 by acceleration: v = 0.25
        double[] expected = {0.05, 0.15, 0.25, 0.35};
        double v0 = 0;
        double v1 = 0;
        for (int k = 0; k < expected.length; k++) {
            double v = l.limit(2.0, v0, v1, dt);
            assertThat(v).as("step %d", k + 1).isCloseTo(expected[k], EPS);
            v1 = v0;
            v0 = v;
        }
    }

    @Test
    void jerk_limit_also_rounds_off_braking() {
        SpeedLimiter l = new SpeedLimiter(-2, 2, 10.0, 10.0, 5.0);
        // Cruising at 1 m/s (previous step 0), asked to stop: the step may change by only
        // 5 * 0.1^2 = 0.05 m/s, so 1 - 0.05 = 0.95 m/s rather than a hard stop.
        assertThat(l.limit(0.0, 1.0, 1.0, 0.1)).isCloseTo(0.95, EPS);
    }

    @Test
    void infinite_limits_pass_any_velocity_in_range() {
        SpeedLimiter l = new SpeedLimiter(-1, 1, INF, INF, INF);
        assertThat(l.limit(-0.9, 0.9, 0.9, 0.01)).isCloseTo(-0.9, EPS);
    }

    @Test
    void invalid_limits_are_refused() {
        assertThatThrownBy(() -> new SpeedLimiter(1, -1, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("min <= max");
        assertThatThrownBy(() -> new SpeedLimiter(Double.NaN, 1, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SpeedLimiter(-1, 1, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SpeedLimiter(-1, 1, 1, -1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SpeedLimiter(-1, 1, 1, 1, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
