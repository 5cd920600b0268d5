"""One episode's setting (io.policyrt.sim.scenario.Scenario and ObstacleMotion)."""
import math
from dataclasses import dataclass

from . import paths
from .simrandom import SimRandom

TARGET_SPEED_MPS = 0.5
ENCOUNTERS = ("none", "crossing", "step-in")
# Encounters for training only: not in the Java Scenario, never evaluated (see waiting()).
TRAINING_ENCOUNTERS = ("waiting",)


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


def of(shape, encounter, seed, obstacle_speed_scale=1.0):
    """The scenario of a path shape and encounter for a seed: standard() or, for a training
    encounter, waiting()."""
    if encounter == "waiting":
        return waiting(shape, seed, obstacle_speed_scale)
    return standard(shape, encounter, seed, obstacle_speed_scale)


def waiting(shape, seed, obstacle_speed_scale=1.0):
    """A pedestrian who stands on or beside the path ahead and walks off across it as the robot
    comes by, to the path's left or right (for training only: the Java Scenario has no twin of it).

    It is the situation the standard draw makes only by chance, when a crossing pedestrian waits at
    its start point and that point lies on another leg of a figure-eight: the robot detours round a
    standing disc, and the disc walks into the detour or away from it. Drawn from SimRandom(seed):
    the point along the path (15%..70% of its length, at least 1.2 m from the start), the disc's
    offset from the path (+-0.35 m, so it always blocks the lane), side, speed (0.2..0.4 m/s times
    obstacle_speed_scale) and radius as the standard draw's, the moment it starts walking (3 s
    before to 0.5 s after a robot at the target speed would reach it) and how far it walks
    (1..3 m)."""
    xs, ys = paths.of(shape)
    rng = SimRandom(seed)
    s, length = _arc_lengths(xs, ys)
    while True:
        k = _index_at(s, rng.uniform(0.15, 0.7) * length)
        if math.hypot(xs[k] - xs[0], ys[k] - ys[0]) >= 1.2:
            break
    h = _heading_at(xs, ys, k)
    offset = rng.uniform(-0.35, 0.35)
    side = -1 if rng.next_double() < 0.5 else 1
    speed = rng.uniform(0.2, 0.4) * obstacle_speed_scale
    radius = rng.uniform(0.2, 0.35)
    start_t = max(0.5, s[k] / TARGET_SPEED_MPS + rng.uniform(-3.0, 0.5))
    travel = rng.uniform(1.0, 3.0)
    obstacle = ObstacleMotion(xs[k] - math.sin(h) * offset, ys[k] + math.cos(h) * offset,
                              math.sin(h) * side * speed, -math.cos(h) * side * speed, radius,
                              start_t, start_t + travel / speed)
    heading0 = math.atan2(ys[1] - ys[0], xs[1] - xs[0])
    return Scenario("%s/waiting/seed%d" % (shape, seed), xs, ys, TARGET_SPEED_MPS, xs[0], ys[0], heading0,
                    obstacle, _time_limit_s(length, TARGET_SPEED_MPS), "left" if side < 0 else "right")


def _arc_lengths(xs, ys):
    """(arc length at each path point, total length)."""
    s = [0.0] * len(xs)
    for i in range(1, len(xs)):
        s[i] = s[i - 1] + math.hypot(xs[i] - xs[i - 1], ys[i] - ys[i - 1])
    return s, s[-1]


def _heading_at(xs, ys, k):
    """The path's heading at point k, from its neighbours on either side."""
    n = len(xs)
    return math.atan2(ys[min(k + 1, n - 1)] - ys[max(k - 1, 0)], xs[min(k + 1, n - 1)] - xs[max(k - 1, 0)])


def _time_limit_s(length_m, target_speed_mps):
    return 1.6 * length_m / target_speed_mps + 20


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
    s, length = _arc_lengths(xs, ys)
    heading0 = math.atan2(ys[1] - ys[0], xs[1] - xs[0])
    start_x = xs[0] - math.sin(heading0) * start_lateral_m
    start_y = ys[0] + math.cos(heading0) * start_lateral_m
    time_limit = _time_limit_s(length, target_speed_mps)

    obstacle = None
    if encounter != "none":
        while True:
            k = _index_at(s, rng.uniform(0.3, 0.7) * length)
            h = _heading_at(xs, ys, k)
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
