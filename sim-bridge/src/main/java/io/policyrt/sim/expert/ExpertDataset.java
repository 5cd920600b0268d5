package io.policyrt.sim.expert;

import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.policy.PolicySpec;
import io.policyrt.controller.safety.StopReason;
import io.policyrt.sim.SimRandom;
import io.policyrt.sim.robot.RobotParams;
import io.policyrt.sim.robot.SensorNoise;
import io.policyrt.controller.action.DriveConfig;
import io.policyrt.sim.run.EpisodeMetrics;
import io.policyrt.sim.run.LockStepRunner;
import io.policyrt.sim.scenario.ReferencePaths;
import io.policyrt.sim.scenario.Scenario;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Records a behaviour-cloning dataset from the expert in lock-step episodes: raw observation
 * features and the expert's normalized action. The executed action carries Gaussian noise (DART)
 * so the data covers the states a slightly imperfect student will visit, while the label stays
 * the expert's clean action. Episodes span every path shape and encounter, random start offsets,
 * and half of them odometry noise and command latency.
 */
public final class ExpertDataset {
    /** Standard deviation of the noise added to the executed normalized action. */
    public static final double ACTION_NOISE = 0.15;
    /** Sample weight of rows whose obstacle clearance is below 1.5 m. */
    public static final double NEAR_OBSTACLE_WEIGHT = 5.0;
    private static final int CLEARANCE_INDEX = TrackingTask.FEATURES.indexOf("obstacle_clearance_m");

    private ExpertDataset() {
    }

    /** Summary of a recording. */
    public record Summary(long rows, int episodes, int successes, int collisions) {
    }

    public static Summary record(Path out, int seedsPerCase, long seed, int everyNthTick) throws IOException {
        return record(out, seedsPerCase, seed, everyNthTick, null);
    }

    /**
     * Records a dataset. With a {@code driver} (DAgger), the driver's action is executed and the
     * expert only labels the states the driver visits; the driver must use the task's features in
     * the task's order.
     */
    public static Summary record(Path out, int seedsPerCase, long seed, int everyNthTick, Policy driver) throws IOException {
        PurePursuitPolicy expert = new PurePursuitPolicy();
        NoisyPolicy noisy = new NoisyPolicy(expert, driver, new SimRandom(seed * 31 + 7), ACTION_NOISE);
        SimRandom rng = new SimRandom(seed);
        long rows = 0;
        int episodes = 0;
        int successes = 0;
        int collisions = 0;
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (BufferedWriter w = Files.newBufferedWriter(out)) {
            w.write(String.join(",", TrackingTask.FEATURES));
            w.write(",action_v,action_w,weight\n");
            long[] count = new long[1];
            for (ReferencePaths.Shape shape : ReferencePaths.Shape.values()) {
                for (Scenario.Encounter encounter : Scenario.Encounter.values()) {
                    for (int k = 0; k < seedsPerCase; k++) {
                        long episodeSeed = seed * 1000 + episodes;
                        Scenario scenario = Scenario.build(shape.cliName(), ReferencePaths.of(shape), Scenario.TARGET_SPEED_MPS,
                                encounter, episodeSeed, rng.uniform(-0.3, 0.3), rng.uniform(-0.3, 0.3));
                        SensorNoise noise = k % 2 == 0 ? SensorNoise.none() : SensorNoise.realistic();
                        LockStepRunner runner = new LockStepRunner(RobotParams.defaults(), noise, DriveConfig.defaults(), 1_000_000L);
                        long[] tick = new long[1];
                        EpisodeMetrics m = runner.run(scenario, noisy, episodeSeed, (sim, t) -> {
                            if (t.lastReason() != StopReason.NONE || tick[0]++ % everyNthTick != 0) {
                                return;
                            }
                            try {
                                writeRow(w, t.lastObservation(), noisy.cleanAction());
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                            count[0]++;
                        });
                        episodes++;
                        successes += m.success() ? 1 : 0;
                        collisions += m.collided() ? 1 : 0;
                    }
                }
            }
            rows = count[0];
        }
        return new Summary(rows, episodes, successes, collisions);
    }

    private static void writeRow(BufferedWriter w, float[] obs, float[] action) throws IOException {
        StringBuilder sb = new StringBuilder(256);
        for (float v : obs) {
            sb.append(String.format(Locale.ROOT, "%.6g", v)).append(',');
        }
        // Encounters are a small share of the driving: weight them up so they are learned.
        double weight = obs[CLEARANCE_INDEX] < 1.5 ? NEAR_OBSTACLE_WEIGHT : 1.0;
        sb.append(String.format(Locale.ROOT, "%.6f,%.6f,%.1f%n", action[0], action[1], weight));
        w.write(sb.toString());
    }

    /**
     * Runs the expert on the raw features and remembers its clean action as the label; executes
     * either the expert's action or the driver's (on the driver's normalized observation), plus
     * Gaussian noise.
     */
    static final class NoisyPolicy implements Policy {
        private final Policy expert;
        private final Policy driver;
        private final SimRandom rng;
        private final double sigma;
        private final float[] clean = new float[2];
        private final float[] driverObservation;

        NoisyPolicy(Policy expert, Policy driver, SimRandom rng, double sigma) {
            this.expert = expert;
            this.driver = driver;
            this.rng = rng;
            this.sigma = sigma;
            if (driver != null && !driver.spec().featureNames().equals(expert.spec().featureNames())) {
                throw new IllegalArgumentException("the driver policy must use the features " + expert.spec().featureNames()
                        + ", it uses " + driver.spec().featureNames());
            }
            this.driverObservation = driver == null ? null : new float[driver.spec().observationSize()];
        }

        @Override
        public PolicySpec spec() {
            return expert.spec();
        }

        @Override
        public void act(float[] observation, float[] action) {
            expert.act(observation, clean);
            if (driver == null) {
                System.arraycopy(clean, 0, action, 0, action.length);
            } else {
                PolicySpec d = driver.spec();
                for (int i = 0; i < driverObservation.length; i++) {
                    float x = (observation[i] - d.shift(i)) * d.scale(i);
                    driverObservation[i] = Math.max(-d.clip(i), Math.min(d.clip(i), x));
                }
                driver.act(driverObservation, action);
            }
            for (int j = 0; j < action.length; j++) {
                action[j] = (float) Math.max(-1, Math.min(1, action[j] + sigma * rng.nextGaussian()));
            }
        }

        float[] cleanAction() {
            return clean;
        }

        @Override
        public void close() {
        }
    }
}
