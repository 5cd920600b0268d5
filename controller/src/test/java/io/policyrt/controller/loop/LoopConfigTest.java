package io.policyrt.controller.loop;

import static io.policyrt.controller.testing.ControlTickFixture.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LoopConfigTest {

    @Test
    void timer_defaults_spin_200_us_or_a_quarter_period_and_time_out_after_5_periods() {
        LoopConfig fast = LoopConfig.timer(ms(20));
        assertThat(fast.triggerMode()).isEqualTo(TriggerMode.TIMER);
        assertThat(fast.spinMarginNanos()).isEqualTo(200_000L);
        assertThat(fast.triggerTimeoutNanos()).isEqualTo(ms(100));
        assertThat(fast.triggerSlot()).isEqualTo("odometry");

        // 400 us period: a quarter is 100 us, less than 200 us.
        assertThat(LoopConfig.timer(400_000L).spinMarginNanos()).isEqualTo(100_000L);
    }

    @Test
    void invalid_values_are_refused_naming_what_is_wrong() {
        assertThatThrownBy(() -> LoopConfig.timer(0)).hasMessageContaining("period");
        assertThatThrownBy(() -> new LoopConfig(ms(10), ms(11), TriggerMode.TIMER, "odometry", ms(50)))
                .hasMessageContaining("spin margin");
        assertThatThrownBy(() -> new LoopConfig(ms(10), -1, TriggerMode.TIMER, "odometry", ms(50)))
                .hasMessageContaining("spin margin");
        assertThatThrownBy(() -> new LoopConfig(ms(10), 0, TriggerMode.ON_MESSAGE, "odometry", 0))
                .hasMessageContaining("trigger timeout");
    }

    @Test
    void the_phase_lock_is_on_in_timer_mode_by_default_and_widens_the_deadman_interval_by_its_step() {
        LoopConfig timer = LoopConfig.timer(ms(20));
        assertThat(timer.phaseLocked()).isTrue();
        assertThat(timer.phaseLockMarginNanos()).isEqualTo(200_000L);
        // 20 ms period, the deadline moves at most 2 ms per period: commands at most 22 ms apart.
        assertThat(timer.longestCommandIntervalNanos()).isEqualTo(ms(22));
        assertThat(timer.withPhaseLock(false).longestCommandIntervalNanos()).isEqualTo(ms(20));
    }

    @Test
    void on_message_mode_never_locks_its_phase_and_allows_a_quarter_period_past_its_policy_period() {
        LoopConfig onMessage = new LoopConfig(ms(100), 0, TriggerMode.ON_MESSAGE, "odometry", ms(100));
        assertThat(onMessage.phaseLocked()).isFalse();
        // A held trigger runs the policy at the latest 125 ms after the last policy tick.
        assertThat(onMessage.longestCommandIntervalNanos()).isEqualTo(ms(125));
        assertThat(new LoopConfig(ms(10), 0, TriggerMode.ON_MESSAGE, "odometry", ms(100)).longestCommandIntervalNanos())
                .isEqualTo(ms(100));
    }

    @Test
    void a_phase_lock_margin_of_half_a_period_is_refused() {
        assertThatThrownBy(() -> new LoopConfig(ms(10), 0, TriggerMode.TIMER, "odometry", ms(50), true, ms(5)))
                .hasMessageContaining("phase lock margin");
    }
}
