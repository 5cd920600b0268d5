"""Command chatter in the Python evaluation (policyrt_sim.evaluate.play_episode): the mean absolute
rate of change of the shaped v and w commands per second; and the speed profile that tells wiggles from
deliberate speed changes (dsact_tracking.speed_profile)."""

import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import dsact_tracking  # noqa: E402
from policyrt_sim import BUNDLED, evaluate  # noqa: E402


class ChatterTest(unittest.TestCase):
    def test_alternating_turn_commands_chatter_and_a_steady_command_does_not(self):
        metrics, steady = evaluate.play_episode(lambda obs: (0.0, 0.0), "straight", "none", 0)
        ticks = iter(range(10 ** 6))
        alternating = evaluate.play_episode(lambda obs: (0.0, 0.3 if next(ticks) % 2 else -0.3), "straight", "none",
                                            0)[1]
        # steady: v ramps up to 0.4 m/s (0 mapped from [-1, 1] onto [0, 0.8]) once and drops to 0 when
        # the governor stops at the goal, w stays 0: mean |dv/dt| = 0.8 m/s over the episode's duration
        self.assertEqual(steady[1], 0.0)
        self.assertAlmostEqual(steady[0], 0.8 / metrics.time_s, delta=0.01 * steady[0])
        # alternating w = +-0.45 rad/s every 20 ms tick: the jerk limit (100 rad/s^3, 0.04 rad/s of
        # change in the increment per tick) keeps the swing small, but w still moves every tick
        self.assertGreater(alternating[1], 0.5)
        self.assertGreater(alternating[1], 100 * steady[1] + 30 * alternating[0])

    def test_the_printed_table_shows_each_case_s_chatter_as_the_json_has_it(self):
        results = evaluate.evaluate(lambda obs: (0.0, 0.0), 1, None, shapes=("straight",))
        table = evaluate.markdown(results)
        self.assertIn("| chatter dv/dt m/s^2 | chatter dw/dt rad/s^2 | min clear m |", table)
        free = results["cases"][0]
        self.assertIn("| %.3f | %.3f | n/a |" % (free["mean_abs_dv_dt_mps2"], free["mean_abs_dw_dt_radps2"]), table)
        free["mean_abs_dv_dt_mps2"] = free["mean_abs_dw_dt_radps2"] = None  # no two ticks to compare
        self.assertIn("| n/a | n/a | n/a |", evaluate.markdown(results))


class SpeedProfileTest(unittest.TestCase):
    def test_the_variation_leaves_out_wiggles_below_the_threshold_and_keeps_a_slowdown(self):
        wiggle = [0.5, 0.51, 0.5, 0.51, 0.5, 0.51, 0.5]
        self.assertAlmostEqual(dsact_tracking.speed_variation_mps(wiggle), 0.06)
        self.assertEqual(dsact_tracking.speed_variation_mps(wiggle, 0.02), 0.0)
        dip = [0.5, 0.45, 0.4, 0.3, 0.3, 0.4, 0.5]
        self.assertAlmostEqual(dsact_tracking.speed_variation_mps(dip, 0.02), 0.4)
        self.assertAlmostEqual(dsact_tracking.speed_variation_mps(dip), 0.4)
        self.assertEqual(dsact_tracking.speed_variation_mps([]), 0.0)

    def test_the_profile_s_chatter_is_the_evaluation_s_and_wiggles_leave_only_the_ramps(self):
        steady = dsact_tracking.speed_profile(lambda obs: (0.0, 0.0), BUNDLED, seeds=1, first_seed=0,
                                              shapes=("straight",), encounters=("none",))[0]
        metrics, chatter = evaluate.play_episode(lambda obs: (0.0, 0.0), "straight", "none", 0)
        self.assertAlmostEqual(steady["dv_dt_mps2"], chatter[0], delta=1e-3 * chatter[0])
        self.assertAlmostEqual(steady["max_speed_mps"], 0.4, places=6)  # 0 mapped onto [0, 0.8]
        self.assertAlmostEqual(steady["min_middle_speed_mps"], 0.4, places=6)
        ticks = iter(range(10 ** 6))
        wiggling = dsact_tracking.speed_profile(lambda obs: (0.02 if next(ticks) % 2 else -0.02, 0.0), BUNDLED,
                                                seeds=1, first_seed=0, shapes=("straight",), encounters=("none",))[0]
        # +-0.008 m/s every tick: many times the steady policy's chatter, none of it left without the wiggles
        self.assertGreater(wiggling["dv_dt_mps2"], 3 * steady["dv_dt_mps2"])
        self.assertAlmostEqual(wiggling["dv_dt_without_wiggles_mps2"], steady["dv_dt_without_wiggles_mps2"],
                               delta=0.2 * steady["dv_dt_mps2"])

    def test_a_speed_cap_holds_the_speed_command_and_the_return_is_the_episode_s_reward_sum(self):
        flat_out = lambda obs: (1.0, 0.0)  # noqa: E731  1 mapped onto [0, 0.8]: 0.8 m/s
        capped = dsact_tracking.speed_capped(flat_out, BUNDLED, 0.5)
        self.assertAlmostEqual(capped(None)[0], 0.25)  # 0.5 m/s of [0, 0.8] in [-1, 1]
        self.assertEqual(dsact_tracking.speed_capped(lambda obs: (-0.5, 0.2), BUNDLED, 0.5)(None), [-0.5, 0.2])
        with self.assertRaises(ValueError):
            dsact_tracking.speed_capped(flat_out, BUNDLED, 0.9)
        case = dict(seeds=1, first_seed=0, shapes=("straight",), encounters=("none",))
        fast = dsact_tracking.speed_profile(flat_out, BUNDLED, **case)[0]
        slow = dsact_tracking.speed_profile(capped, BUNDLED, **case)[0]
        self.assertGreater(fast["max_speed_mps"], 0.7)
        self.assertAlmostEqual(slow["max_speed_mps"], 0.5, places=6)
        rewards = []
        evaluate.play_episode(capped, "straight", "none", 0, rewards=rewards, reward_variant="yield")
        self.assertAlmostEqual(slow["return"], sum(rewards), places=9)
        # under yield-steady the same episode also pays 5 units per m/s of speed change: from rest to
        # 0.5 m/s (the episode ends at the goal, before the stop)
        steady = dsact_tracking.speed_profile(capped, BUNDLED, reward_variant="yield-steady", **case)[0]
        self.assertAlmostEqual(slow["return"] - steady["return"], 2.5, delta=0.01)


if __name__ == "__main__":
    unittest.main()
