package io.policyrt.launch.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.policyrt.controller.action.DriveConfig;
import io.policyrt.controller.domain.ObstacleTrack;
import io.policyrt.controller.domain.VelocityCommand;
import io.policyrt.controller.policy.Policy;
import io.policyrt.controller.safety.SafetyLimits;
import io.policyrt.sim.robot.DiffDriveRobot;
import io.policyrt.sim.robot.RobotParams;
import io.policyrt.sim.robot.SensorNoise;
import io.policyrt.sim.run.LockStepEpisode;
import io.policyrt.sim.scenario.ReferencePaths;
import io.policyrt.sim.scenario.Scenario;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The recorded run driven again in the simulator: the robot starts at the recording's first
 * odometry pose on the path it followed, the recorded obstacle's states are replayed as a
 * scripted obstacle (world frame, on the recorded clock), and the policy drives the simulated
 * robot in lock-step at the recorded control period until the recording's last fresh odometry. The simulated
 * robot is the default robot without noise or latency: the model the gap is measured against.
 */
public final class SimReplay {
    /** The physics step of the simulated robot [ns]. */
    private static final long PHYSICS_STEP_NANOS = 1_000_000L;

    /** What ran: the real side from the recording, the simulated side, the path, the obstacle's recorded track. */
    public record Result(DrivenTrack real, DrivenTrack sim, RecordedPath path, long periodNanos, double[] obstacleXM,
                         double[] obstacleYM, int pathChanges) {
    }

    /** One recorded obstacle state in the world frame, at its tick's time. */
    private record ObstacleState(double tS, boolean present, double xM, double yM, double vxMps, double vyMps, double radiusM) {
        static ObstacleState of(double tS, RecordedObstacle o) {
            return o == null ? null : new ObstacleState(tS, o.present(), o.xM(), o.yM(), o.vxMps(), o.vyMps(), o.radiusM());
        }
    }

    private SimReplay() {
    }

    /**
     * Runs the simulated side and measures both.
     *
     * @throws IllegalArgumentException when the recording holds no tick with odometry and a recorded path
     */
    public static Result run(RecordedRun run, Policy policy, DriveConfig drive) {
        List<JsonNode> ticks = run.ticks();
        int first = -1;
        for (int i = 0; i < ticks.size() && first < 0; i++) {
            JsonNode t = ticks.get(i);
            if (t.path("odometry").isObject() && t.path("path").isObject() && run.paths().containsKey(t.path("path").path("id").asLong())) {
                first = i;
            }
        }
        if (first < 0) {
            throw new IllegalArgumentException(run.file() + ": no tick has both odometry and a path from the "
                    + io.policyrt.recorder.PathJson.TOPIC + " channel (recordings made before that channel existed cannot start a simulation)");
        }
        JsonNode start = ticks.get(first);
        long pathId = start.path("path").path("id").asLong();
        RecordedPath path = run.paths().get(pathId);
        // Time zero is when the start pose was measured: each real pose and obstacle state is placed at its
        // own stamp (the controller's time base), not at the tick that read it some milliseconds later.
        long t0 = start.path("odometry").path("stamp_ns").asLong();
        long periodNanos = medianPeriodNanos(ticks, first);
        double robotRadiusM = policy.spec().robotRadiusM();
        double goalToleranceM = SafetyLimits.defaultsFor(periodNanos).goalToleranceM();

        List<ObstacleState> script = new ArrayList<>();
        DrivenTrack real = new DrivenTrack(path.toReference(), goalToleranceM);
        int pathChanges = 0;
        long lastPathId = pathId;
        // The real run ends with its last fresh odometry: after it the robot is not heard from (a served
        // episode that ended, a link that went down), and the ticks repeat its last pose.
        int last = ticks.size() - 1;
        while (last > first && !ticks.get(last).path("odometry").path("new").asBoolean(false)) {
            last--;
        }
        for (int i = first; i <= last; i++) {
            JsonNode t = ticks.get(i);
            JsonNode o = t.path("odometry");
            if (!o.isObject()) {
                continue;
            }
            long id = t.path("path").path("id").asLong(lastPathId);
            if (id != lastPathId) {
                pathChanges++;
                lastPathId = id;
            }
            double tS = (o.path("stamp_ns").asLong() - t0) * 1e-9;
            double x = number(o, "x_m");
            double y = number(o, "y_m");
            double yaw = number(o, "yaw_rad");
            ObstacleState obstacle = ObstacleState.of((t.path("obstacle").path("stamp_ns").asLong(t0) - t0) * 1e-9,
                    RecordedObstacle.of(t));
            if (obstacle != null) {
                script.add(obstacle);
            }
            JsonNode c = t.path("command");
            real.add(tS, x, y, yaw, number(c, "v_mps"), number(c, "w_radps"), clearance(obstacle, x, y, robotRadiusM));
        }

        script.sort(java.util.Comparator.comparingDouble(ObstacleState::tS));
        double endS = real.timeS[real.count() - 1];
        Scenario scenario = new Scenario("replay of " + run.file().getFileName(), new ReferencePaths.Polyline(path.xM(), path.yM()),
                path.targetSpeedMps(), number(start.path("odometry"), "x_m"), number(start.path("odometry"), "y_m"),
                number(start.path("odometry"), "yaw_rad"), null, endS + 10);
        LockStepEpisode episode = new LockStepEpisode(scenario, policy, periodNanos, 0, RobotParams.defaults(), SensorNoise.none(),
                drive, PHYSICS_STEP_NANOS);
        DrivenTrack sim = new DrivenTrack(episode.sim().path(), goalToleranceM);
        ObstacleTrack scripted = new ObstacleTrack();
        int next = 0;
        ObstacleState current = null;
        // A controller's first tick shapes its action over no time and commands zero. When the recorded
        // controller had ticked before the start (stopped, waiting for odometry), its rate limiters
        // already ran: so does the simulated one, in one tick at rest before the comparison's time zero.
        double primingS = 0;
        if (first > 0) {
            episode.tick(null);
            episode.advance();
            primingS = episode.sim().timeS();
        }
        while (episode.sim().timeS() - primingS <= endS + 1e-9) {
            double tS = episode.sim().timeS() - primingS;
            while (next < script.size() && script.get(next).tS() <= tS + 1e-9) {
                current = script.get(next++);
            }
            if (current != null) {
                long now = episode.sim().nowNanos();
                if (current.present()) {
                    scripted.set(now, ObstacleTrack.Frame.WORLD, current.xM(), current.yM(), current.vxMps(), current.vyMps(),
                            current.radiusM());
                } else {
                    scripted.setNone(now);
                }
            }
            episode.tick(current == null ? null : scripted);
            DiffDriveRobot robot = episode.sim().robot();
            VelocityCommand v = episode.controlTick().lastVelocity();
            sim.add(tS, robot.xM(), robot.yM(), robot.yawRad(), v.vMps(), v.wRadps(), clearance(current, robot.xM(), robot.yM(),
                    robotRadiusM));
            episode.advance();
        }
        double[] ox = script.stream().filter(ObstacleState::present).mapToDouble(ObstacleState::xM).toArray();
        double[] oy = script.stream().filter(ObstacleState::present).mapToDouble(ObstacleState::yM).toArray();
        return new Result(real, sim, path, periodNanos, ox, oy, pathChanges);
    }

    private static double clearance(ObstacleState o, double x, double y, double robotRadiusM) {
        if (o == null || !o.present()) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.hypot(o.xM() - x, o.yM() - y) - o.radiusM() - robotRadiusM;
    }

    /** The median interval between recorded ticks from {@code first} on, to the microsecond [ns]. */
    static long medianPeriodNanos(List<JsonNode> ticks, int first) {
        long[] d = new long[Math.max(0, ticks.size() - first - 1)];
        for (int i = 0; i < d.length; i++) {
            d[i] = ticks.get(first + i + 1).path("controller_ns").asLong() - ticks.get(first + i).path("controller_ns").asLong();
        }
        if (d.length == 0) {
            throw new IllegalArgumentException("a simulation needs at least two recorded ticks");
        }
        Arrays.sort(d);
        long median = d[d.length / 2];
        return Math.max(1_000L, Math.round(median / 1e3) * 1_000L);
    }

    private static double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isNumber() ? Double.NaN : v.asDouble();
    }
}
