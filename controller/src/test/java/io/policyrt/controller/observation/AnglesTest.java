package io.policyrt.controller.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AnglesTest {

    @Test
    void wrap_brings_any_angle_into_minus_pi_to_pi() {
        assertThat(Angles.wrap(0.5)).isCloseTo(0.5, within(1e-12));
        // 3 pi / 2 is a quarter turn clockwise: -pi / 2.
        assertThat(Angles.wrap(1.5 * Math.PI)).isCloseTo(-0.5 * Math.PI, within(1e-12));
        assertThat(Angles.wrap(-1.5 * Math.PI)).isCloseTo(0.5 * Math.PI, within(1e-12));
        assertThat(Angles.wrap(7 * Math.PI + 0.1)).isCloseTo(-Math.PI + 0.1, within(1e-9));
        // The interval is half-open: pi wraps to -pi.
        assertThat(Angles.wrap(Math.PI)).isCloseTo(-Math.PI, within(1e-12));
        assertThat(Angles.wrap(Double.NaN)).isNaN();
    }
}
