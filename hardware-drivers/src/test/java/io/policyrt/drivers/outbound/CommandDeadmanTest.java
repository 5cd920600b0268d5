package io.policyrt.drivers.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandDeadmanTest {
    private static final long PERIOD = 20_000_000L; // 20 ms
    private static final long NEVER = CommandDeadman.NEVER;

    private final CommandDeadman deadman = new CommandDeadman();

    @Test
    void a_zero_is_due_after_n_silent_periods_and_never_before() {
        deadman.arm(PERIOD, 3);
        long t = 1_000_000_000L; // the last command
        // 3 periods of 20 ms = 60 ms of silence: not due 1 ns before, due at 60 ms.
        assertThat(deadman.zeroDue(t, t + 3 * PERIOD - 1)).isFalse();
        assertThat(deadman.zeroDue(t, t + 3 * PERIOD)).isTrue();
        // Then again only after another whole window of silence.
        assertThat(deadman.zeroDue(t, t + 6 * PERIOD - 1)).isFalse();
        assertThat(deadman.zeroDue(t, t + 6 * PERIOD)).isTrue();
    }

    @Test
    void each_hand_over_restarts_the_silence() {
        deadman.arm(PERIOD, 3);
        long t = 0;
        for (int k = 1; k <= 100; k++) {
            // A command every 2.9 periods keeps it quiet for ever.
            long handOver = t;
            t += 29 * PERIOD / 10;
            assertThat(deadman.zeroDue(handOver, t)).as("hand-over %d", k).isFalse();
        }
        assertThat(deadman.zeroDue(t, t + 3 * PERIOD)).isTrue();
        // A command after the zero: the next one is due 3 periods after that command.
        long handOver = t + 4 * PERIOD;
        assertThat(deadman.zeroDue(handOver, handOver + 3 * PERIOD - 1)).isFalse();
        assertThat(deadman.zeroDue(handOver, handOver + 3 * PERIOD)).isTrue();
    }

    @Test
    void nothing_is_due_before_the_first_command_or_while_disarmed() {
        assertThat(deadman.zeroDue(0, 10_000 * PERIOD)).as("disarmed").isFalse();
        deadman.arm(PERIOD, 3);
        assertThat(deadman.zeroDue(NEVER, 10_000 * PERIOD)).as("no command was ever handed over").isFalse();
        assertThat(deadman.nanosUntilDue(NEVER, 0)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void it_says_how_long_until_a_zero_is_due() {
        deadman.arm(PERIOD, 3);
        assertThat(deadman.nanosUntilDue(1000, 1000 + PERIOD)).isEqualTo(2 * PERIOD);
        assertThat(deadman.windowNanos()).isEqualTo(3 * PERIOD);
    }

    @Test
    void arming_refuses_a_period_or_count_that_means_nothing() {
        assertThatThrownBy(() -> deadman.arm(0, 3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("period");
        assertThatThrownBy(() -> deadman.arm(PERIOD, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 1");
        assertThat(deadman.windowNanos()).as("nothing changed").isZero();
    }
}
