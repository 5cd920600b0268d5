"""The training recipe's ingredients: environment steps per update, the CAPS smoothness term, the warm
start's imitation term, n-step targets, the risk-averse actor, and an exact resume of a tracking-task run
with mirror augmentation (environment state and replay buffer in the checkpoint)."""

import math
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import dsact  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
from tests import toy_run  # noqa: E402
from tests.test_dsact_tracking import TEACHER  # noqa: E402
from tests.test_dsact_training import assert_same_state  # noqa: E402


class StepsPerUpdateTest(unittest.TestCase):
    def test_one_update_every_k_environment_steps_after_the_warm_up(self):
        torch.set_num_threads(1)
        with tempfile.TemporaryDirectory() as tmp:
            t = toy_run.trainer(tmp, toy_run.config(seed=2, env_steps_per_update=4), log_every=20)
            t.train(120)
            # steps 40, 44, ..., 120: (120 - 40) / 4 + 1
            self.assertEqual(t.learner.updates, 21)

    def test_ratio_below_one_is_refused(self):
        with self.assertRaisesRegex(ValueError, "env_steps_per_update"):
            dsact.Config(env_steps_per_update=0)


class CapsTest(unittest.TestCase):
    def batch(self):
        g = torch.Generator().manual_seed(3)
        return torch.randn(32, 5, generator=g), torch.randn(32, 5, generator=g)

    def test_the_term_adds_weight_times_the_mean_squared_change_of_the_deployed_action(self):
        obs, obs2 = self.batch()
        plain = dsact.Learner(5, 2, dsact.Config(hidden=16, seed=0))
        smooth = dsact.Learner(5, 2, dsact.Config(hidden=16, seed=0, caps_weight=0.7))
        smooth.actor.load_state_dict(plain.actor.state_dict())
        for a, b in ((smooth.q1, plain.q1), (smooth.q2, plain.q2)):
            a.load_state_dict(b.state_dict())
        torch.manual_seed(5)
        loss_plain, _, _, none, _ = plain.actor_loss(obs, obs2)
        torch.manual_seed(5)
        loss_smooth, _, _, term, _ = smooth.actor_loss(obs, obs2)
        self.assertIsNone(none)
        with torch.no_grad():
            expected = ((plain.actor.mode(obs) - plain.actor.mode(obs2)) ** 2).sum(-1).mean()
        torch.testing.assert_close(term.detach(), expected)
        torch.testing.assert_close(loss_smooth.detach(), loss_plain.detach() + 0.7 * expected)

    def test_descending_the_term_brings_consecutive_actions_together(self):
        obs, obs2 = self.batch()
        lrn = dsact.Learner(5, 2, dsact.Config(hidden=16, seed=0, caps_weight=1.0))
        opt = torch.optim.Adam(lrn.actor.parameters(), lr=1e-2)
        first = None
        for _ in range(30):
            term = ((lrn.actor.mode(obs) - lrn.actor.mode(obs2)) ** 2).sum(-1).mean()
            first = float(term) if first is None else first
            opt.zero_grad()
            term.backward()
            opt.step()
        self.assertLess(float(term), 0.2 * first)

    def test_update_logs_the_term_on_actor_steps(self):
        obs, obs2 = self.batch()
        lrn = dsact.Learner(5, 2, dsact.Config(hidden=16, seed=0, caps_weight=0.5))
        batch = dsact.Transitions.one_step(obs, torch.rand(32, 2) * 2 - 1, torch.zeros(32), obs2, torch.zeros(32))
        self.assertNotIn("caps_term", lrn.update(batch))
        self.assertGreater(lrn.update(batch)["caps_term"], 0.0)


class RiskAversionTest(unittest.TestCase):
    def test_the_actor_climbs_each_critics_mean_less_beta_times_its_std(self):
        obs = torch.randn(32, 5, generator=torch.Generator().manual_seed(3))
        averse = dsact.Learner(5, 2, dsact.Config(hidden=16, seed=0, risk_aversion=0.4))
        torch.manual_seed(5)
        loss, _, _, _, _ = averse.actor_loss(obs)
        torch.manual_seed(5)
        with torch.no_grad():
            act, log_prob = averse.actor.sample(obs)
            (q1, s1), (q2, s2) = averse.q1(obs, act), averse.q2(obs, act)
            expected = torch.mean(averse.alpha * log_prob - torch.min(q1 - 0.4 * s1, q2 - 0.4 * s2))
            neutral = torch.mean(averse.alpha * log_prob - torch.min(q1, q2))
        torch.testing.assert_close(loss.detach(), expected)
        self.assertGreater(float(loss - neutral), 0.0)  # the std is positive: aversion only lowers the value

    def test_sac_has_no_return_distribution_to_be_averse_to(self):
        with self.assertRaisesRegex(ValueError, "risk_aversion needs the return distribution"):
            dsact.Config.sac(risk_aversion=0.1)
        with self.assertRaisesRegex(ValueError, "risk_aversion must be >= 0"):
            dsact.Config(risk_aversion=-0.1)


class ImitationTest(unittest.TestCase):
    """The warm start's behaviour-cloning term (the teacher here is a stand-in function)."""

    @staticmethod
    def teacher(obs):
        return torch.tanh(obs[:, :2])

    def test_the_term_adds_weight_times_the_mean_squared_distance_to_the_teacher_or_is_the_whole_loss(self):
        g = torch.Generator().manual_seed(3)
        obs = torch.randn(32, 5, generator=g)
        plain = dsact.Learner(5, 2, dsact.Config(hidden=16, seed=0))
        warm = dsact.Learner(5, 2, dsact.Config(hidden=16, seed=0, teacher="t.onnx", bc_weight=1.0),
                             teacher=self.teacher)
        for name in ("actor", "q1", "q2"):
            getattr(warm, name).load_state_dict(getattr(plain, name).state_dict())
        torch.manual_seed(5)
        loss_plain, _, _, _, none = plain.actor_loss(obs)
        torch.manual_seed(5)
        loss_warm, _, _, _, term = warm.actor_loss(obs, bc_weight=0.4)
        self.assertIsNone(none)
        with torch.no_grad():
            expected = ((plain.actor.mode(obs) - self.teacher(obs)) ** 2).sum(-1).mean()
        torch.testing.assert_close(term.detach(), expected)
        torch.testing.assert_close(loss_warm.detach(), loss_plain.detach() + 0.4 * expected)
        only, _, _, _, _ = warm.actor_loss(obs, bc_weight=0.4, bc_only=True)
        torch.testing.assert_close(only.detach(), 0.4 * expected)

    def test_a_weight_without_a_teacher_is_refused(self):
        with self.assertRaisesRegex(ValueError, "needs the Teacher"):
            dsact.Learner(5, 2, dsact.Config(hidden=16, teacher="t.onnx", bc_weight=1.0))


class NStepTest(unittest.TestCase):
    """n-step targets: each replayed window sums the rewards of its own episode, stops at the newest
    transition, bootstraps unless the episode terminated, and a run with them resumes exactly."""

    @staticmethod
    def buffer(capacity, episodes):
        """A buffer holding episodes, each a list of 'step' / 'truncated' / 'terminal' marks; transition t has
        reward t + 1 and next observation [t + 1]."""
        buf = dsact.ReplayBuffer(1, 1, capacity, seed=0)
        t = 0
        for marks in episodes:
            for mark in marks:
                buf.add([t], [0.0], t + 1.0, [t + 1.0], mark == "terminal", mark == "truncated")
                t += 1
        return buf

    def test_windows_end_with_the_episode_or_the_newest_transition(self):
        buf = self.buffer(16, [["step"] * 3 + ["terminal"], ["step"] * 2 + ["truncated"], ["step"] * 3])
        got = buf.transitions(np.array([0, 2, 3, 5, 8, 9]), n_step=3, gamma=0.5)
        np.testing.assert_allclose(got.ret.numpy(), [1 + 0.5 * 2 + 0.25 * 3,   # three steps inside the episode
                                                     3 + 0.5 * 4,              # up to the terminal step...
                                                     4,                        # ...which does not bootstrap
                                                     6 + 0.5 * 7,              # up to the time limit, which does
                                                     9 + 0.5 * 10,             # up to the newest transition
                                                     10])
        np.testing.assert_array_equal(got.boot_steps.numpy(), [3, 0, 0, 2, 2, 1])
        np.testing.assert_array_equal(got.boot_obs.numpy()[:, 0], [3, 4, 4, 7, 10, 10])
        np.testing.assert_array_equal(got.next_obs.numpy()[:, 0], [1, 3, 4, 6, 9, 10])
        torch.testing.assert_close(got.discount(0.5), torch.tensor([0.125, 0, 0, 0.25, 0.25, 0.5]))

    def test_windows_follow_the_ring_past_its_end_and_one_step_is_the_plain_transition(self):
        buf = self.buffer(4, [["step"] * 6])  # transitions 2..5 kept, 5 (the newest) at index 1
        got = buf.transitions(np.array([2, 3, 0, 1]), n_step=3, gamma=0.5)
        np.testing.assert_allclose(got.ret.numpy(), [3 + 0.5 * 4 + 0.25 * 5, 4 + 0.5 * 5 + 0.25 * 6, 5 + 0.5 * 6, 6])
        np.testing.assert_array_equal(got.boot_steps.numpy(), [3, 3, 2, 1])
        one = buf.transitions(np.array([2, 3, 0, 1]))
        want = dsact.Transitions.one_step(*(torch.from_numpy(a[[2, 3, 0, 1]])
                                            for a in (buf.obs, buf.act, buf.rew, buf.obs2, buf.done)))
        for name, a, b in zip(dsact.Transitions._fields, one, want):
            self.assertTrue(torch.equal(a, b), name)

    def test_the_target_bootstraps_with_gamma_to_the_window_length(self):
        torch.manual_seed(0)
        lrn = dsact.Learner(3, 2, dsact.Config.sac(hidden=16))
        obs = torch.randn(3, 3)
        batch = dsact.Transitions(obs, torch.zeros(3, 2), torch.tensor([1.0, 2.0, 3.0]), obs + 1,
                                  torch.tensor([3.0, 0.0, 1.0]), obs)
        torch.manual_seed(1)
        y, _ = lrn.targets(batch)
        torch.manual_seed(1)
        a2, lp2 = lrn.actor.sample(obs + 1)
        soft = torch.min(lrn.q1_target(obs + 1, a2)[0], lrn.q2_target(obs + 1, a2)[0]) - math.e * lp2
        torch.testing.assert_close(y, batch.ret + torch.tensor([0.99 ** 3, 0.0, 0.99]) * soft)

    def test_a_run_with_n_step_targets_resumes_exactly_and_the_window_is_kept(self):
        torch.set_num_threads(1)
        with tempfile.TemporaryDirectory() as tmp:
            straight = toy_run.trainer(os.path.join(tmp, "a"), toy_run.config(seed=3, n_step=3),
                                       log_every=20, checkpoint_every=100, save_replay=True)
            straight.train(170)
            buf = straight.buffer
            self.assertEqual(int(buf.end[:buf.size].sum()), straight.episodes)   # every episode's end recorded
            with self.assertRaisesRegex(ValueError, "n_step cannot change"):
                toy_run.resume(os.path.join(tmp, "a", "checkpoint.pt"), overrides={"n_step": 1})
            resumed = toy_run.resume(os.path.join(tmp, "a", "checkpoint.pt"), overrides={"n_step": 3},
                                     out_dir=os.path.join(tmp, "b"), log_every=20, save_replay=True)
            resumed.train(170)
            a, b = (torch.load(os.path.join(tmp, d, "final.pt")) for d in ("a", "b"))
            for key in ("learner", "replay", "step", "episodes", "rng"):
                assert_same_state(self, a[key], b[key], key)
        with self.assertRaisesRegex(ValueError, "n_step"):
            dsact.Config(n_step=0)


class TrackingResumeTest(unittest.TestCase):
    """The full recipe on the tracking task, with a warm start whose imitation is decaying at the kill,
    killed and resumed mid-episode, ends where an uninterrupted run ends: networks, optimizers, replay
    buffer, RNGs and the episode in progress."""

    def trainer(self, out_dir, checkpoint_every):
        cfg = dsact.Config(hidden=16, batch_size=32, buffer_size=2000, warmup_steps=100, seed=6,
                           env_steps_per_update=3, mirror_fraction=0.5, caps_weight=0.5, teacher=TEACHER,
                           bc_weight=1.0, bc_only_steps=50, bc_decay_steps=200)
        return dsact.Trainer(dsact.make_tracking_env, cfg, out_dir, env_name="tracking", eval_every=150,
                             eval_episodes=1, log_every=50, checkpoint_every=checkpoint_every, save_replay=True,
                             verbose=False)

    def test_resume_reproduces_the_uninterrupted_run(self):
        torch.set_num_threads(1)
        with tempfile.TemporaryDirectory() as tmp:
            straight = self.trainer(os.path.join(tmp, "straight"), 200)
            straight.train(400)
            self.assertGreater(straight.learner.updates, 90)
            saved = torch.load(os.path.join(tmp, "straight", "checkpoint.pt"))
            self.assertIsNotNone(saved["env_state"])
            resumed = dsact.Trainer.resume(os.path.join(tmp, "straight", "checkpoint.pt"), dsact.make_tracking_env,
                                           out_dir=os.path.join(tmp, "resumed"), eval_every=150, eval_episodes=1,
                                           log_every=50, checkpoint_every=0, save_replay=True, verbose=False)
            resumed.train(400)
            a = torch.load(os.path.join(tmp, "straight", "final.pt"))
            b = torch.load(os.path.join(tmp, "resumed", "final.pt"))
            for key in ("learner", "replay", "step", "episodes", "obs", "rng", "last_eval"):
                assert_same_state(self, a[key], b[key], key)
            self.assertTrue(np.array_equal(a["obs"], b["obs"]))


if __name__ == "__main__":
    unittest.main()
