"""One episode's setting (io.policyrt.sim.scenario.Scenario and ObstacleMotion)."""
import math
from dataclasses import dataclass

from . import paths
from .simrandom import SimRandom

TARGET_SPEED_MPS = 0.5
ENCOUNTERS = ("none", "crossing", "step-in")


@dataclass(frozen=True)
class ObstacleMotion:
    """A disc that waits until start_time_s, moves at constant velocity and stops at stop_time_s."""
    start_x_m: float
    start_y_m: float
    vx_mps: float
    vy_mps: float
    radius_m: float
    start_time_s: float
    stop_time_s: float

    def _moving_s(self, t_s):
        return max(0.0, min(t_s, self.stop_time_s) - self.start_time_s)

    def _moving(self, t_s):
        return self.start_time_s <= t_s < self.stop_time_s

    def x_at(self, t_s):
        return self.start_x_m + self.vx_mps * self._moving_s(t_s)

    def y_at(self, t_s):
        return self.start_y_m + self.vy_mps * self._moving_s(t_s)

    def vx_at(self, t_s):
        return self.vx_mps if self._moving(t_s) else 0.0

    def vy_at(self, t_s):
        return self.vy_mps if self._moving(t_s) else 0.0


@dataclass(frozen=True)
class Scenario:
    name: str
    path_x: list
    path_y: list
    target_speed_mps: float
    start_x_m: float
    start_y_m: float
    start_yaw_rad: float
    obstacle: object  # ObstacleMotion or None
    time_limit_s: float
    # Where the obstacle walks, seen along the path at the meeting point: "left" or "right" (None
    # without one). Not in the Java Scenario; evaluation reports split crossings by it.
    obstacle_toward: object = None


def standard(shape, encounter, seed, obstacle_speed_scale=1.0):
    """The standard scenario of a path shape and encounter for a seed (Scenario.standard)."""
    xs, ys = paths.of(shape)
    return build(shape, xs, ys, TARGET_SPEED_MPS, encounter, seed, 0.0, 0.0, obstacle_speed_scale)


def _index_at(s, target):
    i = 0
    while i < len(s) - 1 and s[i] < target:
        i += 1
    return i


def _signum(x):
    return math.copysign(1.0, x) if x != 0 else x


def build(name, xs, ys, target_speed_mps, encounter, seed, start_lateral_m=0.0, start_yaw_err_rad=0.0,
          obstacle_speed_scale=1.0):
    """Scenario.build, draw for draw: the meeting point, side, speed, radius and timing from SimRandom(seed).
    obstacle_speed_scale multiplies the drawn obstacle speed (domain randomization; 1 is the standard)."""
    if encounter not in ENCOUNTERS:
        raise ValueError("unknown encounter '%s' (allowed: %s)" % (encounter, ", ".join(ENCOUNTERS)))
    rng = SimRandom(seed)
    n = len(xs)
    s = [0.0] * n
    for i in range(1, n):
        s[i] = s[i - 1] + math.hypot(xs[i] - xs[i - 1], ys[i] - ys[i - 1])
    length = s[n - 1]
    heading0 = math.atan2(ys[1] - ys[0], xs[1] - xs[0])
    start_x = xs[0] - math.sin(heading0) * start_lateral_m
    start_y = ys[0] + math.cos(heading0) * start_lateral_m
    time_limit = 1.6 * length / target_speed_mps + 20

    obstacle = None
    if encounter != "none":
        while True:
            k = _index_at(s, rng.uniform(0.3, 0.7) * length)
            hx = xs[min(k + 1, n - 1)] - xs[max(k - 1, 0)]
            hy = ys[min(k + 1, n - 1)] - ys[max(k - 1, 0)]
            h = math.atan2(hy, hx)
            side = -1 if rng.next_double() < 0.5 else 1
            start = (xs[k] - math.sin(h) * side * 3.0, ys[k] + math.cos(h) * side * 3.0)
            if not (math.hypot(xs[k] - start_x, ys[k] - start_y) < 2.5
                    or math.hypot(start[0] - start_x, start[1] - start_y) < 2.0):
                break
        speed = rng.uniform(0.2, 0.4) * obstacle_speed_scale
        radius = rng.uniform(0.2, 0.35)
        t_meet = s[k] / target_speed_mps + rng.uniform(-1.5, 1.5)
        if encounter == "crossing":
            travel = min(speed * t_meet, 3.0)
            obstacle = ObstacleMotion(xs[k] - math.sin(h) * side * travel, ys[k] + math.cos(h) * side * travel,
                                      math.sin(h) * side * speed, -math.cos(h) * side * speed, radius,
                                      max(0.0, t_meet - travel / speed), math.inf)
        else:
            travel = 2.0
            stop_offset = rng.uniform(-0.2, 0.2)
            move_s = (travel - abs(stop_offset) * _signum(stop_offset) * side) / speed
            start_t = max(0.0, t_meet - 4.0 - move_s)
            obstacle = ObstacleMotion(xs[k] - math.sin(h) * side * travel, ys[k] + math.cos(h) * side * travel,
                                      math.sin(h) * side * speed, -math.cos(h) * side * speed, radius,
                                      start_t, start_t + move_s)
    # the obstacle moves along (sin h, -cos h) * side, the path's left normal is (-sin h, cos h)
    toward = None if obstacle is None else ("left" if side < 0 else "right")
    return Scenario("%s/%s/seed%d" % (name, encounter.replace("-", "_"), seed), xs, ys, target_speed_mps,
                    start_x, start_y, heading0 + start_yaw_err_rad, obstacle, time_limit, toward)
