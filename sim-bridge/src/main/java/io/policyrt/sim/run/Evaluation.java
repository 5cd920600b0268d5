package io.policyrt.sim.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.policyrt.controller.policy.Policy;
import io.policyrt.sim.scenario.ReferencePaths;
import io.policyrt.sim.scenario.Scenario;
import io.policyrt.sim.task.Randomization;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Seeded lock-step evaluation of a policy over path shapes and obstacle encounters, optionally
 * with per-episode domain randomization. Episode seeds are 0..n-1 per case, or a held-out range
 * from a first seed; the Python {@code policyrt_sim/evaluate.py} plays the same episodes and writes
 * the same JSON.
 */
public final class Evaluation {
    /** Format tag of {@link #toJson}. */
    public static final String JSON_FORMAT = "policyrt-evaluation-v1";

    private Evaluation() {
    }

    /** One episode's metrics. */
    public record EpisodeResult(long seed, boolean completed, boolean collided, double timeS, double lateralRmseM,
                                double headingRmseRad, double meanSpeedErrorMps, double minClearanceM,
                                double meanAbsDvDtMps2, double meanAbsDwDtRadps2) {
        public boolean success() {
            return completed && !collided;
        }
    }

    /** Aggregate over the episodes of one (path, encounter) case; chatter: the mean over episodes that have it. */
    public record CaseResult(ReferencePaths.Shape shape, Scenario.Encounter encounter, int episodes, int successes,
                             int collisions, double meanLateralRmseM, double meanHeadingRmseRad, double meanSpeedErrorMps,
                             double minClearanceM, List<EpisodeResult> perEpisode) {
        public double meanAbsDvDtMps2() {
            return perEpisode.stream().mapToDouble(EpisodeResult::meanAbsDvDtMps2).filter(Double::isFinite).average().orElse(Double.NaN);
        }

        public double meanAbsDwDtRadps2() {
            return perEpisode.stream().mapToDouble(EpisodeResult::meanAbsDwDtRadps2).filter(Double::isFinite).average().orElse(Double.NaN);
        }

        public String row() {
            return String.format(Locale.ROOT, "| %-12s | %-8s | %3d | %3d | %3d | %.3f | %.3f | %.3f | %s | %s | %s |", shape.cliName(),
                    encounterName(encounter), episodes, successes, collisions, meanLateralRmseM,
                    meanHeadingRmseRad, meanSpeedErrorMps, cell(meanAbsDvDtMps2()), cell(meanAbsDwDtRadps2()), cell(minClearanceM));
        }

        /** A finite value to three decimals, else n/a (no obstacle, or no two ticks to compare). */
        private static String cell(double value) {
            return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "n/a";
        }
    }

    public static final String HEADER = "| path         | obstacle | eps | ok  | col | lat RMSE m | head RMSE rad | speed err m/s "
            + "| chatter dv/dt m/s^2 | chatter dw/dt rad/s^2 | min clear m |\n"
            + "|---|---|---|---|---|---|---|---|---|---|---|";

    /** Runs {@code seeds} episodes (seeds 0..n-1) of every case with the given runner. */
    public static List<CaseResult> run(LockStepRunner runner, Policy policy, List<ReferencePaths.Shape> shapes,
                                       List<Scenario.Encounter> encounters, int seeds) {
        return run(runner, policy, shapes, encounters, 0, seeds, null);
    }

    /**
     * Runs {@code seeds} episodes (seeds firstSeed..firstSeed+n-1) of every case; a first seed other
     * than 0 keeps a held-out set apart from the seeds a policy was chosen on. With a
     * randomization, each episode's true robot, noise, latency and obstacle speed come from its
     * draw (the runner's noise is replaced; the controller keeps the runner's nominal drive).
     */
    public static List<CaseResult> run(LockStepRunner runner, Policy policy, List<ReferencePaths.Shape> shapes,
                                       List<Scenario.Encounter> encounters, int firstSeed, int seeds,
                                       Randomization randomization) {
        if (firstSeed < 0 || seeds < 1 || firstSeed > Integer.MAX_VALUE - seeds) {
            throw new IllegalArgumentException("need a first seed of 0 or more, at least one seed and a last seed below 2^31,"
                    + " got " + firstSeed + " and " + seeds);
        }
        List<CaseResult> results = new ArrayList<>();
        for (ReferencePaths.Shape shape : shapes) {
            for (Scenario.Encounter encounter : encounters) {
                int ok = 0;
                int col = 0;
                double lat = 0;
                double head = 0;
                double speed = 0;
                double minClear = Double.POSITIVE_INFINITY;
                List<EpisodeResult> episodes = new ArrayList<>();
                for (int seed = firstSeed; seed < firstSeed + seeds; seed++) {
                    LockStepRunner episodeRunner = runner;
                    double obstacleSpeedScale = 1.0;
                    if (randomization != null) {
                        Randomization.Draw draw = randomization.draw(seed, runner.robot());
                        episodeRunner = new LockStepRunner(draw.robot(), draw.noise(), runner.drive(), runner.physicsStepNanos());
                        obstacleSpeedScale = draw.obstacleSpeedScale();
                    }
                    CommandChatter chatter = new CommandChatter(policy.spec().controlPeriodNanos());
                    EpisodeMetrics m = episodeRunner.run(Scenario.standard(shape, encounter, seed, obstacleSpeedScale), policy,
                            seed, chatter);
                    episodes.add(new EpisodeResult(seed, m.completed(), m.collided(), m.timeS(), m.lateralRmseM(),
                            m.headingRmseRad(), m.meanSpeedErrorMps(), m.minClearanceM(), chatter.meanAbsDvDtMps2(),
                            chatter.meanAbsDwDtRadps2()));
                    ok += m.success() ? 1 : 0;
                    col += m.collided() ? 1 : 0;
                    lat += m.lateralRmseM();
                    head += m.headingRmseRad();
                    speed += m.meanSpeedErrorMps();
                    minClear = Math.min(minClear, m.minClearanceM());
                }
                results.add(new CaseResult(shape, encounter, seeds, ok, col, lat / seeds, head / seeds, speed / seeds, minClear,
                        List.copyOf(episodes)));
            }
        }
        return results;
    }

    /**
     * The results as JSON (the Python evaluation's format): per case the aggregate and every
     * episode's metrics; a clearance without obstacle (+inf) is null; {@code first_seed} only where
     * it is not 0, as Python writes it.
     */
    public static ObjectNode toJson(List<CaseResult> results, String policy, String noise, Randomization randomization,
                                    int firstSeed, int seeds) {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("format", JSON_FORMAT);
        root.put("policy", policy);
        root.put("noise", noise);
        if (randomization == null) {
            root.putNull("randomization");
        } else {
            ObjectNode r = root.putObject("randomization");
            range(r, "motor_time_constant_s", randomization.motorTimeConstantS());
            range(r, "wheel_radius_scale", randomization.wheelRadiusScale());
            range(r, "wheel_separation_scale", randomization.wheelSeparationScale());
            range(r, "noise_level", randomization.noiseLevel());
            range(r, "command_latency_s", randomization.commandLatencyS());
            range(r, "obstacle_speed_scale", randomization.obstacleSpeedScale());
        }
        root.put("seeds", seeds);
        if (firstSeed != 0) {
            root.put("first_seed", firstSeed);
        }
        ArrayNode cases = root.putArray("cases");
        for (CaseResult c : results) {
            ObjectNode n = cases.addObject();
            n.put("path", c.shape().cliName());
            n.put("obstacle", encounterName(c.encounter()));
            n.put("episodes", c.episodes());
            n.put("successes", c.successes());
            n.put("collisions", c.collisions());
            n.put("success_rate", (double) c.successes() / c.episodes());
            n.put("collision_rate", (double) c.collisions() / c.episodes());
            n.put("mean_lateral_rmse_m", c.meanLateralRmseM());
            n.put("mean_heading_rmse_rad", c.meanHeadingRmseRad());
            n.put("mean_speed_error_mps", c.meanSpeedErrorMps());
            finiteOrNull(n, "min_clearance_m", c.minClearanceM());
            finiteOrNull(n, "mean_abs_dv_dt_mps2", c.meanAbsDvDtMps2());
            finiteOrNull(n, "mean_abs_dw_dt_radps2", c.meanAbsDwDtRadps2());
            ArrayNode eps = n.putArray("per_episode");
            for (EpisodeResult e : c.perEpisode()) {
                ObjectNode en = eps.addObject();
                en.put("seed", e.seed());
                en.put("completed", e.completed());
                en.put("collided", e.collided());
                en.put("success", e.success());
                en.put("time_s", e.timeS());
                en.put("lateral_rmse_m", e.lateralRmseM());
                en.put("heading_rmse_rad", e.headingRmseRad());
                en.put("mean_speed_error_mps", e.meanSpeedErrorMps());
                finiteOrNull(en, "min_clearance_m", e.minClearanceM());
                finiteOrNull(en, "mean_abs_dv_dt_mps2", e.meanAbsDvDtMps2());
                finiteOrNull(en, "mean_abs_dw_dt_radps2", e.meanAbsDwDtRadps2());
            }
        }
        return root;
    }

    private static void range(ObjectNode node, String key, Randomization.Range range) {
        node.putArray(key).add(range.lo()).add(range.hi());
    }

    private static void finiteOrNull(ObjectNode node, String key, double value) {
        if (Double.isFinite(value)) {
            node.put(key, value);
        } else {
            node.putNull(key);
        }
    }

    static String encounterName(Scenario.Encounter encounter) {
        return encounter.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
