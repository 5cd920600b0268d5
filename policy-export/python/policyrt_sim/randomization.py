"""Per-episode domain randomization, mirrored from io.policyrt.sim.task.Randomization: the same
ranges, drawn from the episode seed through SimRandom in the same order."""
from dataclasses import dataclass, fields

from .robot import RobotParams, SensorNoise
from .simrandom import SimRandom

SEED_MIX = 0x52414E44


@dataclass(frozen=True)
class Draw:
    """One episode's draw: the true robot, noise and latency, obstacle speed factor, and the
    nominal drive the controller keeps using."""
    robot: RobotParams
    noise: SensorNoise
    drive: object
    obstacle_speed_scale: float


@dataclass(frozen=True)
class Randomization:
    """(lo, hi) ranges, drawn uniformly in this order: motor lag [s], wheel radius scale, wheel
    separation scale, odometry noise level (x SensorNoise.realistic()), command latency [s],
    obstacle speed scale. See the README for the reasons behind the default ranges."""
    motor_time_constant_s: tuple = (0.03, 0.10)
    wheel_radius_scale: tuple = (0.97, 1.03)
    wheel_separation_scale: tuple = (0.95, 1.05)
    noise_level: tuple = (0.0, 2.0)
    command_latency_s: tuple = (0.0, 0.04)
    obstacle_speed_scale: tuple = (0.75, 1.5)

    def __post_init__(self):
        for f in fields(self):
            lo, hi = getattr(self, f.name)
            if not lo <= hi:
                raise ValueError("randomization range %s needs lo <= hi, got (%r, %r)" % (f.name, lo, hi))
        if (self.motor_time_constant_s[0] < 0 or self.wheel_radius_scale[0] <= 0 or self.wheel_separation_scale[0] <= 0
                or self.noise_level[0] < 0 or self.command_latency_s[0] < 0 or self.obstacle_speed_scale[0] <= 0):
            raise ValueError("randomization ranges out of bounds: %r" % (self,))

    def draw(self, seed, nominal_robot, noise_unused, drive):
        """The episode's values; the controller keeps the nominal drive (the robot it believes in)."""
        rng = SimRandom(seed ^ SEED_MIX)
        u = rng.uniform
        tau = u(*self.motor_time_constant_s)
        radius = u(*self.wheel_radius_scale)
        separation = u(*self.wheel_separation_scale)
        level = u(*self.noise_level)
        latency = u(*self.command_latency_s)
        obstacle = u(*self.obstacle_speed_scale)
        r = nominal_robot
        robot = RobotParams(r.wheel_radius_m * radius, r.wheel_separation_m * separation, tau,
                            r.max_wheel_accel_radps2, r.max_wheel_radps, r.body_radius_m, r.command_timeout_s)
        base = SensorNoise.realistic()
        noise = SensorNoise(base.position_m * level, base.yaw_rad * level, base.velocity_mps * level,
                            base.yaw_rate_radps * level, latency)
        return Draw(robot, noise, drive, obstacle)

    def to_json(self):
        return {f.name: list(getattr(self, f.name)) for f in fields(self)}

    @staticmethod
    def from_json(d):
        return Randomization(**{k: tuple(float(x) for x in v) for k, v in d.items()})


Ranges = Randomization
