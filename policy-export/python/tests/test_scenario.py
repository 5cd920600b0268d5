"""The training-only scenario of a pedestrian who waits in the lane and walks off (scenario.waiting)."""

import math
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from policyrt_sim import paths, scenario  # noqa: E402


def nearest(xs, ys, x, y):
    """(index, distance) of the path point nearest to (x, y)."""
    return min(((i, math.hypot(xs[i] - x, ys[i] - y)) for i in range(len(xs))), key=lambda p: p[1])


class WaitingPedestrianTest(unittest.TestCase):
    def test_the_pedestrian_stands_in_the_lane_ahead_then_walks_across_it_and_stops(self):
        sides = set()
        for shape in paths.SHAPES:
            xs, ys = paths.of(shape)
            for seed in range(40):
                sc = scenario.of(shape, "waiting", seed)
                self.assertEqual(sc, scenario.waiting(shape, seed))  # the seed alone decides it
                ob = sc.obstacle
                k, off_path_m = nearest(xs, ys, ob.x_at(0), ob.y_at(0))
                self.assertLessEqual(off_path_m, 0.35 + 1e-9, sc.name)
                self.assertGreaterEqual(math.hypot(ob.x_at(0) - sc.start_x_m, ob.y_at(0) - sc.start_y_m), 1.2 - 0.35)
                self.assertTrue(0.2 <= ob.radius_m <= 0.35)
                # standing until it starts, then walking at 0.2..0.4 m/s across the path's direction there
                self.assertGreaterEqual(ob.start_time_s, 0.5)
                self.assertEqual((ob.vx_at(ob.start_time_s - 0.01), ob.vy_at(ob.start_time_s - 0.01)), (0.0, 0.0))
                speed = math.hypot(ob.vx_at(ob.start_time_s), ob.vy_at(ob.start_time_s))
                self.assertTrue(0.2 <= speed <= 0.4, speed)
                tx, ty = xs[min(k + 1, len(xs) - 1)] - xs[max(k - 1, 0)], ys[min(k + 1, len(ys) - 1)] - ys[max(k - 1, 0)]
                self.assertLess(abs(tx * ob.vx_mps + ty * ob.vy_mps) / (math.hypot(tx, ty) * speed), 0.05)
                walked_m = math.hypot(ob.x_at(1e9) - ob.x_at(0), ob.y_at(1e9) - ob.y_at(0))
                self.assertTrue(1.0 <= walked_m <= 3.0, walked_m)
                # it walks to the path's right when its velocity points along the right normal (ty, -tx)
                right = (ty * ob.vx_mps - tx * ob.vy_mps) > 0
                self.assertEqual(sc.obstacle_toward, "right" if right else "left")
                sides.add(sc.obstacle_toward)
        self.assertEqual(sides, {"left", "right"})

    def test_the_obstacle_speed_scale_of_domain_randomization_scales_the_walk(self):
        a, b = scenario.waiting("sine", 3), scenario.waiting("sine", 3, obstacle_speed_scale=1.5)
        self.assertAlmostEqual(b.obstacle.vx_mps, 1.5 * a.obstacle.vx_mps)
        self.assertAlmostEqual(b.obstacle.vy_mps, 1.5 * a.obstacle.vy_mps)


if __name__ == "__main__":
    unittest.main()
