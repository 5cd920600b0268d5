"""A short DSAC-T run on the toy environment: logs, plot, checkpoint and exact resumption."""

import csv
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import dsact  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
from tests import toy_env, toy_run  # noqa: E402

STEPS, HALF = 300, 160


def config(**overrides):
    values = dict(hidden=32, batch_size=32, buffer_size=1000, warmup_steps=60, seed=4)
    values.update(overrides)
    return toy_run.config(**values)


def trainer(out_dir, checkpoint_every=0, cfg=None):
    return toy_run.trainer(out_dir, cfg or config(), eval_every=100, eval_episodes=2, log_every=20,
                           checkpoint_every=checkpoint_every, save_replay=True)


def assert_same_state(test, a, b, path=""):
    """Recursively equal: tensors and arrays exactly, everything else by ==."""
    if isinstance(a, dict):
        test.assertEqual(sorted(a), sorted(b), path)
        for k in a:
            assert_same_state(test, a[k], b[k], "%s/%s" % (path, k))
    elif isinstance(a, (list, tuple)):
        test.assertEqual(len(a), len(b), path)
        for i, (x, y) in enumerate(zip(a, b)):
            assert_same_state(test, x, y, "%s[%d]" % (path, i))
    elif isinstance(a, torch.Tensor):
        test.assertTrue(torch.equal(a, b), path)
    elif isinstance(a, np.ndarray):
        test.assertTrue(np.array_equal(a, b), path)
    elif path.endswith("wall_time_s"):
        pass  # wall time is not part of the learning state
    else:
        test.assertEqual(a, b, path)


class TrainingSmokeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        torch.set_num_threads(1)
        cls.tmp = tempfile.TemporaryDirectory()
        cls.straight_dir = os.path.join(cls.tmp.name, "straight")
        cls.straight = trainer(cls.straight_dir, checkpoint_every=HALF)
        cls.straight.train(STEPS)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_log_has_every_column_and_one_row_per_log_interval(self):
        with open(os.path.join(self.straight_dir, "training.csv"), newline="") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual(list(rows[0].keys()), dsact.CSV_COLUMNS)
        self.assertEqual([int(r["step"]) for r in rows], list(range(20, STEPS + 1, 20)))
        last = rows[-1]
        for col in ("eval_success", "eval_return", "critic_loss", "actor_loss", "alpha", "sigma_bar_1",
                    "sigma_bar_2", "entropy"):
            self.assertNotEqual(last[col], "", col)
        # before the first update (warm-up 60 steps) there is no loss and no sigma_bar yet
        self.assertEqual(rows[0]["critic_loss"], "")
        self.assertEqual(rows[0]["sigma_bar_1"], "")
        self.assertGreater(float(last["sigma_bar_1"]), 0.0)
        # alpha starts at e and the temperature steps every second update
        self.assertNotAlmostEqual(float(last["alpha"]), np.e, places=4)
        self.assertTrue(0.0 <= float(last["eval_success"]) <= 1.0)

    def test_plot_is_a_png(self):
        with open(os.path.join(self.straight_dir, "learning_curve.png"), "rb") as f:
            self.assertEqual(f.read(4), b"\x89PNG")

    def test_update_count_follows_the_warm_up(self):
        # one update per environment step from the 60th transition on: steps 60..300
        self.assertEqual(self.straight.learner.updates, STEPS - 60 + 1)

    def test_checkpoint_then_resume_reaches_the_same_state_as_an_uninterrupted_run(self):
        checkpoint = os.path.join(self.straight_dir, "checkpoint.pt")
        saved = torch.load(checkpoint)
        self.assertEqual(saved["step"], HALF)
        resumed_dir = os.path.join(self.tmp.name, "resumed")
        resumed = toy_run.resume(checkpoint, out_dir=resumed_dir, eval_every=100, eval_episodes=2, log_every=20,
                                 save_replay=True)
        # loading restores exactly what was saved
        reloaded = resumed.state_dict()
        for key in ("learner", "replay", "step", "episodes", "obs", "env_state", "rng"):
            assert_same_state(self, saved[key], reloaded[key], key)
        resumed.train(STEPS)
        final_straight = torch.load(os.path.join(self.straight_dir, "final.pt"))
        final_resumed = torch.load(os.path.join(resumed_dir, "final.pt"))
        for key in ("learner", "replay", "step", "episodes", "obs", "env_state", "rng", "last_eval"):
            assert_same_state(self, final_straight[key], final_resumed[key], key)

    def test_resume_drops_log_rows_written_after_the_checkpoint(self):
        run_dir = os.path.join(self.tmp.name, "killed")
        t = trainer(run_dir, checkpoint_every=100)
        t.train(140)  # rows up to 140, the last checkpoint at 100
        toy_run.resume(os.path.join(run_dir, "checkpoint.pt"), log_every=20)
        with open(os.path.join(run_dir, "training.csv"), newline="") as f:
            steps = [int(r["step"]) for r in csv.DictReader(f)]
        self.assertEqual(steps, list(range(20, 101, 20)))

    def test_resume_gives_an_older_log_with_fewer_columns_the_current_header(self):
        run_dir = os.path.join(self.tmp.name, "older")
        trainer(run_dir, checkpoint_every=100).train(100)
        path = os.path.join(run_dir, "training.csv")
        with open(path, newline="") as f:
            rows = list(csv.reader(f))
        with open(path, "w", newline="") as f:  # as an older trainer wrote it: without the last column
            csv.writer(f).writerows(r[:-1] for r in rows)
        toy_run.resume(os.path.join(run_dir, "checkpoint.pt"), log_every=20).train(140)
        with open(path, newline="") as f:
            rows = list(csv.reader(f))
        self.assertEqual(rows[0], dsact.CSV_COLUMNS)
        self.assertEqual({len(r) for r in rows}, {len(dsact.CSV_COLUMNS)})
        self.assertEqual([int(r[0]) for r in rows[1:]], list(range(20, 141, 20)))


class SacSmokeTest(unittest.TestCase):
    def test_sac_trains_and_logs_no_sigma_bar(self):
        with tempfile.TemporaryDirectory() as tmp:
            t = trainer(tmp, cfg=dsact.Config.sac(hidden=16, batch_size=16, buffer_size=500, warmup_steps=40,
                                                  seed=1))
            t.train(120)
            with open(os.path.join(tmp, "training.csv"), newline="") as f:
                last = list(csv.DictReader(f))[-1]
            self.assertNotEqual(last["critic_loss"], "")
            self.assertEqual(last["sigma_bar_1"], "")
            self.assertEqual(torch.load(os.path.join(tmp, "final.pt"))["config"]["algo"], "sac")


class EnvAdapterTest(unittest.TestCase):
    class NanEnv(toy_env.PointToOrigin):
        def step(self, action):
            obs, reward, terminated, truncated, info = super().step(action)
            obs[0] = float("nan")
            return obs, reward, terminated, truncated, info

    def test_non_finite_observation_is_a_clear_error(self):
        adapter = dsact.EnvAdapter(self.NanEnv(seed=0))
        with self.assertRaisesRegex(ValueError, "non-finite observation"):
            adapter.step(np.zeros(2))

    def test_old_gym_four_tuple_and_time_limit_truncation(self):
        class OldGym(toy_env.PointToOrigin):
            def reset(self, seed=None):
                return super().reset(seed)[0]

            def step(self, action):
                obs, reward, terminated, truncated, info = super().step(action)
                info = dict(info, **({"TimeLimit.truncated": True} if truncated else {}))
                return obs, reward, terminated or truncated, info

        adapter = dsact.EnvAdapter(OldGym(seed=0))
        for _ in range(toy_env.HORIZON - 1):
            _, _, terminated, truncated, _ = adapter.step(np.zeros(2))
            self.assertFalse(terminated or truncated)
        _, _, terminated, truncated, _ = adapter.step(np.zeros(2))
        self.assertEqual((terminated, truncated), (False, True))

    def test_unknown_env_name_is_refused(self):
        with self.assertRaisesRegex(ValueError, "unknown --env"):
            dsact.resolve_env_factory("cartpole")


if __name__ == "__main__":
    unittest.main()
