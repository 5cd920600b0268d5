package io.policyrt.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ReferencePathsTest {
    @Test
    void points_are_spaced_evenly_along_the_path() {
        for (ReferencePaths.Shape shape : ReferencePaths.Shape.values()) {
            ReferencePaths.Polyline p = ReferencePaths.of(shape);
            for (int i = 1; i < p.count() - 1; i++) {
                double d = Math.hypot(p.xM()[i] - p.xM()[i - 1], p.yM()[i] - p.yM()[i - 1]);
                assertThat(d).as("%s segment %d", shape, i).isCloseTo(ReferencePaths.SPACING_M, within(1e-3));
            }
        }
    }

    @Test
    void straight_line_has_its_length_and_figure_eight_closes() {
        ReferencePaths.Polyline straight = ReferencePaths.of(ReferencePaths.Shape.STRAIGHT);
        assertThat(straight.xM()[straight.count() - 1]).isCloseTo(12.0, within(1e-9));
        ReferencePaths.Polyline eight = ReferencePaths.of(ReferencePaths.Shape.FIGURE_EIGHT);
        int n = eight.count();
        assertThat(Math.hypot(eight.xM()[n - 1] - eight.xM()[0], eight.yM()[n - 1] - eight.yM()[0])).isLessThan(1e-6);
        // A lemniscate of Gerono with a = 3 m spans x in [-3, 3].
        double maxX = java.util.Arrays.stream(eight.xM()).max().orElseThrow();
        assertThat(maxX).isCloseTo(3.0, within(1e-3));
    }

    @Test
    void unknown_shape_names_the_allowed_values() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReferencePaths.Shape.parse("spiral"))
                .hasMessageContaining("spiral").hasMessageContaining("straight, sine, figure-eight");
    }

    @Test
    void obstacles_never_start_on_the_robot_and_are_seeded() {
        for (ReferencePaths.Shape shape : ReferencePaths.Shape.values()) {
            for (Scenario.Encounter e : new Scenario.Encounter[] {Scenario.Encounter.CROSSING, Scenario.Encounter.STEP_IN}) {
                for (long seed = 0; seed < 50; seed++) {
                    Scenario s = Scenario.standard(shape, e, seed);
                    ObstacleMotion o = s.obstacle();
                    assertThat(Math.hypot(o.xAt(0) - s.startXM(), o.yAt(0) - s.startYM())).isGreaterThan(1.0);
                    assertThat(Scenario.standard(shape, e, seed).obstacle()).isEqualTo(o);
                }
            }
        }
    }
}
