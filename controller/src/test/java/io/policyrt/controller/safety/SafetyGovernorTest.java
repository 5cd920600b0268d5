package io.policyrt.controller.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.policyrt.controller.domain.EStopSignal;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.PathReference;
import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.observation.SensorSnapshot;
import io.policyrt.controller.port.SensorSlots;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SafetyGovernorTest {
    // |v| <= 1 m/s, |w| <= 1.5 rad/s, |wheel| <= 20 rad/s.
    private final SafetyGovernor governor = new SafetyGovernor(SafetyLimits.defaultsFor(20_000_000L), 1.0, 1.5, 20.0);

    private StopReason check(double v, double w, double left, double right) {
        return governor.checkOutputs(StopReason.NONE, true, true, true, new VelocityCommand().set(0, v, w),
                new WheelCommand().set(0, left, right));
    }

    /** Passes a tick with this input reason (and a zero command) through the output gate. */
    private void record(StopReason inputReason) {
        governor.checkOutputs(inputReason, true, true, true, new VelocityCommand(), new WheelCommand());
    }

    @Test
    void a_command_on_its_limits_passes() {
        assertThat(check(1.0, -1.5, 20.0, -20.0)).isEqualTo(StopReason.NONE);
        assertThat(check(0, 0, 0, 0)).isEqualTo(StopReason.NONE);
    }

    @ParameterizedTest
    @CsvSource({
        "1.001, 0, 0, 0",
        "0, -1.51, 0, 0",
        "0, 0, 20.01, 0",
        "0, 0, 0, -21",
        "NaN, 0, 0, 0",
        "0, Infinity, 0, 0",
        "0, 0, NaN, 0",
        "0, 0, 0, -Infinity",
    })
    void a_command_beyond_a_limit_or_not_finite_is_refused(double v, double w, double left, double right) {
        assertThat(check(v, w, left, right)).isEqualTo(StopReason.COMMAND_OUT_OF_LIMITS);
    }

    @Test
    void the_output_gate_names_the_first_finding_that_failed() {
        // 5 m/s is beyond the 1 m/s limit, so every finding below fails.
        VelocityCommand tooFast = new VelocityCommand().set(0, 5, 0);
        WheelCommand wheels = new WheelCommand();

        assertThat(governor.checkOutputs(StopReason.STALE_ODOMETRY, false, false, false, tooFast, wheels))
                .isEqualTo(StopReason.STALE_ODOMETRY);
        assertThat(governor.checkOutputs(StopReason.NONE, false, false, false, tooFast, wheels))
                .isEqualTo(StopReason.NON_FINITE_OBSERVATION);
        assertThat(governor.checkOutputs(StopReason.NONE, true, false, false, tooFast, wheels))
                .isEqualTo(StopReason.POLICY_FAILURE);
        assertThat(governor.checkOutputs(StopReason.NONE, true, true, false, tooFast, wheels))
                .isEqualTo(StopReason.NON_FINITE_ACTION);
        assertThat(governor.checkOutputs(StopReason.NONE, true, true, true, tooFast, wheels))
                .isEqualTo(StopReason.COMMAND_OUT_OF_LIMITS);
        assertThat(governor.currentReason()).isEqualTo(StopReason.COMMAND_OUT_OF_LIMITS);
    }

    @Test
    void record_counts_ticks_per_reason_and_events_per_change() {
        record(StopReason.NO_ODOMETRY);
        record(StopReason.NO_ODOMETRY);
        record(StopReason.NONE);
        record(StopReason.NO_ODOMETRY);
        record(StopReason.ESTOP);

        assertThat(governor.stopTicks(StopReason.NO_ODOMETRY)).isEqualTo(3);
        assertThat(governor.stopEvents(StopReason.NO_ODOMETRY)).isEqualTo(2);
        assertThat(governor.stopEvents(StopReason.ESTOP)).isEqualTo(1);
        assertThat(governor.currentReason()).isEqualTo(StopReason.ESTOP);
    }

    @Test
    void a_reason_that_flaps_every_tick_is_not_logged_every_tick() {
        // The test binding (slf4j-simple) writes to System.err; catch what the governor logs.
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.err;
        long started = System.nanoTime();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            // Odometry hovering at its timeout: stale on one tick, fresh on the next, 1000 times.
            for (int k = 0; k < 1000; k++) {
                record(StopReason.STALE_ODOMETRY);
                record(StopReason.NONE);
            }
        } finally {
            System.setErr(original);
        }
        double elapsedS = (System.nanoTime() - started) * 1e-9;

        long lines = captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("SafetyGovernor")).count();
        // Warnings are rate-limited (design.md): at most about one line a second, however long
        // this took, where logging every change would be 2000 lines. Nothing is lost: the
        // counters have every change.
        assertThat(lines).isBetween(1L, 2L + (long) elapsedS);
        assertThat(governor.stopEvents(StopReason.STALE_ODOMETRY)).isEqualTo(1000);
        assertThat(governor.stopTicks(StopReason.STALE_ODOMETRY)).isEqualTo(1000);
        assertThat(governor.currentReason()).isEqualTo(StopReason.NONE);
    }

    @Test
    void defaults_allow_five_periods_of_odometry_but_at_least_100_ms() {
        // 20 ms period: 5 * 20 = 100 ms. 50 ms period: 250 ms. 1 ms period: floor of 100 ms.
        assertThat(SafetyLimits.defaultsFor(20_000_000L).odometryTimeoutNanos()).isEqualTo(100_000_000L);
        assertThat(SafetyLimits.defaultsFor(50_000_000L).odometryTimeoutNanos()).isEqualTo(250_000_000L);
        assertThat(SafetyLimits.defaultsFor(1_000_000L).odometryTimeoutNanos()).isEqualTo(100_000_000L);
        assertThat(SafetyLimits.defaultsFor(20_000_000L).obstacleRequired()).isTrue();
    }

    @Test
    void commands_that_cannot_leave_rank_after_the_inputs_and_before_the_trigger_timeout() {
        // No obstacle needed: odometry and a path are all the inputs this robot waits for.
        SafetyGovernor governor = new SafetyGovernor(new SafetyLimits(100_000_000L, 500_000_000L, 0, false, 50_000_000L, 0.15),
                1.0, 1.5, 20.0);
        SensorSlots slots = new SensorSlots();
        SensorSnapshot snapshot = new SensorSnapshot(slots);
        snapshot.capture();
        // A link that goes down takes its sensors with it: the missing input is named first.
        assertThat(governor.checkInputs(snapshot, 0, false, false, false)).isEqualTo(StopReason.NO_ODOMETRY);

        // Fresh odometry and a path: only the blocked commands stop the robot.
        long now = 1_000_000_000L;
        slots.odometry().write(new Odometry().set(now, 0, 0, 0, 0, 0));
        PathReference path = new PathReference(16);
        path.set(now, new double[] {0, 1}, new double[] {0, 0}, 2, 0.5);
        slots.path().write(path);
        snapshot.capture();
        assertThat(governor.checkInputs(snapshot, now, false, true, false)).isEqualTo(StopReason.COMMANDS_BLOCKED);
        assertThat(governor.checkInputs(snapshot, now, false, true, true)).isEqualTo(StopReason.TRIGGER_TIMEOUT);
        assertThat(governor.checkInputs(snapshot, now, false, false)).as("deliverable unless told").isEqualTo(StopReason.NONE);
        assertThat(governor.checkInputs(snapshot, now, true, false, false)).isEqualTo(StopReason.SHUTDOWN);

        slots.estop().write(new EStopSignal().set(now, true), "button");
        snapshot.capture();
        assertThat(governor.checkInputs(snapshot, now, false, false, false)).isEqualTo(StopReason.ESTOP);
    }

    @Test
    void invalid_safety_limits_are_refused() {
        assertThatThrownBy(() -> new SafetyLimits(0, 0, 0, false, 0, 0)).hasMessageContaining("odometry timeout");
        assertThatThrownBy(() -> new SafetyLimits(1, -1, 0, false, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SafetyLimits(1, 0, 0, false, 0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void every_reason_but_running_and_path_complete_is_a_fault() {
        for (StopReason r : StopReason.values()) {
            assertThat(r.isFault()).as(r.name()).isEqualTo(r != StopReason.NONE && r != StopReason.PATH_COMPLETE);
            assertThat(r.description()).isNotBlank();
        }
    }
}
