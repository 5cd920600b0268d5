"""Angle wrapping as io.policyrt.controller.observation.Angles does it (Java's % is C fmod)."""
import math

_PI = math.pi
_TWO_PI = 2 * math.pi


def wrap(rad):
    """Wraps an angle to [-pi, pi)."""
    a = math.fmod(rad + _PI, _TWO_PI)
    if a < 0:
        a += _TWO_PI
    return a - _PI


def java_round(x):
    """Java's Math.round for doubles: floor(x + 0.5) (Python's round() rounds half to even)."""
    return int(math.floor(x + 0.5))
