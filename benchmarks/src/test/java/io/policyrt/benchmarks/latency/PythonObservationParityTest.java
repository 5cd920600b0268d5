package io.policyrt.benchmarks.latency;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.policyrt.benchmarks.PolicyFiles;
import io.policyrt.benchmarks.RepositoryRoot;
import io.policyrt.benchmarks.TrackingTrajectory;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.Odometry;
import io.policyrt.controller.domain.PathReference;
import io.policyrt.controller.observation.FeatureRegistry;
import io.policyrt.controller.observation.ObservationBuilder;
import io.policyrt.controller.observation.SensorSnapshot;
import io.policyrt.controller.observation.TrackingGeometry;
import io.policyrt.controller.policy.PolicySpec;
import io.policyrt.controller.policy.PolicyLoader;
import io.policyrt.controller.port.SensorSlots;
import io.policyrt.sim.scenario.ReferencePaths;
import io.policyrt.sim.scenario.Scenario;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python peer builds the same observation as PolicyRT: the same sensor inputs go through the
 * Java {@code ObservationBuilder} and through {@code peers.observation}, step by step along the
 * figure-eight (so the windowed path projection is exercised through the crossing), with the
 * obstacle in the world frame, in the robot frame and absent, and with a NaN pose that both must
 * turn into a stop without losing the projection.
 */
class PythonObservationParityTest {
    private static final long STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    @Test
    void python_peer_observation_matches_the_java_builder_along_the_figure_eight(@TempDir Path dir) throws Exception {
        Path policyFile = RepositoryRoot.resolve(PolicyFiles.SHIPPED);
        PolicySpec spec;
        try (var policy = PolicyLoader.load(policyFile, FeatureRegistry.tracking().names())) {
            spec = policy.spec();
        }
        ReferencePaths.Polyline line = ReferencePaths.of(ReferencePaths.Shape.FIGURE_EIGHT);
        PathReference path = new PathReference(line.count()).set(1, line.xM(), line.yM(), line.count(), Scenario.TARGET_SPEED_MPS);
        SensorSlots slots = new SensorSlots(line.count());
        slots.path().write(path);
        SensorSnapshot snapshot = new SensorSnapshot(slots);
        TrackingGeometry geometry = new TrackingGeometry(spec.lookaheadM(), spec.robotRadiusM());
        ObservationBuilder builder = new ObservationBuilder(spec, FeatureRegistry.tracking());
        TrackingTrajectory trajectory = new TrackingTrajectory(path, STEP_NANOS);

        StringBuilder steps = new StringBuilder();
        float[] observation = new float[spec.observationSize()];
        Odometry odom = new Odometry();
        ObstacleTrack obstacle = new ObstacleTrack();
        int nanSteps = 0;
        for (int i = 0; i < trajectory.length(); i++) {
            long stamp = (i + 1) * STEP_NANOS;
            boolean nanPose = i % 97 == 50;
            nanSteps += nanPose ? 1 : 0;
            odom.set(stamp, nanPose ? Double.NaN : trajectory.xM(i), trajectory.yM(i), trajectory.yawRad(i), trajectory.vMps(i),
                    trajectory.wRadps(i));
            String obstacleJson;
            switch (i % 3) {
                case 0:
                    obstacle.set(stamp, ObstacleTrack.Frame.WORLD, trajectory.obstacleXM(i), trajectory.obstacleYM(i),
                            TrackingTrajectory.OBSTACLE_VX_MPS, TrackingTrajectory.OBSTACLE_VY_MPS, TrackingTrajectory.OBSTACLE_RADIUS_M);
                    obstacleJson = String.format("{\"frame\":\"world\",\"x_m\":%s,\"y_m\":%s,\"vx_mps\":%s,\"vy_mps\":%s,\"radius_m\":%s}",
                            obstacle.xM(), obstacle.yM(), obstacle.vxMps(), obstacle.vyMps(), obstacle.radiusM());
                    break;
                case 1:
                    obstacle.set(stamp, ObstacleTrack.Frame.ROBOT, 1.2, -0.4, -0.3, 0.1, 0.2);
                    obstacleJson = "{\"frame\":\"robot\",\"x_m\":1.2,\"y_m\":-0.4,\"vx_mps\":-0.3,\"vy_mps\":0.1,\"radius_m\":0.2}";
                    break;
                default:
                    obstacle.setNone(stamp);
                    obstacleJson = "{\"present\":false}";
            }
            slots.odometry().write(odom);
            slots.obstacle().write(obstacle);
            snapshot.capture();
            geometry.update(snapshot);
            boolean finite = builder.build(snapshot, geometry, observation);
            steps.append(i > 0 ? "," : "").append(String.format("{\"odom\":{\"x_m\":%s,\"y_m\":%s,\"yaw_rad\":%s,\"v_mps\":%s,\"w_radps\":%s},"
                    + "\"obstacle\":%s,\"expected\":%s}", odom.xM(), odom.yM(), odom.yawRad(), odom.vMps(), odom.wRadps(), obstacleJson,
                    finite ? java.util.Arrays.toString(observation) : "null"));
            assertThat(finite).as("step %d: Java stops exactly on the NaN poses", i).isEqualTo(!nanPose);
        }
        StringBuilder xs = new StringBuilder();
        StringBuilder ys = new StringBuilder();
        for (int i = 0; i < path.count(); i++) {
            xs.append(i > 0 ? "," : "").append(path.xM(i));
            ys.append(i > 0 ? "," : "").append(path.yM(i));
        }
        Path cases = dir.resolve("cases.json");
        Files.writeString(cases, "{\"policy\":\"" + policyFile.toAbsolutePath() + "\",\"path\":{\"x_m\":[" + xs + "],\"y_m\":[" + ys
                + "],\"target_speed_mps\":" + path.targetSpeedMps() + "},\"steps\":[" + steps + "]}");

        String python = System.getProperty("policyrt.python", "/usr/bin/python3");
        PythonPeerNode.checkInterpreter(python);
        Process p = new ProcessBuilder(python, "-m", "peers.check_observation", cases.toString())
                .directory(RepositoryRoot.resolve("policy-export/python").toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("check_observation finished").isTrue();
        String lastLine = out.substring(out.lastIndexOf('\n') + 1);
        assertThat(p.exitValue()).as("check_observation output: %s", out).isZero();
        JsonNode result = new ObjectMapper().readTree(lastLine);
        assertThat(result.get("steps").asInt()).isEqualTo(trajectory.length());
        assertThat(result.get("stop_mismatches").asInt()).isZero();
        // Normalized features are float32 of values up to about 5: rounding differs in the last bits only.
        assertThat(result.get("max_abs_diff").asDouble()).isLessThan(1e-4);
        assertThat(nanSteps).isPositive();
    }
}
