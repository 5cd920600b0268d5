package io.policyrt.sim.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The reward's variants: what blocks the way, what yielding drops and what a speed change costs. */
class TrackingRewardTest {
    private static final double ROBOT_RADIUS_M = 0.3;
    private static final double OBSTACLE_RADIUS_M = 0.25;
    private static final double LANE_M = ROBOT_RADIUS_M + OBSTACLE_RADIUS_M + TrackingReward.SAFE_CLEARANCE_M;

    /** Robot at the origin heading yawRad; the obstacle at (ahead, side) in the robot frame. */
    private static boolean blocked(double aheadM, double sideM, double vyMps, double yawRad) {
        double c = Math.cos(yawRad);
        double s = Math.sin(yawRad);
        return TrackingReward.wayBlocked(0, 0, yawRad, ROBOT_RADIUS_M, c * aheadM - s * sideM, s * aheadM + c * sideM,
                0, vyMps, OBSTACLE_RADIUS_M);
    }

    @Test
    void only_a_moving_obstacle_ahead_in_the_lane_blocks_the_way() {
        assertThat(blocked(1.0, 0.0, 0.3, 0)).isTrue();
        assertThat(blocked(1.0, LANE_M - 0.01, 0.3, 0)).isTrue();
        assertThat(blocked(1.0, -(LANE_M - 0.01), -0.3, 0)).isTrue();
        assertThat(blocked(2.4, 0.3, 0.3, 2.0)).as("in the robot's frame, whatever its heading").isTrue();
        assertThat(blocked(1.0, LANE_M + 0.01, 0.3, 0)).as("clear of the lane by more than the safe clearance").isFalse();
        assertThat(blocked(1.0, 0.0, 0.0, 0)).as("a standing obstacle is driven round, not waited for").isFalse();
        assertThat(blocked(-0.5, 0.0, 0.3, 0)).as("behind").isFalse();
        assertThat(blocked(TrackingReward.YIELD_AHEAD_M + 0.01, 0.0, 0.3, 0)).as("too far ahead").isFalse();
    }

    @Test
    void yielding_drops_only_the_cost_of_being_slow() {
        double slow = TrackingReward.reward(0.02, 0.1, 0.2, -0.1, 0.4, 0.3, 0.3, false, false, true, 0.0);
        double expected = -(1.4 * 0.01 + 0.04 + 0.2 * 0.16 + 0.5 * 0.09 + 20 * 0.2 * 0.2) * 0.1;
        assertThat(slow).isCloseTo(expected, within(1e-12));
        double charged = TrackingReward.reward(0.02, 0.1, 0.2, -0.1, 0.4, 0.3, 0.3, false, false, false, 0.0);
        assertThat(slow - charged).isCloseTo(16 * 0.01 * 0.1, within(1e-12));
        assertThat(TrackingReward.reward(0.02, 0.1, 0.2, 0.1, 0.6, 0.3, 0.3, false, false, true, 0.0))
                .as("racing ahead of the obstacle costs as much as ever")
                .isEqualTo(TrackingReward.reward(0.02, 0.1, 0.2, 0.1, 0.6, 0.3, 0.3, false, false, false, 0.0));
    }

    @Test
    void a_speed_change_costs_its_weight_times_the_acceleration_either_way() {
        double steady = TrackingReward.reward(0.02, 0.1, 0.2, -0.1, 0.4, 0.3, 0.3, false, false, false, 0.0);
        double braking = TrackingReward.reward(0.02, 0.1, 0.2, -0.1, 0.4, 0.3, 0.3, false, false, false, -0.5);
        double speeding = TrackingReward.reward(0.02, 0.1, 0.2, -0.1, 0.4, 0.3, 0.3, false, false, false, 0.5);
        assertThat(steady - braking).isCloseTo(TrackingReward.SPEED_CHANGE_WEIGHT * 0.5 * 0.1, within(1e-12));
        assertThat(speeding).isEqualTo(braking);
    }

    @Test
    void a_full_stop_and_restart_costs_less_than_a_detour_or_a_collision() {
        // 0.5 m/s down to rest and back at 1 m/s^2, 20 ms ticks: one second of |a| = 1 in all
        double cost = 0;
        for (int tick = 0; tick < 50; tick++) {
            cost += TrackingReward.reward(0.02, 0, 0, 0, 0, 0, Double.POSITIVE_INFINITY, false, false, false, 1.0)
                    - TrackingReward.reward(0.02, 0, 0, 0, 0, 0, Double.POSITIVE_INFINITY, false, false, false, 0.0);
        }
        assertThat(-cost).isCloseTo(5.0 * TrackingReward.SPEED_CHANGE_WEIGHT, within(1e-9));
        assertThat(-cost).isLessThan(TrackingReward.COLLISION_PENALTY / 10);
    }

    @Test
    void variants_parse_by_their_python_names_and_say_what_they_change() {
        assertThat(TrackingReward.Variant.parse("track")).isEqualTo(TrackingReward.Variant.TRACK);
        assertThat(TrackingReward.Variant.parse("yield")).isEqualTo(TrackingReward.Variant.YIELD);
        assertThat(TrackingReward.Variant.parse("yield-steady")).isEqualTo(TrackingReward.Variant.YIELD_STEADY);
        assertThat(TrackingReward.Variant.TRACK.yields()).isFalse();
        assertThat(TrackingReward.Variant.YIELD.yields()).isTrue();
        assertThat(TrackingReward.Variant.YIELD_STEADY.yields()).isTrue();
        assertThat(TrackingReward.Variant.YIELD.chargesSpeedChange()).isFalse();
        assertThat(TrackingReward.Variant.YIELD_STEADY.chargesSpeedChange()).isTrue();
        assertThatThrownBy(() -> TrackingReward.Variant.parse("wait"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown reward variant 'wait'");
    }
}
