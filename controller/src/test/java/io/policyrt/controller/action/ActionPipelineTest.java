package io.policyrt.controller.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.policy.PolicySpec;
import io.policyrt.controller.testing.TestSpecs;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ActionPipelineTest {
    private static final double INF = Double.POSITIVE_INFINITY;
    private static final Offset<Double> EPS = within(1e-6);

    // Spec: v in [-0.5, 1.0] m/s, w in [-1.5, 1.5] rad/s.
    private final PolicySpec spec = TestSpecs.tracking();
    private final VelocityCommand velocity = new VelocityCommand();
    private final WheelCommand wheels = new WheelCommand();

    private static ActionPipeline unlimited(PolicySpec spec) {
        return new ActionPipeline(spec, new SpeedLimiter(-10, 10, INF, INF, INF), new SpeedLimiter(-10, 10, INF, INF, INF),
                new DiffDriveKinematics(0.05, 0.3, 1, 1, 1000));
    }

    @Test
    void normalized_actions_map_linearly_onto_the_physical_bounds() {
        ActionPipeline p = unlimited(spec);

        // v = low + (a + 1) / 2 * (high - low) = -0.5 + (a + 1) * 0.75
        p.shape(new float[] {-1f, -1f}, 0.02, 1, velocity, wheels);
        assertThat(velocity.vMps()).isCloseTo(-0.5, EPS);
        assertThat(velocity.wRadps()).isCloseTo(-1.5, EPS);
        p.shape(new float[] {0f, 0f}, 0.02, 2, velocity, wheels);
        assertThat(velocity.vMps()).isCloseTo(0.25, EPS);
        assertThat(velocity.wRadps()).isCloseTo(0.0, EPS);
        p.shape(new float[] {1f, 0.5f}, 0.02, 3, velocity, wheels);
        assertThat(velocity.vMps()).isCloseTo(1.0, EPS);
        // w = -1.5 + 1.5 * 1.5 = 0.75 rad/s
        assertThat(velocity.wRadps()).isCloseTo(0.75, EPS);
        assertThat(velocity.stampNanos()).isEqualTo(3);
        assertThat(wheels.stampNanos()).isEqualTo(3);
    }

    @Test
    void wheels_follow_the_body_command_through_the_kinematics() {
        ActionPipeline p = unlimited(spec);
        p.shape(new float[] {1f, 0.5f}, 0.02, 1, velocity, wheels);
        // v = 1.0, w = 0.75: left (1.0 - 0.75 * 0.15) / 0.05 = 17.75, right (1.0 + 0.1125) / 0.05 = 22.25 rad/s.
        assertThat(wheels.leftRadps()).isCloseTo(17.75, EPS);
        assertThat(wheels.rightRadps()).isCloseTo(22.25, EPS);
    }

    @Test
    void normalized_actions_outside_minus_one_to_one_are_clamped_to_the_bounds() {
        ActionPipeline p = unlimited(spec);

        p.shape(new float[] {3f, -7f}, 0.02, 1, velocity, wheels);
        assertThat(velocity.vMps()).isCloseTo(1.0, EPS);
        assertThat(velocity.wRadps()).isCloseTo(-1.5, EPS);
        p.shape(new float[] {-1e30f, 1e30f}, 0.02, 2, velocity, wheels);
        assertThat(velocity.vMps()).isCloseTo(-0.5, EPS);
        assertThat(velocity.wRadps()).isCloseTo(1.5, EPS);
        assertThat(p.desiredVMps()).isCloseTo(-0.5, EPS);
        assertThat(p.desiredWRadps()).isCloseTo(1.5, EPS);
    }

    @Test
    void physical_actions_pass_through_and_are_clamped_to_the_bounds() {
        ActionPipeline p = unlimited(TestSpecs.trackingPhysicalActions());

        p.shape(new float[] {0.3f, -0.2f}, 0.02, 1, velocity, wheels);
        assertThat(velocity.vMps()).isCloseTo(0.3, EPS);
        assertThat(velocity.wRadps()).isCloseTo(-0.2, EPS);
        p.shape(new float[] {5f, -9f}, 0.02, 2, velocity, wheels);
        assertThat(velocity.vMps()).isCloseTo(1.0, EPS);
        assertThat(velocity.wRadps()).isCloseTo(-1.5, EPS);
    }

    @Test
    void the_limiters_shape_the_command_per_axis() {
        // Linear: accelerate 1 m/s^2; angular: 2 rad/s^2.
        ActionPipeline p = new ActionPipeline(spec, new SpeedLimiter(-0.5, 1.0, 1.0, 2.0, INF),
                new SpeedLimiter(-1.5, 1.5, 2.0, 4.0, INF), new DiffDriveKinematics(0.05, 0.3, 1, 1, 1000));

        // Full speed and full left turn asked, from rest, 0.1 s later: v = 0.1 m/s, w = 0.2 rad/s.
        p.shape(new float[] {1f, 1f}, 0.1, 1, velocity, wheels);
        assertThat(velocity.vMps()).isCloseTo(0.1, EPS);
        assertThat(velocity.wRadps()).isCloseTo(0.2, EPS);
        // And 0.1 s later again: 0.2 m/s, 0.4 rad/s.
        p.shape(new float[] {1f, 1f}, 0.1, 2, velocity, wheels);
        assertThat(velocity.vMps()).isCloseTo(0.2, EPS);
        assertThat(velocity.wRadps()).isCloseTo(0.4, EPS);
        // What the policy asked for is kept for telemetry.
        assertThat(p.desiredVMps()).isCloseTo(1.0, EPS);
        assertThat(p.desiredWRadps()).isCloseTo(1.5, EPS);
    }

    @Test
    void the_first_command_from_rest_cannot_jump_past_the_acceleration_limit() {
        ActionPipeline p = new ActionPipeline(spec, new SpeedLimiter(-0.5, 1.0, 1.0, 2.0, INF),
                new SpeedLimiter(-1.5, 1.5, 2.0, 4.0, INF), new DiffDriveKinematics(0.05, 0.3, 1, 1, 1000));

        // No previous command, so no time has passed (dt = 0): at 1 m/s^2 the robot may not have
        // left rest yet. A jump to 1 m/s would be an infinite acceleration.
        p.shape(new float[] {1f, 1f}, 0, 1, velocity, wheels);
        assertThat(velocity.vMps()).isCloseTo(0.0, EPS);
        assertThat(velocity.wRadps()).isCloseTo(0.0, EPS);
        // 0.1 s later it ramps: 0.1 m/s, 0.2 rad/s.
        p.shape(new float[] {1f, 1f}, 0.1, 2, velocity, wheels);
        assertThat(velocity.vMps()).isCloseTo(0.1, EPS);
        assertThat(velocity.wRadps()).isCloseTo(0.2, EPS);
    }

    @Test
    void commanded_stop_makes_the_next_command_ramp_up_from_rest_again() {
        ActionPipeline p = new ActionPipeline(spec, new SpeedLimiter(-0.5, 1.0, 1.0, 2.0, INF),
                new SpeedLimiter(-1.5, 1.5, 2.0, 4.0, INF), new DiffDriveKinematics(0.05, 0.3, 1, 1, 1000));
        for (int k = 1; k <= 3; k++) {
            p.shape(new float[] {1f, 0f}, 0.1, k, velocity, wheels);
        }
        // 0.1, 0.2, 0.3 m/s: the ramp is at 0.3.
        assertThat(velocity.vMps()).isCloseTo(0.3, EPS);

        p.commandedStop();
        p.shape(new float[] {1f, 0f}, 0.1, 4, velocity, wheels);

        // From rest again: 0 + 1 * 0.1 = 0.1 m/s, not 0.4.
        assertThat(velocity.vMps()).isCloseTo(0.1, EPS);
    }

    @Test
    void the_wheel_limit_scales_speed_and_turn_rate_together() {
        // Wheels at most 20 rad/s.
        ActionPipeline p = new ActionPipeline(spec, new SpeedLimiter(-0.5, 1.0, INF, INF, INF),
                new SpeedLimiter(-1.5, 1.5, INF, INF, INF), new DiffDriveKinematics(0.05, 0.3, 1, 1, 20));

        p.shape(new float[] {1f, 1f}, 0.02, 1, velocity, wheels);

        // Asked v = 1.0, w = 1.5: right wheel (1.0 + 0.225) / 0.05 = 24.5 rad/s, scale 20 / 24.5.
        double k = 20 / 24.5;
        assertThat(velocity.vMps()).isCloseTo(1.0 * k, EPS);
        assertThat(velocity.wRadps()).isCloseTo(1.5 * k, EPS);
        assertThat(wheels.rightRadps()).isCloseTo(20.0, EPS);
        assertThat(velocity.vMps() / velocity.wRadps()).isCloseTo(1.0 / 1.5, EPS);
    }

    @Test
    void a_spec_without_exactly_two_actions_is_refused() {
        Map<String, String> md = TestSpecs.trackingMetadata();
        md.put("policyrt.action.names", "v_mps,w_radps,lift");
        md.put("policyrt.action.low", "-1,-1,0");
        md.put("policyrt.action.high", "1,1,1");
        PolicySpec three = TestSpecs.decode(md);

        assertThatThrownBy(() -> unlimited(three)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 actions").hasMessageContaining("lift");
    }
}
