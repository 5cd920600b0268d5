"""The controller's tick as the lock-step simulation runs it (io.policyrt.controller): the sensor
snapshot with its path projection and obstacle geometry, the observation builder, the action
pipeline (bounds, speed/accel/jerk limits, inverse kinematics, wheel limit) and the safety
governor's checks that can fire in lock-step."""
import math
from dataclasses import dataclass

import numpy as np

from .tracker import PathTracker

NO_OBSTACLE_DISTANCE_M = 10.0
MAX_LIMITER_DT_S = 0.1

# Stop reasons the lock-step tick can produce (names as in StopReason.java).
NONE = "NONE"
NON_FINITE_OBSERVATION = "NON_FINITE_OBSERVATION"
NON_FINITE_ACTION = "NON_FINITE_ACTION"
COMMAND_OUT_OF_LIMITS = "COMMAND_OUT_OF_LIMITS"
PATH_COMPLETE = "PATH_COMPLETE"


@dataclass(frozen=True)
class DriveConfig:
    """The drive as the controller believes it is (DriveConfig.defaults())."""
    wheel_radius_m: float = 0.08
    wheel_separation_m: float = 0.40
    left_radius_multiplier: float = 1.0
    right_radius_multiplier: float = 1.0
    max_wheel_radps: float = 15.0
    linear_accel_mps2: float = 1.0
    linear_decel_mps2: float = 2.0
    linear_jerk_mps3: float = 50.0
    angular_accel_radps2: float = 4.0
    angular_decel_radps2: float = 6.0
    angular_jerk_radps3: float = 100.0


@dataclass(frozen=True)
class SafetyLimits:
    """The parts of SafetyLimits.defaultsFor(period) that matter in lock-step."""
    goal_tolerance_m: float = 0.15


class SpeedLimiter:
    """Velocity, acceleration (separate for braking) and jerk limits on one axis (SpeedLimiter.java)."""

    def __init__(self, min_v, max_v, max_accel, max_decel, max_jerk):
        self.min_v, self.max_v = min_v, max_v
        self.max_accel, self.max_decel, self.max_jerk = max_accel, max_decel, max_jerk

    def limit(self, v, v0, v1, dt):
        # jerk
        dv = v - v0
        dv0 = v0 - v1
        max_da = self.max_jerk * dt * dt
        da = dv - dv0
        da = max_da if da > max_da else (-max_da if da < -max_da else da)
        out = v0 + dv0 + da
        # acceleration
        dv = out - v0
        speeding_up = (v0 >= 0 and dv > 0) or (v0 <= 0 and dv < 0)
        max_step = (self.max_accel if speeding_up else self.max_decel) * dt
        dv = max_step if dv > max_step else (-max_step if dv < -max_step else dv)
        out = v0 + dv
        if not speeding_up and ((out > 0 and v0 < 0) or (out < 0 and v0 > 0)):
            left = dt - abs(v0) / self.max_decel
            reverse = self.max_accel * left if left > 0 else 0.0
            out = reverse if out > reverse else (-reverse if out < -reverse else out)
        # velocity
        return self.min_v if out < self.min_v else (self.max_v if out > self.max_v else out)


class ActionPipeline:
    """[-1, 1] (or physical) action to bounded, rate-limited body and wheel commands (ActionPipeline.java)."""

    def __init__(self, spec, drive):
        self.low = spec.action_low
        self.high = spec.action_high
        self.normalized = spec.action_normalized
        self.linear = SpeedLimiter(self.low[0], self.high[0], drive.linear_accel_mps2, drive.linear_decel_mps2,
                                   drive.linear_jerk_mps3)
        self.angular = SpeedLimiter(self.low[1], self.high[1], drive.angular_accel_radps2, drive.angular_decel_radps2,
                                    drive.angular_jerk_radps3)
        self.sep = drive.wheel_separation_m
        self.left_r = drive.wheel_radius_m * drive.left_radius_multiplier
        self.right_r = drive.wheel_radius_m * drive.right_radius_multiplier
        self.max_wheel = drive.max_wheel_radps
        self.v0 = self.v1 = self.w0 = self.w1 = 0.0

    def _physical(self, a, j):
        lo = self.low[j]
        hi = self.high[j]
        if self.normalized:
            u = 1.0 if a > 1.0 else (-1.0 if a < -1.0 else a)
            x = lo + (u + 1.0) * 0.5 * (hi - lo)
        else:
            x = a
        return lo if x < lo else (hi if x > hi else x)

    def left_radps(self, v, w):
        return (v - w * self.sep / 2) / self.left_r

    def right_radps(self, v, w):
        return (v + w * self.sep / 2) / self.right_r

    def shape(self, a_v, a_w, dt_s):
        """Returns (v, w, left, right) for a finite float32 action; dt_s 0 holds the previous command."""
        v = self._physical(a_v, 0)
        w = self._physical(a_w, 1)
        if dt_s > 0:
            v = self.linear.limit(v, self.v0, self.v1, dt_s)
            w = self.angular.limit(w, self.w0, self.w1, dt_s)
        else:
            v = self.v0
            w = self.w0
        left = self.left_radps(v, w)
        right = self.right_radps(v, w)
        peak = max(abs(left), abs(right))
        k = self.max_wheel / peak if peak > self.max_wheel else 1.0
        v *= k
        w *= k
        self.v1 = self.v0
        self.v0 = v
        self.w1 = self.w0
        self.w0 = w
        return v, w, self.left_radps(v, w), self.right_radps(v, w)

    def commanded_stop(self):
        self.v0 = self.v1 = self.w0 = self.w1 = 0.0


class Snapshot:
    """One tick's odometry and obstacle report with the geometry derived from them (SensorSnapshot)."""

    def __init__(self, lookahead_m, robot_radius_m):
        self.tracker = PathTracker(lookahead_m)
        self.robot_radius_m = robot_radius_m
        self.odom = (0.0, 0.0, 0.0, 0.0, 0.0)
        self.target_speed_mps = 0.0
        self.obstacle = (NO_OBSTACLE_DISTANCE_M, 0.0, 0.0, 0.0, NO_OBSTACLE_DISTANCE_M,
                         NO_OBSTACLE_DISTANCE_M - robot_radius_m)

    def capture(self, path, odom, obstacle_world):
        """odom = (x, y, yaw, v, w); obstacle_world = (x, y, vx, vy, radius) or None when absent."""
        self.odom = odom
        self.target_speed_mps = path.target_speed_mps
        x, y, yaw, v, _ = odom
        self.tracker.update(path, x, y, yaw)
        if obstacle_world is None:
            self.obstacle = (NO_OBSTACLE_DISTANCE_M, 0.0, 0.0, 0.0, NO_OBSTACLE_DISTANCE_M,
                             NO_OBSTACLE_DISTANCE_M - self.robot_radius_m)
            return
        ox, oy, ovx, ovy, orad = obstacle_world
        c = math.cos(yaw)
        s = math.sin(yaw)
        dx = ox - x
        dy = oy - y
        rel_x = c * dx + s * dy
        rel_y = -s * dx + c * dy
        rel_vx = c * ovx + s * ovy - v
        rel_vy = -s * ovx + c * ovy
        dist = math.hypot(rel_x, rel_y)
        self.obstacle = (rel_x, rel_y, rel_vx, rel_vy, dist, dist - self.robot_radius_m - orad)


# Raw feature values by name (FeatureRegistry.tracking()).
FEATURES = {
    "lateral_error_m": lambda s: s.tracker.lateral_error_m,
    "heading_error_rad": lambda s: s.tracker.heading_error_rad,
    "speed_error_mps": lambda s: s.odom[3] - s.target_speed_mps,
    "target_speed_mps": lambda s: s.target_speed_mps,
    "body_v_mps": lambda s: s.odom[3],
    "body_w_radps": lambda s: s.odom[4],
    "lookahead_x_m": lambda s: s.tracker.lookahead_x_m,
    "lookahead_y_m": lambda s: s.tracker.lookahead_y_m,
    "path_curvature_1pm": lambda s: s.tracker.curvature_1pm,
    "path_remaining_m": lambda s: s.tracker.remaining_m,
    "obstacle_rel_x_m": lambda s: s.obstacle[0],
    "obstacle_rel_y_m": lambda s: s.obstacle[1],
    "obstacle_rel_vx_mps": lambda s: s.obstacle[2],
    "obstacle_rel_vy_mps": lambda s: s.obstacle[3],
    "obstacle_distance_m": lambda s: s.obstacle[4],
    "obstacle_clearance_m": lambda s: s.obstacle[5],
}


class ObservationBuilder:
    """The spec's features in order, (raw - shift) * scale in double, rounded to float32, clipped to
    +-clip; a non-finite raw value is passed through so the governor sees it (ObservationBuilder.java)."""

    def __init__(self, spec):
        unknown = [f for f in spec.features if f not in FEATURES]
        if unknown:
            raise ValueError("unknown observation feature(s) %s; known: %s" % (unknown, sorted(FEATURES)))
        self._features = tuple(spec.features)
        self._getters = [FEATURES[f] for f in spec.features]
        self._shift = spec.shift
        self._scale = spec.scale
        self._clip32 = spec.clip.astype(np.float32)

    def __getstate__(self):  # the getters are lambdas: pickle the feature names (a training checkpoint)
        state = dict(self.__dict__)
        del state["_getters"]
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._getters = [FEATURES[f] for f in self._features]

    def build(self, snapshot):
        """Returns (observation float32 array, raw float64 array, all raw values finite)."""
        raw = np.array([g(snapshot) for g in self._getters], dtype=np.float64)
        with np.errstate(invalid="ignore"):
            x = ((raw - self._shift) * self._scale).astype(np.float32)
            obs = np.minimum(np.maximum(x, -self._clip32), self._clip32)
        finite = bool(np.isfinite(raw).all())
        if not finite:
            bad = ~np.isfinite(raw)
            obs[bad] = raw[bad].astype(np.float32)
        return obs, raw, finite


class SafetyGovernor:
    """The checks of SafetyGovernor that can fire when sensors are always fresh (lock-step)."""

    def __init__(self, limits, max_v, max_w, max_wheel):
        self.limits = limits
        self.max_v, self.max_w, self.max_wheel = max_v, max_w, max_wheel

    def check_inputs(self, snapshot):
        if snapshot.tracker.remaining_m <= self.limits.goal_tolerance_m:
            return PATH_COMPLETE
        return NONE

    def check_command(self, v, w, left, right):
        eps = 1e-9
        ok = (math.isfinite(v) and math.isfinite(w) and math.isfinite(left) and math.isfinite(right)
              and abs(v) <= self.max_v + eps and abs(w) <= self.max_w + eps
              and abs(left) <= self.max_wheel + eps and abs(right) <= self.max_wheel + eps)
        return NONE if ok else COMMAND_OUT_OF_LIMITS
