package io.policyrt.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.policyrt.controller.domain.WheelCommand;
import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.policy.OnnxPolicy;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.policy.PolicyLoader;
import io.policyrt.controller.safety.StopReason;
import io.policyrt.sim.expert.PurePursuitPolicy;
import io.policyrt.sim.scenario.ReferencePaths;
import io.policyrt.sim.scenario.Scenario;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LockStepEpisodeTest {
    // The default policy's bounds: its lock-step numbers (0.029 m, 0.050 rad on figure-eight free laps;
    // the demo's crossing completed 0.188 m clear with 0.084 m lateral RMSE: it slows for the
    // pedestrian instead of driving round it) with a margin, the lap below the 0.15 m it must show.
    private static final double FREE_LAT_BOUND_M = 0.04;
    private static final double FREE_HEADING_BOUND_RAD = 0.07;
    private static final double DEMO_CLEARANCE_BOUND_M = 0.15;
    private static final double DEMO_LAT_BOUND_M = 0.12;

    private static Path repo() {
        return Path.of(System.getProperty("policyrt.repo", "..")).toAbsolutePath().normalize();
    }

    @Test
    void controller_at_1khz_in_lock_step_follows_the_figure_eight() {
        long[] ticks = new long[1];
        EpisodeMetrics m = LockStepRunner.defaults().run(Scenario.standard(ReferencePaths.Shape.FIGURE_EIGHT, Scenario.Encounter.NONE, 0),
                new PurePursuitPolicy(), 1_000_000L, 0, (sim, tick) -> ticks[0]++);
        // The lap is about 19 m at 0.5 m/s: ~40 s of simulated time, ~40,000 ticks at 1 kHz.
        assertThat(m.completed()).isTrue();
        assertThat(ticks[0]).isBetween(35_000L, 50_000L);
        assertThat(m.lateralRmseM()).isLessThan(0.08);
        assertThat(m.meanSpeedErrorMps()).isLessThan(0.05);
    }

    @Test
    void expert_passes_every_encounter_without_collision() {
        List<Evaluation.CaseResult> results = Evaluation.run(LockStepRunner.defaults(), new PurePursuitPolicy(),
                List.of(ReferencePaths.Shape.values()), List.of(Scenario.Encounter.values()), 3);
        for (Evaluation.CaseResult r : results) {
            assertThat(r.collisions()).as(r.row()).isZero();
            assertThat(r.successes()).as(r.row()).isEqualTo(r.episodes());
            assertThat(r.minClearanceM()).as(r.row()).isGreaterThan(0.05);
        }
    }

    @Test
    void policy_that_returns_nan_off_the_path_only_ever_commands_zero() {
        Path model = repo().resolve("controller/src/test/resources/models/nan-off-path.onnx");
        // Start 1.5 m left of the path: the model's action is NaN while the lateral error exceeds 1 m.
        Scenario scenario = Scenario.build("straight", ReferencePaths.of(ReferencePaths.Shape.STRAIGHT), 0.5,
                Scenario.Encounter.NONE, 0, 1.5, 0);
        long[] nonZero = new long[1];
        long[] nanTicks = new long[1];
        try (OnnxPolicy policy = PolicyLoader.load(model, FeatureRegistry.tracking().names())) {
            LockStepRunner.defaults().run(scenario, policy, 0, (sim, tick) -> {
                WheelCommand sent = tick.lastWheels();
                assertThat(Double.isFinite(sent.leftRadps()) && Double.isFinite(sent.rightRadps())).isTrue();
                if (tick.lastReason() == StopReason.NON_FINITE_ACTION) {
                    nanTicks[0]++;
                    assertThat(sent.leftRadps()).isZero();
                    assertThat(sent.rightRadps()).isZero();
                } else if (sent.leftRadps() != 0 || sent.rightRadps() != 0) {
                    nonZero[0]++;
                }
            });
        }
        // It never gets closer than 1 m to the path on its own: every tick is a NaN stop until
        // the time limit, and the robot never received a moving command.
        assertThat(nanTicks[0]).isGreaterThan(200);
        assertThat(nonZero[0]).isZero();
    }

    /**
     * The demo's default policy (DSAC-T, launch's {@code PolicyResolver.BUNDLED}) on the demo's
     * lock-step episodes: free laps tracked, and the demo's own scenario (figure-eight, crossing,
     * seed 1) completed with clearance. It grazes 2 of 100 nominal figure-eight crossings
     * (tracking-obstacle-v1-dsact.evaluation.md), so only the demo's seed is asserted.
     */
    @Test
    void default_dsact_policy_drives_the_demo_scenario_within_thresholds() {
        Path model = repo().resolve("policy-export/models/tracking-obstacle-v1-dsact.onnx");
        try (OnnxPolicy policy = PolicyLoader.load(model, FeatureRegistry.tracking().names())) {
            for (long seed = 0; seed < 3; seed++) {
                assertFreeLap(policy, seed, FREE_LAT_BOUND_M, FREE_HEADING_BOUND_RAD);
            }
            assertCrossing(policy, 1, DEMO_CLEARANCE_BOUND_M, DEMO_LAT_BOUND_M);
        }
    }

    @Test
    void behaviour_cloned_policy_drives_the_demo_scenarios_within_thresholds() {
        Path model = repo().resolve("policy-export/models/tracking-bc.onnx");
        try (OnnxPolicy policy = PolicyLoader.load(model, FeatureRegistry.tracking().names())) {
            for (long seed = 0; seed < 3; seed++) {
                // Without an obstacle: a tracking error of a few centimetres (the expert's is 4 cm).
                assertFreeLap(policy, seed, 0.10, 0.15);
                // With a pedestrian crossing (the demo's scenario is seed 1): it detours round the
                // pedestrian as the expert does (the expert's lateral RMSE on these laps averages
                // 0.28 m), so the bound is 0.5 m; it completes the lap and keeps 3 cm between outlines.
                assertCrossing(policy, seed, 0.03, 0.50);
            }
        }
    }

    /** A figure-eight lap without obstacle: completed, within the tracking bounds. */
    private static void assertFreeLap(Policy policy, long seed, double latBoundM, double headingBoundRad) {
        EpisodeMetrics free = LockStepRunner.defaults().run(
                Scenario.standard(ReferencePaths.Shape.FIGURE_EIGHT, Scenario.Encounter.NONE, seed), policy, seed, TickObserver.NONE);
        assertThat(free.success()).as("free lap, seed %d: %s", seed, free).isTrue();
        assertThat(free.lateralRmseM()).as("free lap, seed %d", seed).isLessThan(latBoundM);
        assertThat(free.headingRmseRad()).as("free lap, seed %d", seed).isLessThan(headingBoundRad);
    }

    /** A figure-eight lap with a crossing pedestrian: completed, clear of it, within the lateral bound. */
    private static void assertCrossing(Policy policy, long seed, double clearanceBoundM, double latBoundM) {
        EpisodeMetrics crossing = LockStepRunner.defaults().run(
                Scenario.standard(ReferencePaths.Shape.FIGURE_EIGHT, Scenario.Encounter.CROSSING, seed), policy, seed, TickObserver.NONE);
        assertThat(crossing.success()).as("crossing, seed %d: %s", seed, crossing).isTrue();
        assertThat(crossing.minClearanceM()).as("crossing, seed %d", seed).isGreaterThan(clearanceBoundM);
        assertThat(crossing.lateralRmseM()).as("crossing, seed %d", seed).isLessThan(latBoundM);
    }
}
