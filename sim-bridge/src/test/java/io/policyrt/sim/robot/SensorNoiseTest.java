package io.policyrt.sim.robot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SensorNoiseTest {
    @Test
    void the_named_noises_are_the_factories_and_other_names_are_refused() {
        assertThat(SensorNoise.named("none")).isEqualTo(SensorNoise.none());
        assertThat(SensorNoise.named("realistic")).isEqualTo(SensorNoise.realistic());
        assertThatThrownBy(() -> SensorNoise.named("loud")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("noise must be none or realistic, got 'loud'");
        assertThatThrownBy(() -> SensorNoise.named(null)).hasMessageContaining("got 'null'");
    }
}
