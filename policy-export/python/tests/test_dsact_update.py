"""The DSAC-T update on tiny fixed tensors: loss gradients, clipping, target actor, cadence, flags."""

import math
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import dsact  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

OBS, ACT = 3, 2


def learner(config=None):
    torch.manual_seed(0)
    return dsact.Learner(OBS, ACT, config or dsact.Config(hidden=16, batch_size=4, buffer_size=16))


def batch(n=4, seed=1):
    g = torch.Generator().manual_seed(seed)
    return dsact.Transitions.one_step(torch.randn(n, OBS, generator=g), torch.rand(n, ACT, generator=g) * 2 - 1,
                                      torch.randn(n, generator=g), torch.randn(n, OBS, generator=g),
                                      torch.tensor([0.0, 1.0, 0.0, 0.0][:n]))


def loss_grads(lrn, q, std, y, y_s, sigma_bar):
    """d loss / d q and d loss / d std for leaf tensors q, std."""
    q = torch.tensor(q, requires_grad=True)
    std = torch.tensor(std, requires_grad=True)
    loss = lrn.distributional_loss(q, std, torch.tensor(y), torch.tensor(y_s), torch.tensor(sigma_bar))
    loss.backward()
    return q.grad, std.grad, float(loss)


class CriticLossGradientTest(unittest.TestCase):
    def test_mean_moves_toward_the_expected_target_not_the_sample(self):
        lrn = learner()
        # y above Q for sample 0, below for sample 1; the sampled targets point the other way.
        gq, _, _ = loss_grads(lrn, [0.0, 0.0], [1.0, 1.0], y=[1.0, -1.0], y_s=[-1.0, 1.0], sigma_bar=1.0)
        # gradient descent moves Q by -grad: up for sample 0, down for sample 1.
        self.assertLess(gq[0], 0.0)
        self.assertGreater(gq[1], 0.0)
        # value: omega * -(y - Q) / (s^2 + 0.1) / B = (1 + 0.1) * -1 / 1.1 / 2 = -0.5
        self.assertAlmostEqual(float(gq[0]), -0.5, places=6)

    def test_std_grows_when_the_clipped_sample_is_beyond_it_and_shrinks_otherwise(self):
        lrn = learner()
        # |y_b - Q| = 2 > std 1 -> std grows; |y_b - Q| = 0.5 < std 1 -> std shrinks.
        _, gs, _ = loss_grads(lrn, [0.0, 0.0], [1.0, 1.0], y=[0.0, 0.0], y_s=[2.0, 0.5], sigma_bar=1.0)
        self.assertLess(gs[0], 0.0)
        self.assertGreater(gs[1], 0.0)
        # value for sample 0: omega * -((0 - 2)^2 - 1) / (1 + 0.1) / B = 1.1 * -3 / 1.1 / 2 = -1.5
        self.assertAlmostEqual(float(gs[0]), -1.5, places=6)

    def test_std_at_the_sample_distance_gets_no_gradient(self):
        _, gs, _ = loss_grads(learner(), [0.0], [1.0], y=[0.0], y_s=[1.0], sigma_bar=1.0)
        self.assertEqual(float(gs[0]), 0.0)


class ClippingBoundaryTest(unittest.TestCase):
    def test_sampled_target_is_clipped_at_exactly_three_sigma_bar(self):
        lrn = learner()
        q = torch.tensor([0.5] * 7)
        sigma_bar = torch.tensor(0.25)
        y_s = torch.tensor([-10.0, 0.5 - 0.75, 0.5 - 0.5, 0.5, 0.5 + 0.7, 0.5 + 0.75, 10.0])
        y_b = lrn.clipped_sample_target(q, y_s, sigma_bar)
        expected = [0.5 - 0.75, 0.5 - 0.75, 0.5 - 0.5, 0.5, 0.5 + 0.7, 0.5 + 0.75, 0.5 + 0.75]
        for got, want in zip(y_b.tolist(), expected):
            self.assertAlmostEqual(got, want, places=6)

    def test_sigma_bar_starts_at_the_first_batch_mean_then_moves_by_tau_b(self):
        lrn = learner()
        lrn.track_sigma_bar(0, torch.tensor([1.0, 3.0]))
        self.assertAlmostEqual(float(lrn.sigma_bar[0]), 2.0, places=6)
        lrn.track_sigma_bar(0, torch.tensor([4.0, 4.0]))
        self.assertAlmostEqual(float(lrn.sigma_bar[0]), 0.995 * 2.0 + 0.005 * 4.0, places=6)


class TargetActorTest(unittest.TestCase):
    def poison_online_actor(self, lrn):
        with torch.no_grad():
            for p in lrn.actor.parameters():
                p.fill_(float("nan"))

    def test_next_action_comes_from_the_target_actor(self):
        lrn = learner()
        with torch.no_grad():  # make the target actor differ from the online one
            for p in lrn.actor_target.parameters():
                p.add_(0.3)
        self.poison_online_actor(lrn)
        obs2 = batch().boot_obs
        torch.manual_seed(5)
        act, log_prob = lrn.next_action(obs2)
        torch.manual_seed(5)
        want_act, want_log_prob = lrn.actor_target.sample(obs2)
        self.assertTrue(torch.equal(act, want_act))
        self.assertTrue(torch.equal(log_prob, want_log_prob))
        y, y_s = lrn.targets(batch())
        self.assertTrue(torch.isfinite(y).all() and torch.isfinite(y_s).all())

    def test_sac_draws_the_next_action_from_the_online_actor(self):
        lrn = learner(dsact.Config.sac(hidden=16, batch_size=4, buffer_size=16))
        self.poison_online_actor(lrn)
        act, _ = lrn.next_action(batch().boot_obs)
        self.assertTrue(torch.isnan(act).all())

    def test_expected_target_uses_the_smaller_target_mean(self):
        lrn = learner()
        data = batch()
        rew, obs2, done = data.ret, data.boot_obs, 1 - data.boot_steps
        torch.manual_seed(9)
        y, _ = lrn.targets(data)
        torch.manual_seed(9)
        a2, lp2 = lrn.actor_target.sample(obs2)
        m1, _ = lrn.q1_target(obs2, a2)
        m2, _ = lrn.q2_target(obs2, a2)
        want = rew + 0.99 * (1 - done) * (torch.min(m1, m2) - math.e * lp2)
        self.assertTrue(torch.allclose(y, want, atol=1e-5))
        # sample 1 is terminal: its target is the reward alone.
        self.assertAlmostEqual(float(y[1]), float(rew[1]), places=6)


def snapshot(module):
    return [p.detach().clone() for p in module.parameters()]


def changed(before, module):
    return any(not torch.equal(a, b) for a, b in zip(before, module.parameters()))


class DelayedUpdateTest(unittest.TestCase):
    def test_actor_alpha_and_targets_step_only_every_second_critic_step(self):
        lrn = learner()
        data = batch()
        for step in range(1, 5):
            critic, actor = snapshot(lrn.q1), snapshot(lrn.actor)
            q1_target, q2_target, actor_target = snapshot(lrn.q1_target), snapshot(lrn.q2_target), \
                snapshot(lrn.actor_target)
            log_alpha = float(lrn.log_alpha)
            metrics = lrn.update(data)
            delayed = step % 2 == 0
            self.assertEqual(metrics["delayed"], delayed, "step %d" % step)
            self.assertTrue(changed(critic, lrn.q1), "critic steps every time (step %d)" % step)
            self.assertEqual(changed(actor, lrn.actor), delayed, "actor at step %d" % step)
            self.assertEqual(float(lrn.log_alpha) != log_alpha, delayed, "alpha at step %d" % step)
            self.assertEqual(changed(q1_target, lrn.q1_target), delayed, "q1 target at step %d" % step)
            self.assertEqual(changed(q2_target, lrn.q2_target), delayed, "q2 target at step %d" % step)
            self.assertEqual(changed(actor_target, lrn.actor_target), delayed, "actor target at step %d" % step)

    def test_targets_move_by_polyak_tau(self):
        lrn = learner()
        before_target, before_online = snapshot(lrn.q1_target), snapshot(lrn.q1)
        lrn.update(batch())
        lrn.update(batch())
        # after the delayed step: target = 0.995 * old target + 0.005 * online after its 2nd step
        for old_t, new_t, online in zip(before_target, lrn.q1_target.parameters(), lrn.q1.parameters()):
            self.assertTrue(torch.allclose(new_t, 0.995 * old_t + 0.005 * online, atol=1e-7))
        self.assertTrue(any(not torch.equal(a, b) for a, b in zip(before_online, lrn.q1.parameters())))

    def test_alpha_starts_at_e_and_entropy_target_is_minus_act_dim(self):
        lrn = learner()
        self.assertAlmostEqual(lrn.alpha, math.e, places=5)
        self.assertEqual(lrn.target_entropy, -2.0)


class RefinementFlagTest(unittest.TestCase):
    Q, STD, Y, Y_S, SIGMA_BAR = [0.0, 0.0], [1.0, 1.0], [1.0, -1.0], [5.0, 0.2], 0.5

    def grads(self, **flags):
        lrn = learner(dsact.Config(hidden=16, batch_size=4, buffer_size=16, **flags))
        return loss_grads(lrn, self.Q, self.STD, self.Y, self.Y_S, self.SIGMA_BAR)

    def test_without_expected_value_only_the_mean_gradient_changes_to_follow_the_clipped_sample(self):
        gq, gs, _ = self.grads()
        gq_off, gs_off, _ = self.grads(expected_value=False)
        self.assertTrue(torch.equal(gs, gs_off))
        # y_b = clamp(y_s, -1.5, 1.5) = [1.5, 0.2]: both above Q, so both means move up.
        omega = 0.5 ** 2 + 0.1
        self.assertAlmostEqual(float(gq_off[0]), omega * -1.5 / 1.1 / 2, places=6)
        self.assertAlmostEqual(float(gq_off[1]), omega * -0.2 / 1.1 / 2, places=6)
        self.assertGreater(float(gq[1]), 0.0)  # with the refinement, sample 1 follows y = -1: down

    def test_without_variance_clip_only_the_std_gradient_changes_to_the_raw_sample(self):
        gq, gs, _ = self.grads()
        gq_off, gs_off, _ = self.grads(variance_clip=False)
        self.assertTrue(torch.equal(gq, gq_off))
        omega = 0.5 ** 2 + 0.1
        # clipped: (1.5^2 - 1); unclipped: (5^2 - 1); sample 1 (0.2) is inside the bound either way.
        self.assertAlmostEqual(float(gs[0]), -omega * (1.5 ** 2 - 1) / 1.1 / 2, places=5)
        self.assertAlmostEqual(float(gs_off[0]), -omega * (5.0 ** 2 - 1) / 1.1 / 2, places=5)
        self.assertEqual(float(gs[1]), float(gs_off[1]))

    def test_without_grad_scaling_the_whole_loss_loses_exactly_the_factor_omega(self):
        gq, gs, loss = self.grads()
        gq_off, gs_off, loss_off = self.grads(grad_scaling=False)
        omega = 0.5 ** 2 + 0.1
        self.assertAlmostEqual(loss, omega * loss_off, places=6)
        self.assertTrue(torch.allclose(gq, omega * gq_off) and torch.allclose(gs, omega * gs_off))

    def test_flags_reach_the_full_critic_update(self):
        data = batch()
        losses = {}
        for name, flags in (("all", {}), ("no_ev", {"expected_value": False}), ("no_clip", {"variance_clip": False}),
                            ("no_scale", {"grad_scaling": False})):
            lrn = learner(dsact.Config(hidden=16, batch_size=4, buffer_size=16, **flags))
            torch.manual_seed(3)
            losses[name] = float(lrn.critic_loss(data))
        self.assertEqual(len(set(losses.values())), 4, losses)


class SacModeTest(unittest.TestCase):
    def test_sac_critic_loss_is_the_mse_to_the_soft_target(self):
        lrn = learner(dsact.Config.sac(hidden=16, batch_size=4, buffer_size=16))
        self.assertIsInstance(lrn.q1, dsact.QCritic)
        data = batch()
        obs, act, rew, obs2, done = data.obs, data.act, data.ret, data.boot_obs, 1 - data.boot_steps
        torch.manual_seed(11)
        loss = lrn.critic_loss(data)
        torch.manual_seed(11)
        a2, lp2 = lrn.actor.sample(obs2)
        q_next = torch.min(lrn.q1_target(obs2, a2)[0], lrn.q2_target(obs2, a2)[0])
        y = rew + 0.99 * (1 - done) * (q_next - math.e * lp2)
        want = ((lrn.q1(obs, act)[0] - y) ** 2).mean() + ((lrn.q2(obs, act)[0] - y) ** 2).mean()
        self.assertAlmostEqual(float(loss), float(want), places=5)
        self.assertEqual(lrn.sigma_bar, [None, None])

    def test_sac_config_refuses_refinements(self):
        with self.assertRaises(ValueError):
            dsact.Config(algo="sac")
        config = dsact.Config.sac()
        self.assertFalse(config.expected_value or config.variance_clip or config.grad_scaling)


class ActorTest(unittest.TestCase):
    def test_log_std_is_clamped_and_the_mode_is_tanh_of_the_mean(self):
        torch.manual_seed(0)
        actor = dsact.TanhGaussianActor(OBS, ACT, hidden=8)
        with torch.no_grad():
            actor.net[-1].bias.copy_(torch.tensor([0.3, -0.2, 50.0, -50.0]))
            actor.net[-1].weight.zero_()
        obs = torch.zeros(1, OBS)
        mean, std = actor(obs)
        self.assertAlmostEqual(float(std[0, 0]), math.exp(0.5), places=5)
        self.assertAlmostEqual(float(std[0, 1]), math.exp(-20.0), places=12)
        self.assertTrue(torch.allclose(actor.mode(obs), torch.tanh(torch.tensor([[0.3, -0.2]]))))

    def test_log_prob_includes_the_tanh_correction(self):
        torch.manual_seed(0)
        actor = dsact.TanhGaussianActor(OBS, ACT, hidden=8)
        obs = torch.randn(5, OBS)
        torch.manual_seed(1)
        act, log_prob = actor.sample(obs)
        torch.manual_seed(1)
        mean, std = actor(obs)
        u = mean + std * torch.randn_like(mean)
        want = (torch.distributions.Normal(mean, std).log_prob(u) - torch.log(1 - torch.tanh(u) ** 2)).sum(-1)
        self.assertTrue(torch.allclose(log_prob, want, atol=1e-4))
        self.assertTrue((act.abs() <= 1).all())

    def test_critic_std_is_softplus_and_positive(self):
        critic = dsact.GaussianReturnCritic(OBS, ACT, hidden=8)
        with torch.no_grad():
            critic.net[-1].weight.zero_()
            critic.net[-1].bias.copy_(torch.tensor([1.0, -3.0]))
        mean, std = critic(torch.zeros(2, OBS), torch.zeros(2, ACT))
        self.assertTrue(torch.allclose(std, F.softplus(torch.tensor(-3.0)).expand(2)))
        self.assertTrue(torch.allclose(mean, torch.ones(2)))


if __name__ == "__main__":
    unittest.main()
