"""The simulated differential-drive robot (io.policyrt.sim.robot): parameters, sensor noise, body."""
import collections
import math
from dataclasses import dataclass

from .angles import java_round, wrap

_LATENCY_SLOTS = 1024


@dataclass(frozen=True)
class RobotParams:
    """Physical parameters of the simulated robot (RobotParams.java)."""
    wheel_radius_m: float = 0.08
    wheel_separation_m: float = 0.40
    motor_time_constant_s: float = 0.05
    max_wheel_accel_radps2: float = 30.0
    max_wheel_radps: float = 15.0
    body_radius_m: float = 0.30
    command_timeout_s: float = 0.5

    def __post_init__(self):
        if not (self.wheel_radius_m > 0 and self.wheel_separation_m > 0 and self.motor_time_constant_s >= 0
                and self.max_wheel_accel_radps2 > 0 and self.max_wheel_radps > 0 and self.body_radius_m > 0
                and self.command_timeout_s > 0):
            raise ValueError("robot parameters must be positive: %r" % (self,))



@dataclass(frozen=True)
class SensorNoise:
    """Odometry noise standard deviations and command latency (SensorNoise.java)."""
    position_m: float = 0.0
    yaw_rad: float = 0.0
    velocity_mps: float = 0.0
    yaw_rate_radps: float = 0.0
    command_latency_s: float = 0.0

    def __post_init__(self):
        if min(self.position_m, self.yaw_rad, self.velocity_mps, self.yaw_rate_radps, self.command_latency_s) < 0:
            raise ValueError("noise and latency must be >= 0: %r" % (self,))

    @staticmethod
    def none():
        return SensorNoise()

    @staticmethod
    def realistic():
        """5 mm, 0.5 deg, 1 cm/s, 0.01 rad/s, 10 ms latency."""
        return SensorNoise(0.005, math.radians(0.5), 0.01, 0.01, 0.010)


class DiffDriveRobot:
    """Wheel set-points through a first-order motor lag and an acceleration limit, exact-arc pose
    integration on a fixed step, a command latency queue and a command timeout (DiffDriveRobot.java)."""

    def __init__(self, params, command_latency_s):
        self.params = params
        self.latency_nanos = java_round(command_latency_s * 1e9)
        self._pending = collections.deque(maxlen=_LATENCY_SLOTS)  # (apply_at_nanos, left, right); drops the oldest
        self.x_m = self.y_m = self.yaw_rad = 0.0
        self.left_radps = self.right_radps = 0.0
        self._left_target = self._right_target = 0.0
        self._last_command_nanos = None
        self._alpha_cache = {}

    def reset(self, x_m, y_m, yaw_rad):
        self.x_m, self.y_m, self.yaw_rad = x_m, y_m, yaw_rad
        self.left_radps = self.right_radps = self._left_target = self._right_target = 0.0
        self._pending.clear()
        self._last_command_nanos = None

    def command(self, now_nanos, left_radps, right_radps):
        """A wheel command arrives; non-finite values are ignored (the driver keeps the last)."""
        if not (math.isfinite(left_radps) and math.isfinite(right_radps)):
            return
        if self.latency_nanos == 0:
            self._apply(now_nanos, left_radps, right_radps)
        else:
            self._pending.append((now_nanos + self.latency_nanos, left_radps, right_radps))

    def _apply(self, now_nanos, left, right):
        m = self.params.max_wheel_radps
        self._left_target = max(-m, min(m, left))
        self._right_target = max(-m, min(m, right))
        self._last_command_nanos = now_nanos

    def advance(self, now_nanos, until_nanos, step_nanos, dt_s):
        """Runs DiffDriveRobot.step for every whole physics step from now_nanos up to until_nanos and
        returns the new time: due latency-queue commands apply, the command timeout zeroes the
        set-points, each wheel follows its set-point through the motor lag and the acceleration
        limit, the pose integrates along the exact arc. Inlined with local variables (the hot loop);
        the arithmetic and its order are Java's."""
        p = self.params
        pending = self._pending
        timeout = p.command_timeout_s * 1e9
        tau = p.motor_time_constant_s
        alpha = 0.0
        if tau > 0:
            alpha = self._alpha_cache.get(dt_s)
            if alpha is None:
                alpha = self._alpha_cache[dt_s] = 1 - math.exp(-dt_s / tau)
        max_step = p.max_wheel_accel_radps2 * dt_s
        max_wheel = p.max_wheel_radps
        radius = p.wheel_radius_m
        separation = p.wheel_separation_m
        x, y, yaw = self.x_m, self.y_m, self.yaw_rad
        left, right = self.left_radps, self.right_radps
        left_t, right_t = self._left_target, self._right_target
        last = self._last_command_nanos
        sin, cos, fmod = math.sin, math.cos, math.fmod
        pi, two_pi = math.pi, 2 * math.pi
        while now_nanos + step_nanos <= until_nanos:
            now_nanos += step_nanos
            while pending and pending[0][0] <= now_nanos:
                last, cmd_l, cmd_r = pending.popleft()
                left_t = max(-max_wheel, min(max_wheel, cmd_l))
                right_t = max(-max_wheel, min(max_wheel, cmd_r))
            if last is None or now_nanos - last > timeout:
                left_t = 0.0
                right_t = 0.0
            d = (left + (left_t - left) * alpha if tau > 0 else left_t) - left
            left = left + (max_step if d > max_step else (-max_step if d < -max_step else d))
            d = (right + (right_t - right) * alpha if tau > 0 else right_t) - right
            right = right + (max_step if d > max_step else (-max_step if d < -max_step else d))
            v = radius * (left + right) / 2
            w = radius * (right - left) / separation
            if abs(w) < 1e-9:
                x += v * cos(yaw) * dt_s
                y += v * sin(yaw) * dt_s
            else:
                yaw1 = yaw + w * dt_s
                x += v / w * (sin(yaw1) - sin(yaw))
                y -= v / w * (cos(yaw1) - cos(yaw))
            a = fmod(yaw + w * dt_s + pi, two_pi)
            if a < 0:
                a += two_pi
            yaw = a - pi
        self.x_m, self.y_m, self.yaw_rad = x, y, yaw
        self.left_radps, self.right_radps = left, right
        self._left_target, self._right_target = left_t, right_t
        self._last_command_nanos = last
        return now_nanos

    def body_v_mps(self):
        return self.params.wheel_radius_m * (self.left_radps + self.right_radps) / 2

    def body_w_radps(self):
        p = self.params
        return p.wheel_radius_m * (self.right_radps - self.left_radps) / p.wheel_separation_m
