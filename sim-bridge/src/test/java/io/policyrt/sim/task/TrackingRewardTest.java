package io.policyrt.sim.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The reward's yield variant: what blocks the way and what yielding drops. */
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
        double slow = TrackingReward.reward(0.02, 0.1, 0.2, -0.1, 0.4, 0.3, 0.3, false, false, true);
        double expected = -(1.4 * 0.01 + 0.04 + 0.2 * 0.16 + 0.5 * 0.09 + 20 * 0.2 * 0.2) * 0.1;
        assertThat(slow).isCloseTo(expected, within(1e-12));
        double charged = TrackingReward.reward(0.02, 0.1, 0.2, -0.1, 0.4, 0.3, 0.3, false, false, false);
        assertThat(slow - charged).isCloseTo(16 * 0.01 * 0.1, within(1e-12));
        assertThat(TrackingReward.reward(0.02, 0.1, 0.2, 0.1, 0.6, 0.3, 0.3, false, false, true))
                .as("racing ahead of the obstacle costs as much as ever")
                .isEqualTo(TrackingReward.reward(0.02, 0.1, 0.2, 0.1, 0.6, 0.3, 0.3, false, false, false));
    }

    @Test
    void variants_parse_by_their_python_names() {
        assertThat(TrackingReward.Variant.parse("track")).isEqualTo(TrackingReward.Variant.TRACK);
        assertThat(TrackingReward.Variant.parse("yield")).isEqualTo(TrackingReward.Variant.YIELD);
        assertThatThrownBy(() -> TrackingReward.Variant.parse("wait"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown reward variant 'wait'");
    }
}
