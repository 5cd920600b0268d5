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
}
