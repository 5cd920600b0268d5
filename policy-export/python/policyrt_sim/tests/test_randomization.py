"""Domain randomization draws: deterministic per seed, within the ranges, applied to the true robot."""
import unittest

from policyrt_sim import TrackingEnv
from policyrt_sim.randomization import Randomization


class RandomizationTest(unittest.TestCase):
    def test_draws_are_per_seed_within_ranges_and_leave_the_controller_nominal(self):
        ranges = Randomization()
        env = TrackingEnv("sine", "crossing", 5, randomization=ranges)
        env.reset()
        a = env.episode_draw
        env.reset(seed=5)
        self.assertEqual(env.episode_draw, a)
        env.reset(seed=6)
        self.assertNotEqual(env.episode_draw, a)
        self.assertTrue(0.03 <= a.robot.motor_time_constant_s < 0.10)
        self.assertTrue(0.08 * 0.97 <= a.robot.wheel_radius_m < 0.08 * 1.03)
        self.assertTrue(0.40 * 0.95 <= a.robot.wheel_separation_m < 0.40 * 1.05)
        self.assertTrue(0 <= a.noise.command_latency_s < 0.04)
        self.assertTrue(0.75 <= a.obstacle_speed_scale < 1.5)
        self.assertEqual(a.drive.wheel_radius_m, 0.08)
        self.assertEqual(env.sim.robot.latency_nanos, round(env.episode_draw.noise.command_latency_s * 1e9))

    def test_obstacle_speed_scale_changes_the_obstacle_but_not_where_it_meets(self):
        slow = TrackingEnv("straight", "crossing", 1, randomization=Randomization(obstacle_speed_scale=(1.0, 1.0)))
        fast = TrackingEnv("straight", "crossing", 1, randomization=Randomization(obstacle_speed_scale=(1.5, 1.5)))
        slow.reset()
        fast.reset()
        o1, o2 = slow.scenario.obstacle, fast.scenario.obstacle
        self.assertAlmostEqual(abs(o2.vx_mps) + abs(o2.vy_mps), 1.5 * (abs(o1.vx_mps) + abs(o1.vy_mps)), places=12)

    def test_bad_ranges_are_refused(self):
        with self.assertRaises(ValueError):
            Randomization(noise_level=(1.0, 0.5))
        with self.assertRaises(ValueError):
            Randomization(wheel_radius_scale=(0.0, 1.0))

    def test_json_round_trip(self):
        r = Randomization(command_latency_s=(0.01, 0.02))
        self.assertEqual(Randomization.from_json(r.to_json()), r)


if __name__ == "__main__":
    unittest.main()
