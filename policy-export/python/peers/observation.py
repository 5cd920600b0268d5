"""The tracking task's observation from odometry, path and obstacle, as PolicyRT computes it.

Mirrors the Java ``SensorSnapshot``, ``PathTracker`` and ``FeatureRegistry.tracking()``: the
path projection searches 0.5 m behind to 2 m ahead of the previous one (the whole path for a new
path), features are in the robot frame (x forward, y left), and each is normalized as
``clip((x - shift) * scale, -clip, clip)``.
"""
import math

import numpy as np

WINDOW_BACK_M = 0.5
WINDOW_AHEAD_M = 2.0
CURVATURE_BASE_M = 0.3
NO_OBSTACLE_DISTANCE_M = 10.0


def wrap(rad):
    """Wraps an angle to [-pi, pi)."""
    return (rad + math.pi) % (2 * math.pi) - math.pi


class Path:
    """A reference polyline with its cumulative arc length and target speed."""

    def __init__(self, xs, ys, target_speed_mps):
        self.x = np.asarray(xs, dtype=np.float64)
        self.y = np.asarray(ys, dtype=np.float64)
        if self.x.shape != self.y.shape or self.x.size < 2:
            raise ValueError("a path needs two coordinate arrays of the same length >= 2")
        if not (np.all(np.isfinite(self.x)) and np.all(np.isfinite(self.y)) and math.isfinite(target_speed_mps)):
            raise ValueError("path is not finite")
        self.arc = np.concatenate(([0.0], np.cumsum(np.hypot(np.diff(self.x), np.diff(self.y)))))
        if self.arc[-1] <= 0:
            raise ValueError("path has zero length")
        self.target_speed_mps = float(target_speed_mps)
        self.length_m = float(self.arc[-1])

    def segment_at(self, s_m):
        """Index i of the segment [i, i+1] containing arc length s (clamped)."""
        if s_m <= 0:
            return 0
        if s_m >= self.length_m:
            return self.x.size - 2
        return int(np.searchsorted(self.arc, s_m, side="right")) - 1

    def heading(self, i):
        """Heading of segment i; of the nearest longer one before it for zero-length segments."""
        for k in range(i, -1, -1):
            dx, dy = self.x[k + 1] - self.x[k], self.y[k + 1] - self.y[k]
            if dx != 0 or dy != 0:
                return math.atan2(dy, dx)
        return 0.0


class PathTracker:
    """Projects the robot onto the path each step, searching a window around the previous projection."""

    def __init__(self, lookahead_m):
        self.lookahead_m = lookahead_m
        self.path = None
        self.progress_m = 0.0

    def update(self, path, x, y, yaw):
        """Returns lateral, heading error, look-ahead x/y (robot frame), curvature, remaining length.

        A pose that is not finite leaves the projection where it was and returns NaN for all.
        """
        if not (math.isfinite(x) and math.isfinite(y) and math.isfinite(yaw)):
            return (math.nan,) * 6
        if path is not self.path:
            self.path = path
            first, last = 0, path.x.size - 2
        else:
            first = path.segment_at(self.progress_m - WINDOW_BACK_M)
            last = path.segment_at(self.progress_m + WINDOW_AHEAD_M)
        ax, ay = path.x[first:last + 1], path.y[first:last + 1]
        dx, dy = path.x[first + 1:last + 2] - ax, path.y[first + 1:last + 2] - ay
        len2 = dx * dx + dy * dy
        with np.errstate(invalid="ignore", divide="ignore"):
            t = np.where(len2 > 0, ((x - ax) * dx + (y - ay) * dy) / len2, 0.0)
        t = np.clip(t, 0.0, 1.0)
        d2 = (ax + t * dx - x) ** 2 + (ay + t * dy - y) ** 2
        k = int(np.argmin(d2))  # first minimum, as the Java loop's strict '<'
        seg, tk = first + k, float(t[k])
        self.progress_m = path.arc[seg] + tk * (path.arc[seg + 1] - path.arc[seg])
        heading = path.heading(seg)
        proj_x = path.x[seg] + tk * (path.x[seg + 1] - path.x[seg])
        proj_y = path.y[seg] + tk * (path.y[seg + 1] - path.y[seg])
        lateral = -math.sin(heading) * (x - proj_x) + math.cos(heading) * (y - proj_y)
        heading_error = wrap(yaw - heading)
        ahead = self.progress_m + self.lookahead_m
        ia = path.segment_at(ahead)
        seg_len = path.arc[ia + 1] - path.arc[ia]
        ta = (ahead - path.arc[ia]) / seg_len if seg_len > 0 else 0.0
        if ahead < path.length_m:
            ta = min(1.0, max(0.0, ta))
        lx = path.x[ia] + ta * (path.x[ia + 1] - path.x[ia])
        ly = path.y[ia] + ta * (path.y[ia + 1] - path.y[ia])
        c, s = math.cos(yaw), math.sin(yaw)
        look_x = c * (lx - x) + s * (ly - y)
        look_y = -s * (lx - x) + c * (ly - y)
        curvature = wrap(path.heading(path.segment_at(self.progress_m + CURVATURE_BASE_M)) - heading) / CURVATURE_BASE_M
        remaining = max(0.0, path.length_m - self.progress_m)
        return lateral, heading_error, look_x, look_y, curvature, remaining


class ObservationBuilder:
    """Builds a policy's normalized observation (float32) from the latest odometry, path and obstacle."""

    def __init__(self, spec):
        self.spec = spec
        self.tracker = PathTracker(spec.lookahead_m)
        self.raw = np.zeros(len(spec.features))

    def build(self, odom, path, obstacle):
        """odom: dict with x_m, y_m, yaw_rad, v_mps, w_radps; obstacle: decoded JSON dict or None.

        Returns the normalized observation, or None when a raw feature is not finite (send a stop).
        """
        x, y, yaw, v = odom["x_m"], odom["y_m"], odom["yaw_rad"], odom["v_mps"]
        lateral, heading_error, look_x, look_y, curvature, remaining = self.tracker.update(path, x, y, yaw)
        values = {
            "lateral_error_m": lateral,
            "heading_error_rad": heading_error,
            "speed_error_mps": v - path.target_speed_mps,
            "target_speed_mps": path.target_speed_mps,
            "body_v_mps": v,
            "body_w_radps": odom["w_radps"],
            "lookahead_x_m": look_x,
            "lookahead_y_m": look_y,
            "path_curvature_1pm": curvature,
            "path_remaining_m": remaining,
        }
        values.update(self._obstacle(x, y, yaw, v, obstacle))
        for i, name in enumerate(self.spec.features):
            self.raw[i] = values[name]
        if not np.all(np.isfinite(self.raw)):
            return None
        s = self.spec
        # As the Java builder: float32 shift and scale, arithmetic in double, then float32 and clip.
        x = ((self.raw - s.shift.astype(np.float64)) * s.scale.astype(np.float64)).astype(np.float32)
        return np.clip(x, -s.clip, s.clip)

    def _obstacle(self, x, y, yaw, v, obstacle):
        if obstacle is None or not obstacle.get("present", True):
            rel = (NO_OBSTACLE_DISTANCE_M, 0.0, 0.0, 0.0)
            radius = 0.0
            distance = NO_OBSTACLE_DISTANCE_M
            clearance = NO_OBSTACLE_DISTANCE_M - self.spec.robot_radius_m
            return self._named(rel, distance, clearance)
        ox, oy, vx, vy, radius = (obstacle[k] for k in ("x_m", "y_m", "vx_mps", "vy_mps", "radius_m"))
        if obstacle.get("frame", "world") == "world":
            c, s = math.cos(yaw), math.sin(yaw)
            dx, dy = ox - x, oy - y
            rel = (c * dx + s * dy, -s * dx + c * dy, c * vx + s * vy - v, -s * vx + c * vy)
        else:
            rel = (ox, oy, vx, vy)
        distance = math.hypot(rel[0], rel[1])
        return self._named(rel, distance, distance - self.spec.robot_radius_m - radius)

    @staticmethod
    def _named(rel, distance, clearance):
        return {
            "obstacle_rel_x_m": rel[0],
            "obstacle_rel_y_m": rel[1],
            "obstacle_rel_vx_mps": rel[2],
            "obstacle_rel_vy_mps": rel[3],
            "obstacle_distance_m": distance,
            "obstacle_clearance_m": clearance,
        }
