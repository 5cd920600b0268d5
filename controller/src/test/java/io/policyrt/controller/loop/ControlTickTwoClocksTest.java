package io.policyrt.controller.loop;

import static io.policyrt.controller.testing.ControlTickFixture.ms;
import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.safety.StopReason;
import io.policyrt.controller.testing.ControlTickFixture;
import io.policyrt.controller.testing.SentCommand;
import io.policyrt.controller.testing.TestSpecs;
import org.junit.jupiter.api.Test;

/**
 * Input age on two clocks: the stamp on the controller's clock, and the arrival in the slot on
 * the monotonic arrival clock (here the fixture's manual clock), checked at the input gate and
 * again at the output gate, right before the command leaves.
 *
 * <p>Fixture: 20 ms period, odometry stale after 100 ms, stamps up to 50 ms ahead tolerated.
 */
class ControlTickTwoClocksTest {
    private static final float HALF_METRE_PER_S = TestSpecs.normalized(0.5, TestSpecs.V_LOW_MPS, TestSpecs.V_HIGH_MPS);

    private final ControlTickFixture f = ControlTickFixture.create();

    ControlTickTwoClocksTest() {
        f.policy.returning(HALF_METRE_PER_S, 0f);
    }

    private void driving() {
        f.publishRobotOnStraightPath();
        f.tick();
        SentCommand moving = f.tickWithFreshOdometry(1, 0, 0);
        assertThat(moving.reason()).isEqualTo(StopReason.NONE);
        assertThat(moving.vMps()).isPositive();
    }

    @Test
    void a_future_stamp_does_not_stretch_the_odometry_timeout_the_arrival_age_stops_the_robot() {
        driving();
        // The last odometry arrives now, stamped 50 ms ahead (within the tolerance). By its stamp
        // it would stay usable until 150 ms after arrival; by arrival it is stale after 100 ms.
        long arrival = f.now();
        f.publishOdometryStamped(arrival + ms(50), 1, 0, 0, 0, 0);
        for (int k = 1; k <= 8; k++) {
            SentCommand c = f.tickAfterMillis(20);
            long arrivalAgeMs = (f.now() - arrival) / 1_000_000;
            if (arrivalAgeMs <= 100) {
                assertThat(c.reason()).as("arrival age %d ms", arrivalAgeMs).isEqualTo(StopReason.NONE);
                assertThat(c.vMps()).isPositive();
            } else {
                // First stop at an arrival age of 120 ms, while the stamp age is only 70 ms.
                assertThat(c.reason()).as("arrival age %d ms", arrivalAgeMs).isEqualTo(StopReason.STALE_ODOMETRY);
                assertThat(c.isZero()).isTrue();
            }
        }
        assertThat(f.governor.stopTicks(StopReason.STALE_ODOMETRY)).isEqualTo(3); // ages 120, 140, 160 ms
    }

    @Test
    void an_obstacle_report_stamped_ahead_goes_stale_by_its_arrival() {
        driving();
        // Obstacle timeout 500 ms. The last report arrives now, stamped 50 ms ahead: by its stamp it
        // would stay fresh until 550 ms after arrival; by arrival it is stale after 500 ms.
        long arrival = f.now();
        f.publishObstacleStamped(arrival + ms(50), io.policyrt.controller.domain.ObstacleTrack.Frame.WORLD, 10, 10, 0, 0, 0.3);
        f.advanceMillis(480);
        assertThat(f.tickWithFreshOdometry(1, 0, 0).reason()).as("arrival age 500 ms").isEqualTo(StopReason.NONE);
        SentCommand c = f.tickWithFreshOdometry(1, 0, 0); // arrival age 520 ms, stamp age 470 ms
        assertThat(c.reason()).isEqualTo(StopReason.STALE_OBSTACLE);
        assertThat(c.isZero()).isTrue();
    }

    @Test
    void odometry_that_goes_stale_while_the_policy_runs_stops_the_command_at_the_output_gate() {
        driving();
        f.advanceMillis(20);
        f.publishOdometry(1, 0, 0, 0, 0);
        // The policy takes 150 ms: the odometry was fresh at the input gate (age 0) and is 150 ms
        // old, past the 100 ms timeout, when the command would leave.
        f.policy.respondingWith((obs, act) -> {
            f.advanceMillis(150);
            act[0] = HALF_METRE_PER_S;
            act[1] = 0f;
        });
        SentCommand c = f.tick();
        assertThat(c.reason()).isEqualTo(StopReason.STALE_ODOMETRY);
        assertThat(c.isZero()).isTrue();
        assertThat(f.policy.calls()).as("the policy did run").isEqualTo(3);
    }

    @Test
    void a_policy_that_answers_within_the_timeout_still_drives() {
        driving();
        f.advanceMillis(20);
        f.publishOdometry(1, 0, 0, 0, 0);
        f.policy.respondingWith((obs, act) -> {
            f.advanceMillis(60); // odometry 60 ms old when the command leaves: usable
            act[0] = HALF_METRE_PER_S;
            act[1] = 0f;
        });
        SentCommand c = f.tick();
        assertThat(c.reason()).isEqualTo(StopReason.NONE);
        assertThat(c.vMps()).isPositive();
    }
}
