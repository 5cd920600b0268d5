"""The reference path as the controller holds it, and the projection of the robot onto it
(io.policyrt.controller.domain.PathReference and observation.PathTracker)."""
import bisect
import itertools
import math

from .angles import wrap

WINDOW_BACK_M = 0.5
WINDOW_AHEAD_M = 2.0
CURVATURE_BASE_M = 0.3
START_TIE_M = 0.2  # PathTracker.START_TIE_M
_ids = itertools.count(1)


class PathReference:
    """A path with cumulative arc lengths and a target speed; a new id per path, as in Java."""

    def __init__(self, xs, ys, target_speed_mps):
        if len(xs) < 2:
            raise ValueError("a path needs at least 2 points, got %d" % len(xs))
        arc = [0.0]
        s = 0.0
        for i in range(1, len(xs)):
            s += math.hypot(xs[i] - xs[i - 1], ys[i] - ys[i - 1])
            arc.append(s)
        if s <= 0:
            raise ValueError("path has zero length")
        self.x_m = list(xs)
        self.y_m = list(ys)
        self.arc_m = arc
        self.count = len(xs)
        self.length_m = s
        self.target_speed_mps = target_speed_mps
        self.id = next(_ids)
        self._headings = [self._heading(i) for i in range(self.count - 1)]
        # Per segment (start x, start y, dx, dy, squared length): the values PathTracker computes
        # for each segment it searches, computed once.
        self.segments = []
        for i in range(self.count - 1):
            dx = self.x_m[i + 1] - self.x_m[i]
            dy = self.y_m[i + 1] - self.y_m[i]
            self.segments.append((self.x_m[i], self.y_m[i], dx, dy, dx * dx + dy * dy))

    def segment_at(self, s_m):
        """Index i of the segment [i, i+1] holding arc length s (clamped to the path)."""
        if s_m <= 0:
            return 0
        if s_m >= self.length_m:
            return self.count - 2
        return bisect.bisect_right(self.arc_m, s_m) - 1

    def _heading(self, i):
        for k in range(i, -1, -1):
            dx = self.x_m[k + 1] - self.x_m[k]
            dy = self.y_m[k + 1] - self.y_m[k]
            if dx != 0 or dy != 0:
                return math.atan2(dy, dx)
        return 0.0

    def segment_heading_rad(self, i):
        return self._headings[i]


class PathTracker:
    """Windowed projection of the robot onto the path: progress, lateral and heading error,
    look-ahead point in the robot frame, curvature, remaining length."""

    def __init__(self, lookahead_m):
        if not lookahead_m > 0:
            raise ValueError("look-ahead distance must be > 0 m, got %r" % lookahead_m)
        self.lookahead_m = lookahead_m
        self._path_id = -1
        self.progress_m = 0.0
        self.lateral_error_m = 0.0
        self.heading_error_rad = 0.0
        self.path_heading_rad = 0.0
        self.lookahead_x_m = 0.0
        self.lookahead_y_m = 0.0
        self.curvature_1pm = 0.0
        self.remaining_m = 0.0
        self.valid = False

    def update(self, path, x, y, yaw):
        n = path.count
        if n < 2:
            self.valid = False
            return
        if not (math.isfinite(x) and math.isfinite(y) and math.isfinite(yaw)):
            nan = math.nan
            self.lateral_error_m = self.heading_error_rad = self.lookahead_x_m = self.lookahead_y_m = nan
            self.curvature_1pm = self.remaining_m = nan
            self.valid = True
            return
        new_path = path.id != self._path_id
        if new_path:
            self._path_id = path.id
            first, last = 0, n - 2
        else:
            first = path.segment_at(self.progress_m - WINDOW_BACK_M)
            last = path.segment_at(self.progress_m + WINDOW_AHEAD_M)
        xs = path.x_m
        ys = path.y_m
        best_d2 = math.inf
        best_seg = first
        best_t = 0.0
        segments = path.segments
        for i in range(first, last + 1):
            ax, ay, dx, dy, len2 = segments[i]
            t = ((x - ax) * dx + (y - ay) * dy) / len2 if len2 > 0 else 0.0
            t = 0.0 if t < 0 else (1.0 if t > 1 else t)
            px = ax + t * dx - x
            py = ay + t * dy - y
            d2 = px * px + py * py
            if d2 < best_d2:
                best_d2 = d2
                best_seg = i
                best_t = t
        if new_path:
            # Mirrors PathTracker.START_TIE_M: on a new path the earliest near-closest segment wins.
            tie = math.sqrt(best_d2) + START_TIE_M
            tie_d2 = tie * tie
            for i in range(0, best_seg):
                d2, t = _project_d2(segments[i], x, y)
                if d2 <= tie_d2:
                    # The earliest branch this close: descend to its own closest segment.
                    while i < best_seg:
                        nd2, nt = _project_d2(segments[i + 1], x, y)
                        if not nd2 < d2:
                            break
                        d2, t = nd2, nt
                        i += 1
                    best_seg = i
                    best_t = t
                    break
        arc = path.arc_m
        seg_len = arc[best_seg + 1] - arc[best_seg]
        self.progress_m = progress = arc[best_seg] + best_t * seg_len
        self.path_heading_rad = heading = path.segment_heading_rad(best_seg)
        proj_x = xs[best_seg] + best_t * (xs[best_seg + 1] - xs[best_seg])
        proj_y = ys[best_seg] + best_t * (ys[best_seg + 1] - ys[best_seg])
        self.lateral_error_m = -math.sin(heading) * (x - proj_x) + math.cos(heading) * (y - proj_y)
        self.heading_error_rad = wrap(yaw - heading)

        ahead = progress + self.lookahead_m
        ia = path.segment_at(ahead)
        t = _segment_fraction(path, ia, ahead)
        lx = xs[ia] + t * (xs[ia + 1] - xs[ia])
        ly = ys[ia] + t * (ys[ia + 1] - ys[ia])
        c = math.cos(yaw)
        s = math.sin(yaw)
        self.lookahead_x_m = c * (lx - x) + s * (ly - y)
        self.lookahead_y_m = -s * (lx - x) + c * (ly - y)

        heading_ahead = path.segment_heading_rad(path.segment_at(progress + CURVATURE_BASE_M))
        self.curvature_1pm = wrap(heading_ahead - heading) / CURVATURE_BASE_M
        self.remaining_m = max(0.0, path.length_m - progress)
        self.valid = True


def _project_d2(segment, x, y):
    """Squared distance from (x, y) to a segment and the projection's fraction, as PathTracker.projectD2."""
    ax, ay, dx, dy, len2 = segment
    t = ((x - ax) * dx + (y - ay) * dy) / len2 if len2 > 0 else 0.0
    t = 0.0 if t < 0 else (1.0 if t > 1 else t)
    px = ax + t * dx - x
    py = ay + t * dy - y
    return px * px + py * py, t


def _segment_fraction(path, i, s_m):
    s0 = path.arc_m[i]
    length = path.arc_m[i + 1] - s0
    t = (s_m - s0) / length if length > 0 else 0.0
    return max(0.0, min(1.0, t)) if s_m < path.length_m else t
