"""Reference paths (io.policyrt.sim.scenario.ReferencePaths) as dense polylines, points every 5 cm."""
import math

SPACING_M = 0.05
SHAPES = ("straight", "sine", "figure-eight")
_cache = {}


def of(shape):
    """The polyline (xs, ys) of a named shape; cached, callers must not modify the lists."""
    if shape not in _cache:
        if shape == "straight":
            _cache[shape] = straight(12.0)
        elif shape == "sine":
            _cache[shape] = sine(14.0, 0.8, 7.0)
        elif shape == "figure-eight":
            _cache[shape] = figure_eight(3.0)
        else:
            raise ValueError("unknown path '%s' (allowed: straight, sine, figure-eight)" % shape)
    return _cache[shape]


def straight(length_m):
    return waypoints([0.0, length_m], [0.0, 0.0])


def sine(length_m, amplitude_m, wavelength_m):
    fine = int(math.ceil(length_m / 0.005))
    xs = [length_m * i / fine for i in range(fine + 1)]
    ys = [amplitude_m * math.sin(2 * math.pi * x / wavelength_m) for x in xs]
    return resample(xs, ys)


def figure_eight(half_width_m):
    """Lemniscate of Gerono, one lap, starting at the crossing heading north-east."""
    fine = 20000
    xs = []
    ys = []
    for i in range(fine + 1):
        t = 2 * math.pi * i / fine
        xs.append(half_width_m * math.sin(t))
        ys.append(half_width_m / 2 * math.sin(2 * t))
    return resample(xs, ys)


def waypoints(xs, ys):
    if len(xs) != len(ys) or len(xs) < 2:
        raise ValueError("a waypoint path needs at least 2 points with x and y each")
    return resample(xs, ys)


def resample(xs, ys):
    """Points every SPACING_M along the polyline, keeping the end point (the Java loop, step for step)."""
    ox = [xs[0]]
    oy = [ys[0]]
    carry = 0.0
    for i in range(1, len(xs)):
        x0 = xs[i - 1]
        y0 = ys[i - 1]
        dx = xs[i] - x0
        dy = ys[i] - y0
        length = math.hypot(dx, dy)
        pos = SPACING_M - carry
        while pos <= length:
            ox.append(x0 + dx * pos / length)
            oy.append(y0 + dy * pos / length)
            pos += SPACING_M
        carry = length - (pos - SPACING_M)
    if math.hypot(ox[-1] - xs[-1], oy[-1] - ys[-1]) > 1e-9:
        ox.append(xs[-1])
        oy.append(ys[-1])
    return ox, oy
