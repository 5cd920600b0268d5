package io.policyrt.sim.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CommandChatterTest {
    @Test
    void mean_absolute_change_per_tick_divided_by_the_period() {
        CommandChatter chatter = new CommandChatter(100_000_000L);   // 0.1 s
        chatter.record(0.0, 0.0);
        chatter.record(0.2, 0.5);
        chatter.record(0.3, -0.5);
        chatter.record(0.3, -0.5);
        // |dv|: 0.2, 0.1, 0 -> mean 0.1 per tick -> 1.0 m/s^2; |dw|: 0.5, 1.0, 0 -> 0.5 -> 5.0 rad/s^2
        assertThat(chatter.meanAbsDvDtMps2()).isCloseTo(1.0, within(1e-12));
        assertThat(chatter.meanAbsDwDtRadps2()).isCloseTo(5.0, within(1e-12));
    }

    @Test
    void a_steady_command_has_none_and_a_single_tick_has_no_value() {
        CommandChatter steady = new CommandChatter(20_000_000L);
        for (int i = 0; i < 50; i++) {
            steady.record(0.5, 0.1);
        }
        assertThat(steady.meanAbsDvDtMps2()).isZero();
        assertThat(steady.meanAbsDwDtRadps2()).isZero();

        CommandChatter single = new CommandChatter(20_000_000L);
        single.record(0.5, 0.1);
        assertThat(single.meanAbsDvDtMps2()).isNaN();   // written as null in the evaluation JSON
        assertThat(single.meanAbsDwDtRadps2()).isNaN();
    }
}
