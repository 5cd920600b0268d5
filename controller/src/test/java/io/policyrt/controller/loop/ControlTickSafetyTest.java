package io.policyrt.controller.loop;

import static io.policyrt.controller.testing.ControlTickFixture.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.port.CommandSink;
import io.policyrt.controller.safety.SafetyLimits;
import io.policyrt.controller.safety.StopReason;
import io.policyrt.controller.telemetry.LoopMetric;
import io.policyrt.controller.testing.ControlTickFixture;
import io.policyrt.controller.testing.SentCommand;
import io.policyrt.controller.testing.TestSpecs;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The safety cases of one control tick, judged by the command that left through the sink.
 *
 * <p>Fixture: 20 ms period, linear acceleration limit 1 m/s^2, wheel radius 0.05 m, odometry
 * stale after 100 ms, stamps up to 50 ms ahead tolerated, stop 0.15 m before the path end. The
 * policy asks for 0.5 m/s straight ahead unless a test says otherwise.
 */
class ControlTickSafetyTest {
    private static final Offset<Double> EPS = within(1e-9);
    /** Normalized action for 0.5 m/s on [-0.5, 1.0]: 2 * (0.5 + 0.5) / 1.5 - 1 = 1/3. */
    private static final float HALF_METRE_PER_S = TestSpecs.normalized(0.5, TestSpecs.V_LOW_MPS, TestSpecs.V_HIGH_MPS);
    /** Normalized action for 0 rad/s on [-1.5, 1.5]. */
    private static final float NO_TURN = 0f;

    private final ControlTickFixture f = ControlTickFixture.create();

    ControlTickSafetyTest() {
        f.policy.returning(HALF_METRE_PER_S, NO_TURN);
    }

    /** Robot at (1, 0) on a path along x, one tick at rest and one 20 ms later at 0.02 m/s. */
    private SentCommand driving() {
        f.publishRobotOnStraightPath();
        f.tick();
        SentCommand moving = f.tickWithFreshOdometry(1, 0, 0);
        assertThat(moving.reason()).isEqualTo(StopReason.NONE);
        assertThat(moving.vMps()).isPositive();
        return moving;
    }

    private static void assertStop(SentCommand c, StopReason reason) {
        assertThat(c.reason()).isEqualTo(reason);
        assertThat(c.isZero()).as("zero command for %s, got %s", reason, c).isTrue();
    }

    @Test
    void a_healthy_tick_sends_the_policy_command_ramped_by_the_limits() {
        f.publishRobotOnStraightPath();

        // First command: no time has passed since start-up, the robot stays at rest.
        SentCommand first = f.tick();
        assertThat(first.reason()).isEqualTo(StopReason.NONE);
        assertThat(first.vMps()).isCloseTo(0.0, EPS);

        // 20 ms later at 1 m/s^2: v = 0.02 m/s, each wheel 0.02 / 0.05 = 0.4 rad/s.
        SentCommand second = f.tickWithFreshOdometry(1, 0, 0);
        assertThat(second.reason()).isEqualTo(StopReason.NONE);
        assertThat(second.vMps()).isCloseTo(0.02, EPS);
        assertThat(second.wRadps()).isCloseTo(0.0, within(1e-6));
        assertThat(second.leftRadps()).isCloseTo(0.4, within(1e-6));
        assertThat(second.rightRadps()).isCloseTo(0.4, within(1e-6));
        assertThat(second.stampNanos()).isEqualTo(f.now());

        // Ramping on: 25 ticks of 20 ms reach the 0.5 m/s asked for.
        SentCommand c = second;
        for (int k = 0; k < 30; k++) {
            c = f.tickWithFreshOdometry(1, 0, 0);
        }
        assertThat(c.vMps()).isCloseTo(0.5, within(1e-6));
        assertThat(f.policy.calls()).isEqualTo(32);
        assertThat(f.tick.tickCount()).isEqualTo(32);
        assertThat(f.governor.currentReason()).isEqualTo(StopReason.NONE);
    }

    @Test
    void the_policy_sees_the_observation_of_the_robot_pose() {
        f.publishStraightPath(0, 20, 0.5);
        f.publishOdometry(1, 0.2, 0.1, 0.3, 0);

        f.tick();

        // Features in registry order: lateral_error_m, heading_error_rad, speed_error_mps, ...;
        // no shift or scale: 0.2 m left, 0.1 rad, 0.3 - 0.5 m/s.
        float[] obs = f.policy.lastObservation();
        assertThat(obs[0]).isCloseTo(0.2f, within(1e-6f));
        assertThat(obs[1]).isCloseTo(0.1f, within(1e-6f));
        assertThat(obs[2]).isCloseTo(-0.2f, within(1e-6f));
    }

    @Test
    void no_odometry_yet_commands_zero_without_asking_the_policy() {
        f.publishStraightPath(0, 20, 0.5);

        assertStop(f.tick(), StopReason.NO_ODOMETRY);
        assertThat(f.policy.calls()).isZero();
        assertThat(f.governor.stopTicks(StopReason.NO_ODOMETRY)).isEqualTo(1);
    }

    @Test
    void no_path_yet_commands_zero() {
        f.publishOdometry(1, 0, 0, 0, 0);

        assertStop(f.tick(), StopReason.NO_PATH);
        assertThat(f.policy.calls()).isZero();
    }

    @Test
    void commands_that_cannot_leave_stop_the_robot_counted_and_it_resumes_once_they_can() {
        driving();
        f.sink.deliverable(false); // the link went down, or publishing keeps failing
        for (int k = 0; k < 5; k++) {
            assertStop(f.tickWithFreshOdometry(1, 0, 0), StopReason.COMMANDS_BLOCKED);
        }
        assertThat(f.governor.stopTicks(StopReason.COMMANDS_BLOCKED)).isEqualTo(5);
        assertThat(f.governor.stopEvents(StopReason.COMMANDS_BLOCKED)).isEqualTo(1);

        // The stop commands kept going to the sink; once one leaves, the next tick runs again,
        // ramping up from rest: 0.02 m/s after 20 ms at 1 m/s^2.
        f.sink.deliverable(true);
        SentCommand resumed = f.tickWithFreshOdometry(1, 0, 0);
        assertThat(resumed.reason()).isEqualTo(StopReason.NONE);
        assertThat(resumed.vMps()).isCloseTo(0.02, EPS);
    }

    @Test
    void stale_odometry_commands_zero_within_the_timeout_and_recovers_when_fresh_odometry_returns() {
        driving();
        long lastOdometry = f.now();

        // No new odometry; the loop ticks every 20 ms. Up to an age of 100 ms the odometry is
        // usable; the first tick past it (age 120 ms) stops: within timeout + one period.
        for (int k = 1; k <= 10; k++) {
            SentCommand c = f.tickAfterMillis(20);
            long age = f.now() - lastOdometry;
            if (age <= ms(100)) {
                assertThat(c.reason()).as("age %d ms", age / 1_000_000).isEqualTo(StopReason.NONE);
                assertThat(c.vMps()).isPositive();
            } else {
                assertStop(c, StopReason.STALE_ODOMETRY);
            }
        }
        assertThat(f.governor.stopEvents(StopReason.STALE_ODOMETRY)).isEqualTo(1);
        // Ticks at ages 120, 140, 160, 180, 200 ms stopped.
        assertThat(f.governor.stopTicks(StopReason.STALE_ODOMETRY)).isEqualTo(5);

        // Fresh odometry: running again, ramping up from rest (0.02 m/s after 20 ms), not from
        // where the ramp was before the stop.
        SentCommand recovered = f.tickWithFreshOdometry(1, 0, 0);
        assertThat(recovered.reason()).isEqualTo(StopReason.NONE);
        assertThat(recovered.vMps()).isCloseTo(0.02, EPS);
    }

    @Test
    void a_nan_action_commands_zero_and_is_counted() {
        driving();
        f.policy.returningNaN();

        assertStop(f.tickWithFreshOdometry(1, 0, 0), StopReason.NON_FINITE_ACTION);
        assertStop(f.tickWithFreshOdometry(1, 0, 0), StopReason.NON_FINITE_ACTION);

        assertThat(f.governor.stopTicks(StopReason.NON_FINITE_ACTION)).isEqualTo(2);
        assertThat(f.governor.stopEvents(StopReason.NON_FINITE_ACTION)).isEqualTo(1);
        assertThat(f.governor.currentReason()).isEqualTo(StopReason.NON_FINITE_ACTION);
    }

    @Test
    void an_infinite_action_in_either_axis_commands_zero() {
        driving();

        f.policy.returning(Float.POSITIVE_INFINITY, 0f);
        assertStop(f.tickWithFreshOdometry(1, 0, 0), StopReason.NON_FINITE_ACTION);
        f.policy.returning(0f, Float.NEGATIVE_INFINITY);
        assertStop(f.tickWithFreshOdometry(1, 0, 0), StopReason.NON_FINITE_ACTION);
    }

    @Test
    void a_policy_exception_commands_zero_and_the_robot_resumes_when_it_answers_again() {
        driving();
        f.policy.throwing(new IllegalStateException("inference backend lost"));

        assertStop(f.tickWithFreshOdometry(1, 0, 0), StopReason.POLICY_FAILURE);
        assertThat(f.governor.stopTicks(StopReason.POLICY_FAILURE)).isEqualTo(1);

        f.policy.returning(HALF_METRE_PER_S, NO_TURN);
        SentCommand back = f.tickWithFreshOdometry(1, 0, 0);
        assertThat(back.reason()).isEqualTo(StopReason.NONE);
        // From rest after the stop: 0.02 m/s.
        assertThat(back.vMps()).isCloseTo(0.02, EPS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"x", "y", "yaw", "v", "w"})
    void nan_in_any_odometry_field_commands_zero_as_a_non_finite_observation(String field) {
        driving();
        double nan = Double.NaN;
        f.advanceMillis(20);
        f.publishOdometry(field.equals("x") ? nan : 1, field.equals("y") ? nan : 0, field.equals("yaw") ? nan : 0,
                field.equals("v") ? nan : 0, field.equals("w") ? nan : 0);

        assertStop(f.tick(), StopReason.NON_FINITE_OBSERVATION);
        // The policy never saw the NaN.
        assertThat(f.policy.calls()).isEqualTo(2);
    }

    @Test
    void a_speed_of_1e39_is_infinite_as_a_float_and_stops_the_robot_before_the_policy_sees_it() {
        driving();
        f.advanceMillis(20);
        // 1e39 m/s is a finite double; the observation's float conversion makes it +Inf.
        f.publishOdometry(1, 0, 0, 1e39, 0);

        assertStop(f.tick(), StopReason.NON_FINITE_OBSERVATION);
        assertThat(f.policy.calls()).isEqualTo(2);
    }

    @Test
    void after_a_burst_of_nan_odometry_the_robot_is_found_where_it_is() {
        f.publishStraightPath(0, 20, 0.5);
        f.publishOdometry(5, 0, 0, 0, 0);
        f.tick();
        for (int k = 0; k < 25; k++) {
            f.advanceMillis(20);
            f.publishOdometry(Double.NaN, Double.NaN, 0, 0, 0);
            assertStop(f.tick(), StopReason.NON_FINITE_OBSERVATION);
        }

        SentCommand c = f.tickWithFreshOdometry(5.1, 0, 0);

        // Tracked at 5.1 m along the path (14.9 m to go), not dragged back towards its start.
        assertThat(c.reason()).isEqualTo(StopReason.NONE);
        assertThat(f.geometry.tracker().progressM()).isCloseTo(5.1, within(1e-6));
        assertThat(f.geometry.tracker().remainingM()).isCloseTo(14.9, within(1e-6));
    }

    @Test
    void an_engaged_estop_stays_latched_until_its_own_source_releases_it_after_the_hold_time() {
        driving();
        long engagedAt = f.now();
        f.publishEStop(engagedAt, true, "button");

        assertStop(f.tickWithFreshOdometry(1, 0, 0), StopReason.ESTOP);
        // The source lets go within the hold time (1 s by default, 50 ticks): refused, still latched.
        f.publishEStop(f.now(), false, "button");
        assertStop(f.tickWithFreshOdometry(1, 0, 0), StopReason.ESTOP);
        // The e-stop topic says nothing more for 5 s (250 ticks) while odometry stays fresh:
        // an e-stop has no staleness, it stays latched.
        for (int k = 0; k < 250; k++) {
            assertStop(f.tickWithFreshOdometry(1, 0, 0), StopReason.ESTOP);
        }

        // Another source (a latched or periodic publisher of false) cannot release it.
        f.publishEStop(f.now(), false, "dashboard");
        assertStop(f.tickWithFreshOdometry(1, 0, 0), StopReason.ESTOP);
        assertThat(f.slots.estop().refusedReleases()).isEqualTo(2);

        // Its own source, after the hold time, does.
        f.publishEStop(f.now(), false, "button");
        SentCommand released = f.tickWithFreshOdometry(1, 0, 0);
        assertThat(released.reason()).isEqualTo(StopReason.NONE);
        assertThat(released.vMps()).isCloseTo(0.02, EPS);
        assertThat(f.governor.stopEvents(StopReason.ESTOP)).isEqualTo(1);
        assertThat(f.governor.stopTicks(StopReason.ESTOP)).isEqualTo(253);
        assertThat(StopReason.ESTOP.isFault()).isTrue();
    }

    @Test
    void every_engage_counts_whatever_its_stamp_and_an_unreadable_estop_message_engages() {
        for (long stamp : new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}) {
            driving();
            f.publishEStop(stamp, true, "button"); // no stamp, far past, far future: all engage
            assertStop(f.tickWithFreshOdometry(1, 0, 0), StopReason.ESTOP);
            f.advanceMillis(1_000);
            f.publishEStop(stamp, false, "button");
            driving(); // released: moving again
        }
        f.refuseEStop("a-malformed-publisher");
        assertStop(f.tickWithFreshOdometry(1, 0, 0), StopReason.ESTOP);
        assertThat(f.slots.estop().holders()).isEqualTo("a-malformed-publisher");
    }

    @Test
    void two_sources_each_hold_their_own_engage() {
        driving();
        f.publishEStop(f.now(), true, "pendant");
        f.publishEStop(f.now(), true, "remote");
        assertStop(f.tickWithFreshOdometry(1, 0, 0), StopReason.ESTOP);
        f.advanceMillis(1_000);
        f.publishRobotOnStraightPath();
        f.publishEStop(f.now(), false, "pendant");
        assertStop(f.tickWithFreshOdometry(1, 0, 0), StopReason.ESTOP);
        assertThat(f.slots.estop().holders()).isEqualTo("remote");
        f.publishEStop(f.now(), false, "remote");
        assertThat(f.tickWithFreshOdometry(1, 0, 0).reason()).isEqualTo(StopReason.NONE);
    }

    @Test
    void odometry_stamped_in_the_future_beyond_the_tolerance_commands_zero() {
        f.publishStraightPath(0, 20, 0.5);
        // 40 ms ahead is within the 50 ms tolerance.
        f.publishOdometryStamped(f.now() + ms(40), 1, 0, 0, 0, 0);
        assertThat(f.tick().reason()).isEqualTo(StopReason.NONE);

        // 60 ms ahead is not.
        f.advanceMillis(20);
        f.publishOdometryStamped(f.now() + ms(60), 1, 0, 0, 0, 0);
        assertStop(f.tick(), StopReason.FUTURE_STAMP);
    }

    @Test
    void an_obstacle_report_stamped_in_the_future_commands_zero() {
        f.publishRobotOnStraightPath();
        f.publishObstacleStamped(f.now() + ms(60), ObstacleTrack.Frame.ROBOT, 3, 0, 0, 0, 0.2);

        assertStop(f.tick(), StopReason.FUTURE_STAMP);
    }

    @Test
    void reaching_the_end_of_the_path_commands_zero_without_a_fault() {
        f.publishStraightPath(0, 20, 0.5);
        // 0.2 m to go: more than the 0.15 m goal tolerance.
        f.publishOdometry(19.8, 0, 0, 0, 0);
        assertThat(f.tick().reason()).isEqualTo(StopReason.NONE);

        // 0.1 m to go: done.
        SentCommand done = f.tickWithFreshOdometry(19.9, 0, 0);
        assertStop(done, StopReason.PATH_COMPLETE);
        assertThat(StopReason.PATH_COMPLETE.isFault()).isFalse();
    }

    @Test
    void a_stale_obstacle_report_commands_zero() {
        f.publishRobotOnStraightPath();
        f.publishObstacleStamped(f.now(), ObstacleTrack.Frame.ROBOT, 3, 0, 0, 0, 0.2);
        assertThat(f.tick().reason()).isEqualTo(StopReason.NONE);

        // 520 ms later (fresh odometry all along) the obstacle report is older than its 500 ms timeout.
        SentCommand c = null;
        for (int k = 0; k < 26; k++) {
            c = f.tickWithFreshOdometry(1, 0, 0);
        }
        assertStop(c, StopReason.STALE_OBSTACLE);
    }

    @Test
    void a_required_obstacle_report_that_never_came_commands_zero() {
        ControlTickFixture strict = ControlTickFixture.builder()
                .limits(new SafetyLimits(ms(100), ms(500), 0, true, ms(50), 0.15)).build();
        strict.publishRobotOnStraightPath();

        assertStop(strict.tick(), StopReason.NO_OBSTACLE);

        strict.publishNoObstacle(); // "nothing there" is a report
        assertThat(strict.tickWithFreshOdometry(1, 0, 0).reason()).isEqualTo(StopReason.NONE);
    }

    @Test
    void a_path_older_than_its_timeout_commands_zero() {
        ControlTickFixture timed = ControlTickFixture.builder()
                .limits(new SafetyLimits(ms(100), ms(500), ms(1000), false, ms(50), 0.15)).build();
        timed.publishRobotOnStraightPath();
        assertThat(timed.tick().reason()).isEqualTo(StopReason.NONE);

        // 1.02 s later, fresh odometry all along: the path is 1020 ms old.
        SentCommand c = null;
        for (int k = 0; k < 51; k++) {
            c = timed.tickWithFreshOdometry(1, 0, 0);
        }
        assertStop(c, StopReason.STALE_PATH);
    }

    @Test
    void a_shaped_command_outside_the_governor_limits_is_replaced_by_zero() {
        // The governor allows 0.1 m/s, less than the pipeline ramps to.
        ControlTickFixture tight = ControlTickFixture.builder().governorMaxima(0.1, 1.5, 20).build();
        tight.policy.returning(HALF_METRE_PER_S, NO_TURN);
        tight.publishRobotOnStraightPath();
        tight.tick();

        // 0.02 m/s per tick: 0.02, 0.04, 0.06, 0.08, 0.10 pass; 0.12 m/s does not.
        for (int k = 1; k <= 5; k++) {
            assertThat(tight.tickWithFreshOdometry(1, 0, 0).vMps()).isCloseTo(0.02 * k, EPS);
        }
        assertStop(tight.tickWithFreshOdometry(1, 0, 0), StopReason.COMMAND_OUT_OF_LIMITS);
        // The stop resets the ramp: from rest again.
        assertThat(tight.tickWithFreshOdometry(1, 0, 0).vMps()).isCloseTo(0.02, EPS);
    }

    @Test
    void a_trigger_timeout_commands_zero() {
        driving();
        f.advanceMillis(20);
        f.tick.run(true, false);
        assertStop(f.sink.last(), StopReason.TRIGGER_TIMEOUT);
    }

    @Test
    void shutdown_commands_zero_before_anything_else() {
        driving();
        f.publishEStop(f.now(), true);
        f.advanceMillis(20);
        f.tick.run(false, true);

        assertStop(f.sink.last(), StopReason.SHUTDOWN);
    }

    @Test
    void an_estop_outranks_missing_inputs() {
        f.publishEStop(f.now(), true);
        assertStop(f.tick(), StopReason.ESTOP);
    }

    @Test
    void stop_events_count_each_change_of_reason_and_stop_ticks_count_every_tick() {
        f.publishStraightPath(0, 20, 0.5);
        f.tick();
        f.tickAfterMillis(20);                // NO_ODOMETRY x2: one event
        f.tickWithFreshOdometry(1, 0, 0);      // running
        f.policy.returningNaN();
        f.tickWithFreshOdometry(1, 0, 0);      // NON_FINITE_ACTION
        f.policy.returning(0f, 0f);
        f.tickWithFreshOdometry(1, 0, 0);      // running
        f.advanceMillis(20);
        f.publishOdometry(1, 0, 0, 0, 0);
        f.tick.run(true, false);               // TRIGGER_TIMEOUT

        assertThat(f.governor.stopTicks(StopReason.NO_ODOMETRY)).isEqualTo(2);
        assertThat(f.governor.stopEvents(StopReason.NO_ODOMETRY)).isEqualTo(1);
        assertThat(f.governor.stopEvents(StopReason.NON_FINITE_ACTION)).isEqualTo(1);
        assertThat(f.governor.stopEvents(StopReason.TRIGGER_TIMEOUT)).isEqualTo(1);
        assertThat(f.governor.stopTicks(StopReason.NONE)).isZero();
        assertThat(f.sink.all()).extracting(SentCommand::reason).containsExactly(StopReason.NO_ODOMETRY,
                StopReason.NO_ODOMETRY, StopReason.NONE, StopReason.NON_FINITE_ACTION, StopReason.NONE,
                StopReason.TRIGGER_TIMEOUT);
    }

    @Test
    void a_failing_sink_is_counted_and_the_next_tick_runs() {
        CommandSink failing = (wheels, velocity) -> {
            throw new IllegalStateException("transport down");
        };
        ControlTick t = new ControlTick(f.clock, f.snapshot, f.geometry, f.observationBuilder, f.policy, f.pipeline, f.governor,
                failing, f.timing);
        f.publishRobotOnStraightPath();

        t.run();
        f.advanceMillis(20);
        t.run();

        assertThat(t.sinkFailures()).isEqualTo(2);
        assertThat(t.tickCount()).isEqualTo(2);
        assertThat(t.lastReason()).isEqualTo(StopReason.NONE);
    }

    @Test
    void each_tick_records_its_phase_timings() {
        driving();
        assertThat(f.timing.snapshot(LoopMetric.TICK).getTotalCount()).isEqualTo(2);
        assertThat(f.timing.snapshot(LoopMetric.INPUT_AGE).getTotalCount()).isEqualTo(2);
        f.timing.reset();
        assertThat(f.timing.snapshot(LoopMetric.TICK).getTotalCount()).isZero();
    }
}
