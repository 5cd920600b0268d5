"""The simulated world of one episode and its score (io.policyrt.sim.run.Simulation, EpisodeMetrics)."""
import math

from .robot import DiffDriveRobot
from .simrandom import SimRandom
from .tracker import PathReference, PathTracker

START_NANOS = 1_000_000_000  # LockStepRunner.START_NANOS
_NOISE_SEED_MIX = 0x5DEECE66D


class EpisodeMetrics:
    """Scores an episode from the true state, sampled once per control tick (EpisodeMetrics.java)."""

    def __init__(self, goal_tolerance_m=0.15):
        self.tracker = PathTracker(0.5)
        self.goal_tolerance_m = goal_tolerance_m
        self.samples = 0
        self._sum_lat2 = 0.0
        self._sum_head2 = 0.0
        self._sum_speed_err = 0.0
        self.min_clearance_m = math.inf
        self.collided = False
        self.completed = False
        self.time_s = 0.0
        self.progress_m = 0.0

    def sample(self, path, t_s, x, y, yaw, v, clearance_m):
        tr = self.tracker
        tr.update(path, x, y, yaw)
        self.time_s = t_s
        self.progress_m = tr.progress_m
        if clearance_m < self.min_clearance_m:
            self.min_clearance_m = clearance_m
        if clearance_m < 0:
            self.collided = True
        if self.completed:
            return
        self.samples += 1
        self._sum_lat2 += tr.lateral_error_m * tr.lateral_error_m
        self._sum_head2 += tr.heading_error_rad * tr.heading_error_rad
        self._sum_speed_err += abs(v - path.target_speed_mps)
        if tr.remaining_m <= self.goal_tolerance_m:
            self.completed = True

    @property
    def lateral_rmse_m(self):
        return math.sqrt(self._sum_lat2 / self.samples) if self.samples else math.nan

    @property
    def heading_rmse_rad(self):
        return math.sqrt(self._sum_head2 / self.samples) if self.samples else math.nan

    @property
    def mean_speed_error_mps(self):
        return self._sum_speed_err / self.samples if self.samples else math.nan

    @property
    def success(self):
        return self.completed and not self.collided

    def as_dict(self):
        return {"completed": self.completed, "collided": self.collided, "success": self.success,
                "time_s": self.time_s, "progress_m": self.progress_m, "lateral_rmse_m": self.lateral_rmse_m,
                "heading_rmse_rad": self.heading_rmse_rad, "mean_speed_error_mps": self.mean_speed_error_mps,
                "min_clearance_m": self.min_clearance_m}


class Simulation:
    """Robot, moving obstacle and reference path on a fixed physics step (Simulation.java)."""

    def __init__(self, scenario, robot_params, noise, physics_step_nanos, seed, start_nanos=START_NANOS,
                 goal_tolerance_m=0.15):
        if physics_step_nanos <= 0:
            raise ValueError("physics step must be > 0 ns")
        self.scenario = scenario
        self.robot_params = robot_params
        self.noise = noise
        self._noisy = any(v != 0 for v in (noise.position_m, noise.yaw_rad, noise.velocity_mps, noise.yaw_rate_radps))
        self.physics_step_nanos = physics_step_nanos
        self._dt_s = physics_step_nanos * 1e-9
        self.robot = DiffDriveRobot(robot_params, noise.command_latency_s)
        self.noise_rng = SimRandom(seed ^ _NOISE_SEED_MIX)
        self.path = PathReference(scenario.path_x, scenario.path_y, scenario.target_speed_mps)
        self.metrics = EpisodeMetrics(goal_tolerance_m)
        self.start_nanos = start_nanos
        self.now_nanos = start_nanos
        self.robot.reset(scenario.start_x_m, scenario.start_y_m, scenario.start_yaw_rad)

    def time_s(self):
        return (self.now_nanos - self.start_nanos) * 1e-9

    def command(self, left_radps, right_radps):
        self.robot.command(self.now_nanos, left_radps, right_radps)

    def advance_to(self, until_nanos):
        """Advances physics in whole steps until until_nanos (DiffDriveRobot.step per step)."""
        self.now_nanos = self.robot.advance(self.now_nanos, until_nanos, self.physics_step_nanos, self._dt_s)

    def sample_metrics(self):
        r = self.robot
        self.metrics.sample(self.path, self.time_s(), r.x_m, r.y_m, r.yaw_rad, r.body_v_mps(), self.clearance_m())

    def odometry(self):
        """The odometry a publication carries now: (x, y, yaw, v, w) with Gaussian noise, five draws
        in that order (no draws when every noise level is zero: adding 0 * g changes nothing)."""
        r = self.robot
        x, y, yaw, v, w = r.x_m, r.y_m, r.yaw_rad, r.body_v_mps(), r.body_w_radps()
        if not self._noisy:
            return x, y, yaw, v, w
        n = self.noise
        g = self.noise_rng.next_gaussian
        return (x + n.position_m * g(), y + n.position_m * g(), yaw + n.yaw_rad * g(),
                v + n.velocity_mps * g(), w + n.yaw_rate_radps * g())

    def obstacle_track(self):
        """The obstacle report (x, y, vx, vy, radius) in the world frame now, or None."""
        o = self.scenario.obstacle
        if o is None:
            return None
        t = self.time_s()
        return o.x_at(t), o.y_at(t), o.vx_at(t), o.vy_at(t), o.radius_m

    def clearance_m(self):
        o = self.scenario.obstacle
        if o is None:
            return math.inf
        t = self.time_s()
        r = self.robot
        return math.hypot(o.x_at(t) - r.x_m, o.y_at(t) - r.y_m) - o.radius_m - self.robot_params.body_radius_m

    def episode_over(self):
        m = self.metrics
        return m.completed or m.collided or self.time_s() >= self.scenario.time_limit_s
