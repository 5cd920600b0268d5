"""The tracking task's observation for a peer node, from its decoded JSON messages.

The geometry and the features come from ``policyrt_sim``, the Python mirror of PolicyRT's
controller (its ``PathTracker``, ``Snapshot`` and ``ObservationBuilder``, kept equal to the Java
code by their own parity tests). This module only turns the MQTT messages into the mirror's
inputs: a path, an odometry tuple and a world-frame obstacle.
"""
import math

from policyrt_sim.controller import ObservationBuilder as _MirrorBuilder
from policyrt_sim.controller import Snapshot
from policyrt_sim.tracker import PathReference


def path_from_message(msg):
    """A path from a decoded path message; ValueError when it is not a finite path of 2 points or more."""
    xs = [float(v) for v in msg["x_m"]]
    ys = [float(v) for v in msg["y_m"]]
    speed = float(msg["target_speed_mps"])
    if len(xs) != len(ys) or not all(math.isfinite(v) for v in xs + ys + [speed]):
        raise ValueError("path arrays differ in length or are not finite")
    return PathReference(xs, ys, speed)


def _world_obstacle(obstacle, x, y, yaw, v):
    """(x, y, vx, vy, radius) in the world frame, or None when the report says there is none."""
    if obstacle is None or not obstacle.get("present", True):
        return None
    ox, oy, vx, vy, radius = (float(obstacle[k]) for k in ("x_m", "y_m", "vx_mps", "vy_mps", "radius_m"))
    if obstacle.get("frame", "world") == "world":
        return ox, oy, vx, vy, radius
    # Robot frame: PolicyRT takes the position and the velocity as already relative, so rotate
    # them into the world and add back the robot's forward velocity the mirror subtracts.
    c, s = math.cos(yaw), math.sin(yaw)
    return x + c * ox - s * oy, y + s * ox + c * oy, c * (vx + v) - s * vy, s * (vx + v) + c * vy, radius


class ObservationBuilder:
    """A policy's normalized observation (float32) from the latest odometry, path and obstacle."""

    def __init__(self, spec):
        """spec: a ``policyrt_sim.spec.PolicySpec`` (``OnnxActor.spec``)."""
        self.snapshot = Snapshot(spec.lookahead_m, spec.robot_radius_m)
        self.builder = _MirrorBuilder(spec)

    def build(self, odom, path, obstacle):
        """odom: a decoded odometry message; obstacle: a decoded obstacle message or None.

        Returns the observation, or None when a raw feature is not finite (the node sends a stop).
        """
        x, y, yaw, v, w = (float(odom[k]) for k in ("x_m", "y_m", "yaw_rad", "v_mps", "w_radps"))
        self.snapshot.capture(path, (x, y, yaw, v, w), _world_obstacle(obstacle, x, y, yaw, v))
        observation, _, finite = self.builder.build(self.snapshot)
        return observation if finite else None

