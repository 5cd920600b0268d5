package io.policyrt.sim.run;

import io.policyrt.controller.policy.Policy;
import io.policyrt.sim.scenario.ReferencePaths;
import io.policyrt.sim.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Seeded lock-step evaluation of a policy over path shapes and obstacle encounters. */
public final class Evaluation {
    private Evaluation() {
    }

    /** Aggregate over the episodes of one (path, encounter) case. */
    public record CaseResult(ReferencePaths.Shape shape, Scenario.Encounter encounter, int episodes, int successes,
                             int collisions, double meanLateralRmseM, double meanHeadingRmseRad, double meanSpeedErrorMps,
                             double minClearanceM) {
        public String row() {
            return String.format(Locale.ROOT, "| %-12s | %-8s | %3d | %3d | %3d | %.3f | %.3f | %.3f | %s |", shape.cliName(),
                    encounter.name().toLowerCase(Locale.ROOT).replace('_', '-'), episodes, successes, collisions, meanLateralRmseM,
                    meanHeadingRmseRad, meanSpeedErrorMps, Double.isInfinite(minClearanceM) ? "n/a" : String.format(Locale.ROOT, "%.3f", minClearanceM));
        }
    }

    public static final String HEADER = "| path         | obstacle | eps | ok  | col | lat RMSE m | head RMSE rad | speed err m/s | min clear m |\n"
            + "|---|---|---|---|---|---|---|---|---|";

    /** Runs {@code seeds} episodes (seeds 0..n-1) of every case with the given runner. */
    public static List<CaseResult> run(LockStepRunner runner, Policy policy, List<ReferencePaths.Shape> shapes,
                                       List<Scenario.Encounter> encounters, int seeds) {
        List<CaseResult> results = new ArrayList<>();
        for (ReferencePaths.Shape shape : shapes) {
            for (Scenario.Encounter encounter : encounters) {
                int ok = 0;
                int col = 0;
                double lat = 0;
                double head = 0;
                double speed = 0;
                double minClear = Double.POSITIVE_INFINITY;
                for (int seed = 0; seed < seeds; seed++) {
                    EpisodeMetrics m = runner.run(Scenario.standard(shape, encounter, seed), policy, seed, TickObserver.NONE);
                    ok += m.success() ? 1 : 0;
                    col += m.collided() ? 1 : 0;
                    lat += m.lateralRmseM();
                    head += m.headingRmseRad();
                    speed += m.meanSpeedErrorMps();
                    minClear = Math.min(minClear, m.minClearanceM());
                }
                results.add(new CaseResult(shape, encounter, seeds, ok, col, lat / seeds, head / seeds, speed / seeds, minClear));
            }
        }
        return results;
    }
}
