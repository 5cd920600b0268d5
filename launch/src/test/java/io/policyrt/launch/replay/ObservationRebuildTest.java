package io.policyrt.launch.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.policyrt.controller.action.DriveConfig;
import io.policyrt.controller.policy.Policy;
import io.policyrt.launch.config.PolicyResolver;
import io.policyrt.recorder.FlightRecorder;
import io.policyrt.recorder.RotatingMcapWriter.Rotation;
import io.policyrt.recorder.mcap.Compression;
import io.policyrt.sim.robot.RobotParams;
import io.policyrt.sim.robot.SensorNoise;
import io.policyrt.sim.run.LockStepEpisode;
import io.policyrt.sim.scenario.ReferencePaths;
import io.policyrt.sim.scenario.Scenario;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recorded run of the bundled policy (lock-step, noisy odometry, a crossing obstacle, a path
 * that crosses itself) rebuilt tick by tick from its recorded inputs through the controller's
 * observation builder: the same raw features and the same observation as recorded.
 */
class ObservationRebuildTest {
    @TempDir Path dir;

    @Test
    void the_observation_rebuilt_from_the_recorded_odometry_obstacle_and_path_is_the_recorded_one() throws Exception {
        Path file = dir.resolve("figure-eight.mcap");
        int ticksRun = 700; // 70 s at 100 ms: through the figure-eight's crossing
        try (Policy policy = PolicyResolver.policy("bundled", null, null)) {
            Scenario scenario = Scenario.standard(ReferencePaths.Shape.FIGURE_EIGHT, Scenario.Encounter.CROSSING, 3);
            LockStepEpisode episode = new LockStepEpisode(scenario, policy, policy.spec().controlPeriodNanos(), 3,
                    RobotParams.defaults(), SensorNoise.realistic(), DriveConfig.defaults(), 1_000_000L);
            // A ring that holds the whole run: the lock-step episode ticks faster than any writer.
            FlightRecorder recorder = FlightRecorder.start(new FlightRecorder.Settings(file, Compression.ZSTD, Rotation.NONE, 1 << 12),
                    policy.spec().featureNames(), policy.spec().actionNames(), Map.of());
            episode.controlTick().tap(recorder.tickTap());
            for (int i = 0; i < ticksRun && !episode.over(); i++) {
                episode.tick();
                episode.advance();
            }
            recorder.close();
            assertThat(recorder.ticksDropped()).isZero();

            RecordedRun run = RecordedRun.read(file);
            assertThat(run.paths()).hasSize(1);
            assertThat(run.hasPathsOfEveryTick()).isTrue();
            List<String> features = policy.spec().featureNames();
            ObservationRebuild rebuild = new ObservationRebuild(policy.spec(), run.paths());
            double[] raw = new double[features.size()];
            float[] observation = new float[features.size()];
            int observed = 0;
            double maxObstacleFeature = 0;
            for (JsonNode t : run.ticks()) {
                boolean wasObserved = t.get("features").isObject();
                rebuild.rebuild(t, wasObserved, raw, observation);
                if (!wasObserved) {
                    continue;
                }
                observed++;
                for (int i = 0; i < features.size(); i++) {
                    String name = features.get(i);
                    double recorded = t.get("features").get(name).asDouble();
                    assertThat(raw[i]).as("tick %d %s", t.get("tick").asLong(), name).isCloseTo(recorded,
                            org.assertj.core.data.Offset.offset(1e-9));
                    assertThat(observation[i]).as("tick %d %s", t.get("tick").asLong(), name)
                            .isEqualTo((float) t.get("observation").get(name).asDouble());
                }
                // Without an obstacle in view the geometry places one 10 m straight ahead.
                maxObstacleFeature = Math.max(maxObstacleFeature, Math.abs(10 - raw[features.indexOf("obstacle_rel_x_m")]));
            }
            assertThat(observed).as("ticks observed").isGreaterThan(200);
            assertThat(maxObstacleFeature).as("the obstacle came within view").isGreaterThan(1);
        }
    }
}
