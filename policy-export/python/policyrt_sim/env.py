"""TrackingEnv: the lock-step episode of LockStepRunner.run as a gym-like environment."""
import math

import numpy as np

from . import controller as ctl
from . import reward as task
from . import scenario as scenarios
from .robot import RobotParams, SensorNoise
from .simulation import Simulation
from .spec import BUNDLED


class TrackingEnv:
    """Path tracking with a moving obstacle, tick for tick as PolicyRT's Java lock-step runner plays it.

    ``obs = env.reset()`` then ``obs, reward, done, info = env.step(action)`` with ``action`` in
    [-1, 1]^2 (forward speed, yaw rate; rounded to float32 as the runtime's policies return them) and
    ``obs`` the spec's normalized float32 observation. ``info["truncated"]`` is True when only the
    time limit ended the episode (bootstrap from the returned observation then). Each reset without
    a seed uses the next seed (seed, seed + 1, ...). ``corridor_termination=False`` plays the
    episode exactly as ``policyrt sim evaluate`` does (it has no corridor bound). ``reward_variant``
    is ``"track"`` (the task's reward), ``"yield"`` (being slower than the target costs nothing
    while a moving obstacle is in the way; ``reward.way_blocked``) or ``"yield-steady"`` (the yield
    variant plus a cost on the body's acceleration; ``reward.SPEED_CHANGE_WEIGHT``). ``encounter``
    is one of ``scenario.ENCOUNTERS`` or the training-only ``"waiting"`` (``scenario.waiting``).
    ``collision_margin_m`` (training only, 0 by default) counts a clearance below it as a collision
    for the reward and the termination, as if the obstacle were that much larger; the episode's
    metrics still score the true contact.
    """

    reward_variant = task.TRACK  # instances pickled before the variant existed load as the task's reward
    collision_margin_m = 0.0  # likewise: instances pickled before the margin existed have none

    def __init__(self, shape="figure-eight", encounter="crossing", seed=0, randomization=None, spec=BUNDLED,
                 noise=None, robot=None, drive=None, physics_step_nanos=1_000_000, corridor_termination=True,
                 reward_variant=task.TRACK, collision_margin_m=0.0):
        if shape not in scenarios.paths.SHAPES:
            raise ValueError("unknown path '%s' (allowed: %s)" % (shape, ", ".join(scenarios.paths.SHAPES)))
        allowed = scenarios.ENCOUNTERS + scenarios.TRAINING_ENCOUNTERS
        if encounter not in allowed:
            raise ValueError("unknown encounter '%s' (allowed: %s)" % (encounter, ", ".join(allowed)))
        self.shape = shape
        self.encounter = encounter
        self.spec = spec
        self.randomization = randomization
        self.noise = noise if noise is not None else SensorNoise.none()
        self.robot_params = robot if robot is not None else RobotParams()
        self.drive = drive if drive is not None else ctl.DriveConfig()
        self.physics_step_nanos = physics_step_nanos
        self.corridor_termination = corridor_termination
        self.reward_variant = task.check_variant(reward_variant)
        if not (math.isfinite(collision_margin_m) and 0.0 <= collision_margin_m < task.SAFE_CLEARANCE_M):
            raise ValueError("collision_margin_m must be in [0, %s) m, got %r"
                             % (task.SAFE_CLEARANCE_M, collision_margin_m))
        self.collision_margin_m = float(collision_margin_m)
        self.period_nanos = spec.control_period_nanos
        self._period_s = self.period_nanos * 1e-9
        self._builder = ctl.ObservationBuilder(spec)
        self._next_seed = seed
        self.seed = seed
        self.sim = None
        self._done = True

    @property
    def obs_dim(self):
        return self.spec.obs_dim

    @property
    def act_dim(self):
        return self.spec.act_dim

    def reset(self, seed=None):
        if seed is None:
            seed = self._next_seed
        self._next_seed = seed + 1
        self.seed = seed
        robot, noise, drive, obstacle_speed_scale = self.robot_params, self.noise, self.drive, 1.0
        self.episode_draw = None
        if self.randomization is not None:
            draw = self.randomization.draw(seed, robot, noise, drive)
            robot, noise, drive, obstacle_speed_scale = draw.robot, draw.noise, draw.drive, draw.obstacle_speed_scale
            self.episode_draw = draw
        self.scenario = scenarios.of(self.shape, self.encounter, seed, obstacle_speed_scale)
        spec = self.spec
        self.sim = Simulation(self.scenario, robot, noise, self.physics_step_nanos, seed)
        self._pipeline = ctl.ActionPipeline(spec, drive)
        self._governor = ctl.SafetyGovernor(ctl.SafetyLimits(),
                                            max(abs(spec.action_low[0]), abs(spec.action_high[0])),
                                            max(abs(spec.action_low[1]), abs(spec.action_high[1])),
                                            drive.max_wheel_radps)
        self._snapshot = ctl.Snapshot(spec.lookahead_m, spec.robot_radius_m)
        self._last_command_nanos = None
        self._previous_v_mps = self.sim.robot.body_v_mps()
        self._done = False
        self.ticks = 0
        return self._observe()

    def _observe(self):
        """Publishes the sensors, captures the snapshot and builds the observation (start of a tick)."""
        sim = self.sim
        self._snapshot.capture(sim.path, sim.odometry(), sim.obstacle_track())
        self._reason = self._governor.check_inputs(self._snapshot)
        obs, raw, finite = self._builder.build(self._snapshot)
        self._obs_finite = finite
        self.last_raw = raw
        return obs

    def step(self, action):
        if self._done:
            raise RuntimeError("the episode is over (or never began): call reset() first")
        if len(action) != 2:
            raise ValueError("action must have 2 values (v, w) in [-1, 1], got %d" % len(action))
        a_v = float(np.float32(action[0]))
        a_w = float(np.float32(action[1]))
        sim = self.sim
        now = sim.now_nanos
        reason = self._reason
        if reason == ctl.NONE:
            if not self._obs_finite:
                reason = ctl.NON_FINITE_OBSERVATION
            elif not (math.isfinite(a_v) and math.isfinite(a_w)):
                reason = ctl.NON_FINITE_ACTION
        if reason == ctl.NONE:
            dt = 0.0 if self._last_command_nanos is None else (now - self._last_command_nanos) * 1e-9
            v, w, left, right = self._pipeline.shape(a_v, a_w, min(dt, ctl.MAX_LIMITER_DT_S))
            reason = self._governor.check_command(v, w, left, right)
        if reason != ctl.NONE:
            v = w = left = right = 0.0
            self._pipeline.commanded_stop()
        self._last_command_nanos = now
        sim.command(left, right)
        sim.sample_metrics()

        robot = sim.robot
        metrics = sim.metrics
        tracker = metrics.tracker
        body_v = robot.body_v_mps()
        body_w = robot.body_w_radps()
        clearance = sim.clearance_m()
        # With a margin, "collided" below is the training's collision (the reward's penalty and the
        # termination); metrics.collided stays the true contact that evaluation scores.
        collided = clearance < self.collision_margin_m
        off_corridor = self.corridor_termination and task.left_corridor(tracker.lateral_error_m)
        charged_acceleration = ((body_v - self._previous_v_mps) / self._period_s
                                if task.charges_speed_change(self.reward_variant) else 0.0)
        self._previous_v_mps = body_v
        r = task.reward(self._period_s, tracker.lateral_error_m, tracker.heading_error_rad,
                        body_v - sim.path.target_speed_mps, body_v, body_w, clearance, collided, off_corridor,
                        self._way_blocked(), charged_acceleration)
        # metrics.collided already holds when clearance < 0 (sampled above from the same state), so
        # without a margin this is the true contact alone.
        terminal = task.termination(metrics.collided or collided, off_corridor, metrics.completed)
        info = {"tick": self.ticks, "time_s": sim.time_s(), "stop_reason": reason,
                "state": (robot.x_m, robot.y_m, robot.yaw_rad, body_v, body_w),
                "command": (v, w, left, right), "clearance_m": clearance,
                "lateral_error_m": tracker.lateral_error_m, "heading_error_rad": tracker.heading_error_rad}

        sim.advance_to(now + self.period_nanos)
        self.ticks += 1
        truncated = terminal is None and sim.episode_over()
        done = terminal is not None or truncated
        info["termination"] = terminal
        info["truncated"] = truncated
        if done:
            self._done = True
            info["metrics"] = metrics.as_dict()
        return self._observe(), r, done, info

    def _way_blocked(self):
        if not task.yields(self.reward_variant):
            return False
        track = self.sim.obstacle_track()
        robot = self.sim.robot
        return track is not None and task.way_blocked(robot.x_m, robot.y_m, robot.yaw_rad,
                                                      self.sim.robot_params.body_radius_m, *track)

    def metrics(self):
        """The episode's EpisodeMetrics (completion, collision, RMSEs, speed error, clearance)."""
        return self.sim.metrics
