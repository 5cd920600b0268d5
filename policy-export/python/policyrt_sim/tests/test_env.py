"""Behaviour of the Python mirror on its own (parity with Java is TrackingParityTest's job)."""
import math
import unittest

import numpy as np

from policyrt_sim import BUNDLED, TrackingEnv
from policyrt_sim import reward as task
from policyrt_sim.simrandom import SimRandom


def play(env, actor, seed=None):
    obs = env.reset(seed)
    rows = []
    done = False
    while not done:
        obs, r, done, info = env.step(actor(obs))
        rows.append((tuple(obs), r, done, info["state"], info["stop_reason"]))
    return rows, info


class SimRandomTest(unittest.TestCase):
    def test_splitmix64_matches_the_reference_stream(self):
        # SplitMix64 from state 0: the published first outputs.
        rng = SimRandom(0)
        self.assertEqual(rng.next_long_bits(), 0xE220A8397B1DCDAF)
        self.assertEqual(rng.next_long_bits(), 0x6E789E6AA1B965F4)

    def test_negative_java_seed_is_its_twos_complement(self):
        self.assertEqual(SimRandom(-1).next_double(), SimRandom(0xFFFFFFFFFFFFFFFF).next_double())

    def test_gaussian_is_roughly_standard(self):
        rng = SimRandom(7)
        g = [rng.next_gaussian() for _ in range(20000)]
        self.assertAlmostEqual(float(np.mean(g)), 0.0, delta=0.03)
        self.assertAlmostEqual(float(np.std(g)), 1.0, delta=0.03)


class TrackingEnvTest(unittest.TestCase):
    def test_observation_is_the_bundled_spec_float32_vector(self):
        env = TrackingEnv("straight", "none", 0)
        obs = env.reset()
        self.assertEqual(obs.dtype, np.float32)
        self.assertEqual(obs.shape, (BUNDLED.obs_dim,))
        self.assertEqual(env.act_dim, 2)
        self.assertTrue(np.all(np.abs(obs) <= 5.0))
        # On the path, at rest, facing along it: lateral and heading error are zero before normalization.
        self.assertEqual(env.last_raw[0], 0.0)
        self.assertEqual(env.last_raw[1], 0.0)

    def test_same_seed_and_actions_give_the_same_episode_and_seeds_differ(self):
        actor = lambda obs: (0.2, 0.1 * float(obs[6]))
        a, _ = play(TrackingEnv("sine", "crossing", 3), actor)
        b, _ = play(TrackingEnv("sine", "crossing", 3), actor)
        self.assertEqual(a, b)
        c, _ = play(TrackingEnv("sine", "crossing", 4), actor)
        self.assertNotEqual(a, c)

    def test_reset_without_seed_moves_to_the_next_seed(self):
        env = TrackingEnv("straight", "crossing", 10)
        env.reset()
        self.assertEqual(env.seed, 10)
        env.reset()
        self.assertEqual(env.seed, 11)
        env.reset(seed=3)
        self.assertEqual(env.seed, 3)

    def test_nan_action_commands_a_stop(self):
        env = TrackingEnv("straight", "none", 0)
        env.reset()
        for _ in range(50):
            env.step((1.0, 0.0))
        obs, r, done, info = env.step((math.nan, 0.0))
        self.assertEqual(info["stop_reason"], "NON_FINITE_ACTION")
        self.assertEqual(info["command"], (0.0, 0.0, 0.0, 0.0))
        self.assertTrue(math.isfinite(r))
        self.assertFalse(done)
        obs, r, done, info = env.step((1.0, math.inf))
        self.assertEqual(info["stop_reason"], "NON_FINITE_ACTION")

    def test_malformed_calls_are_refused(self):
        env = TrackingEnv("straight", "none", 0)
        with self.assertRaises(RuntimeError):
            env.step((0.0, 0.0))
        env.reset()
        with self.assertRaises(ValueError):
            env.step((0.0,))
        with self.assertRaises(ValueError):
            TrackingEnv("circle", "none", 0)
        with self.assertRaises(ValueError):
            TrackingEnv("straight", "stampede", 0)

    def test_standing_still_is_truncated_at_the_time_limit(self):
        env = TrackingEnv("straight", "none", 0)
        rows, info = play(env, lambda obs: (-1.0, 0.0))
        self.assertTrue(info["truncated"])
        self.assertIsNone(info["termination"])
        self.assertGreaterEqual(info["time_s"] + 0.02, env.scenario.time_limit_s - 1e-9)
        with self.assertRaises(RuntimeError):
            env.step((0.0, 0.0))

    def test_circling_off_the_path_terminates_with_the_corridor_penalty(self):
        env = TrackingEnv("straight", "none", 0)
        rows, info = play(env, lambda obs: (1.0, 0.3))
        self.assertEqual(info["termination"], task.LEFT_CORRIDOR)
        self.assertFalse(info["truncated"])
        self.assertLess(rows[-1][1], -task.CORRIDOR_PENALTY)
        self.assertGreater(abs(info["lateral_error_m"]), task.CORRIDOR_HALF_WIDTH_M)

    def test_without_corridor_termination_the_episode_runs_as_the_java_evaluation(self):
        env = TrackingEnv("straight", "none", 0, corridor_termination=False)
        rows, info = play(env, lambda obs: (1.0, 0.3))
        self.assertNotEqual(info["termination"], task.LEFT_CORRIDOR)

    def test_driving_into_the_obstacle_ends_in_a_collision(self):
        env = TrackingEnv("straight", "step-in", 2)
        rows, info = play(env, lambda obs: (0.3, 0.0))
        self.assertEqual(info["termination"], task.COLLISION)
        self.assertTrue(info["metrics"]["collided"])
        self.assertLess(info["clearance_m"], 0)
        self.assertLess(rows[-1][1], -task.COLLISION_PENALTY)

    def test_a_collision_margin_ends_the_training_episode_that_far_from_contact_and_scores_none(self):
        drive = lambda obs: (0.3, 0.0)
        contact, _ = play(TrackingEnv("straight", "step-in", 2), drive)
        rows, info = play(TrackingEnv("straight", "step-in", 2, collision_margin_m=0.1), drive)
        self.assertEqual(info["termination"], task.COLLISION)
        self.assertTrue(0 <= info["clearance_m"] < 0.1)
        self.assertFalse(info["metrics"]["collided"])  # evaluation would count no collision
        self.assertLess(rows[-1][1], -task.COLLISION_PENALTY)
        # the same episode as without a margin up to its last tick, which ends earlier
        self.assertLess(len(rows), len(contact))
        self.assertEqual([r[:2] for r in rows[:-1]], [r[:2] for r in contact[:len(rows) - 1]])
        for bad in (-0.01, task.SAFE_CLEARANCE_M, math.nan):
            with self.assertRaisesRegex(ValueError, "collision_margin_m"):
                TrackingEnv("straight", "step-in", 2, collision_margin_m=bad)

    def test_following_the_straight_path_completes_it(self):
        env = TrackingEnv("straight", "none", 0)
        rows, info = play(env, lambda obs: (0.25, 0.0))
        self.assertEqual(info["termination"], task.COMPLETED)
        self.assertTrue(info["metrics"]["success"])
        # At the goal the governor stops the robot instead of following the policy.
        self.assertEqual(rows[-1][4], "PATH_COMPLETE")


class RewardTest(unittest.TestCase):
    def test_tracking_terms_are_gops_scaled_to_the_period(self):
        r = task.reward(0.02, 0.1, 0.2, -0.1, 0.4, 0.3, math.inf, False, False)
        expected = -(1.4 * 0.01 + 0.04 + 16 * 0.01 + 0.2 * 0.16 + 0.5 * 0.09) * 0.1
        self.assertAlmostEqual(r, expected, places=12)

    def test_clearance_costs_only_inside_the_safe_distance(self):
        far = task.reward(0.02, 0, 0, 0, 0, 0, 0.6, False, False)
        near = task.reward(0.02, 0, 0, 0, 0, 0, 0.1, False, False)
        self.assertEqual(far, 0.0)
        self.assertAlmostEqual(near, -20 * 0.4 * 0.4 * 0.1, places=12)

    def test_yielding_drops_only_the_cost_of_being_slow(self):
        slow = task.reward(0.02, 0.1, 0.2, -0.1, 0.4, 0.3, 0.3, False, False, True)
        expected = -(1.4 * 0.01 + 0.04 + 0.2 * 0.16 + 0.5 * 0.09 + 20 * 0.2 * 0.2) * 0.1
        self.assertAlmostEqual(slow, expected, places=12)
        self.assertEqual(task.reward(0.02, 0.1, 0.2, -0.1, 0.4, 0.3, 0.3, False, False, False),
                         task.reward(0.02, 0.1, 0.2, -0.1, 0.4, 0.3, 0.3, False, False))
        # racing ahead of the obstacle costs as much as ever
        self.assertEqual(task.reward(0.02, 0.1, 0.2, 0.1, 0.6, 0.3, 0.3, False, False, True),
                         task.reward(0.02, 0.1, 0.2, 0.1, 0.6, 0.3, 0.3, False, False, False))

    def test_only_a_moving_obstacle_ahead_in_the_lane_blocks_the_way(self):
        lane = 0.3 + 0.25 + task.SAFE_CLEARANCE_M  # robot radius + obstacle radius + safe clearance

        def blocked(ahead, side, vy=0.3, yaw=0.0):
            # robot at the origin heading yaw; the obstacle at (ahead, side) in the robot frame
            c, s = math.cos(yaw), math.sin(yaw)
            return task.way_blocked(0.0, 0.0, yaw, 0.3, c * ahead - s * side, s * ahead + c * side, 0.0, vy, 0.25)

        self.assertTrue(blocked(1.0, 0.0))
        self.assertTrue(blocked(1.0, lane - 0.01))
        self.assertTrue(blocked(1.0, -(lane - 0.01)))
        self.assertTrue(blocked(2.4, 0.3, yaw=2.0))
        self.assertFalse(blocked(1.0, lane + 0.01), "outline clear of the lane by more than the safe clearance")
        self.assertFalse(blocked(1.0, 0.0, vy=0.0), "a standing obstacle is driven round, not waited for")
        self.assertFalse(blocked(-0.5, 0.0), "behind the robot")
        self.assertFalse(blocked(task.YIELD_AHEAD_M + 0.01, 0.0), "too far ahead")

    def test_yield_variant_pays_more_than_the_task_reward_while_the_pedestrian_crosses(self):
        rewards = {}
        for variant in task.VARIANTS:
            env = TrackingEnv("straight", "crossing", 2, reward_variant=variant)
            rows, _ = play(env, lambda obs: (0.2, 0.0))  # slower than the target speed: a speed error every tick
            rewards[variant] = [r[1] for r in rows]
        self.assertEqual(len(rewards[task.TRACK]), len(rewards[task.YIELD]))
        differ = [t for t, (a, b) in enumerate(zip(rewards[task.TRACK], rewards[task.YIELD])) if a != b]
        self.assertGreater(len(differ), 10, "the pedestrian crosses in front of the robot")
        for t in differ:
            self.assertGreater(rewards[task.YIELD][t], rewards[task.TRACK][t])
        self.assertEqual(differ, list(range(differ[0], differ[-1] + 1)), "one window: while it is in the way")

    def test_yield_steady_charges_each_tick_the_body_speed_change_on_top_of_the_yield_reward(self):
        rows = {}
        for variant in (task.YIELD, task.YIELD_STEADY):
            env = TrackingEnv("straight", "crossing", 2, reward_variant=variant)
            period_s = env.period_nanos * 1e-9
            # surges of speed every half second, slower than the target: speed changes in both directions
            tick = iter(range(10 ** 6))
            rows[variant], _ = play(env, lambda obs: (0.6 if next(tick) % 50 < 25 else -0.2, 0.0))
        self.assertEqual(len(rows[task.YIELD]), len(rows[task.YIELD_STEADY]))
        previous_v, charged = 0.0, 0
        for plain, steady in zip(rows[task.YIELD], rows[task.YIELD_STEADY]):
            self.assertEqual(plain[3], steady[3], "the variant changes the reward, not the episode")
            v = steady[3][3]
            cost = task.SPEED_CHANGE_WEIGHT * abs(v - previous_v) / period_s * period_s / task.REFERENCE_PERIOD_S
            self.assertAlmostEqual(plain[1] - steady[1], cost, places=12)
            charged += cost > 1e-6
            previous_v = v
        self.assertGreater(charged, len(rows[task.YIELD]) // 2)

    def test_an_unknown_reward_variant_is_refused(self):
        with self.assertRaisesRegex(ValueError, "unknown reward variant 'wait'"):
            TrackingEnv("straight", "crossing", 0, reward_variant="wait")


if __name__ == "__main__":
    unittest.main()
