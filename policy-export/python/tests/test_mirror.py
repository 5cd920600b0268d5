"""The tracking task's left-right mirror (dsact.Reflection with dsact_tracking.LATERAL_FEATURES):
checked against the simulator playing each scenario and its mirror image side by side."""

import math
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import dsact  # noqa: E402
import dsact_tracking  # noqa: E402
import export  # noqa: E402
import numpy as np  # noqa: E402
import policyrt_sim  # noqa: E402
import torch  # noqa: E402
from policyrt_sim import scenario as scenarios  # noqa: E402
from policyrt_sim import spec as sim_spec  # noqa: E402
from policyrt_sim.simulation import Simulation  # noqa: E402

METADATA = dsact_tracking.task_metadata()
SPEC = sim_spec.from_metadata(METADATA)
EXPORT_SPEC = dsact_tracking.export_spec(METADATA)
REFLECTION = dsact.Reflection.from_spec(EXPORT_SPEC, dsact_tracking.LATERAL_FEATURES, dsact_tracking.LATERAL_ACTIONS)


def mirrored_scenario(s):
    """The scenario reflected about the world x axis: y, yaw and every y velocity change sign."""
    o = s.obstacle
    obstacle = None if o is None else scenarios.ObstacleMotion(o.start_x_m, -o.start_y_m, o.vx_mps, -o.vy_mps,
                                                               o.radius_m, o.start_time_s, o.stop_time_s)
    return scenarios.Scenario(s.name + "/mirrored", list(s.path_x), [-y for y in s.path_y], s.target_speed_mps,
                              s.start_x_m, -s.start_y_m, -s.start_yaw_rad, obstacle, s.time_limit_s)


def play_side_by_side(shape, encounter, seed, ticks=400, reward_variant="track"):
    """Plays a scenario and its mirror image, the mirror with the turn command negated; a noisy
    proportional tracker drives. Returns lists of (obs, raw, reward, done) for both and the actions."""
    env = policyrt_sim.TrackingEnv(shape, encounter, seed=seed, spec=SPEC, reward_variant=reward_variant)
    mirror = policyrt_sim.TrackingEnv(shape, encounter, seed=seed, spec=SPEC, reward_variant=reward_variant)
    obs = env.reset(seed)
    mirror.reset(seed)
    mirror.scenario = mirrored_scenario(env.scenario)
    mirror.sim = Simulation(mirror.scenario, mirror.robot_params, mirror.noise, mirror.physics_step_nanos, seed)
    obs_m = mirror._observe()
    rng = np.random.default_rng(seed)
    a, b, actions = [(obs, env.last_raw, None, False)], [(obs_m, mirror.last_raw, None, False)], []
    for _ in range(ticks):
        lat, head = env.last_raw[0], env.last_raw[1]
        action = np.array([0.1 + 0.3 * rng.standard_normal(),
                           np.clip(-2.0 * lat - 1.5 * head + 0.4 * rng.standard_normal(), -1, 1)], np.float32)
        obs, r, done, _ = env.step(action)
        obs_m, r_m, done_m, _ = mirror.step(action * np.array([1, -1], np.float32))
        a.append((obs, env.last_raw, r, done))
        b.append((obs_m, mirror.last_raw, r_m, done_m))
        actions.append(action)
        if done or done_m:
            break
    return a, b, actions


class MirroredEpisodeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.episodes = [play_side_by_side(shape, "crossing", seed)
                        for shape, seed in (("straight", 3), ("sine", 5), ("figure-eight", 7))]
        cls.yield_episodes = [play_side_by_side(shape, "crossing", seed, reward_variant="yield")
                              for shape, seed in (("straight", 3), ("figure-eight", 7))]

    def test_lateral_features_are_exactly_the_ones_that_change_sign(self):
        # Reflection about the x axis maps (x, y, yaw) to (x, -y, -yaw): every robot-frame y component,
        # heading, yaw rate and curvature changes sign, every x component, speed and distance keeps it.
        lateral = np.array([f in dsact_tracking.LATERAL_FEATURES for f in SPEC.features])
        sign = np.where(lateral, -1.0, 1.0)
        for a, b, _ in self.episodes:
            self.assertGreater(len(a), 100)
            for (_, raw, _, _), (_, raw_m, _, _) in zip(a, b):
                np.testing.assert_allclose(raw_m, sign * raw, rtol=0, atol=1e-9)

    def test_reward_and_termination_are_mirror_invariant(self):
        for a, b, _ in self.episodes + self.yield_episodes:
            self.assertEqual(len(a), len(b))
            for (_, _, r, done), (_, _, r_m, done_m) in zip(a[1:], b[1:]):
                self.assertAlmostEqual(r, r_m, delta=1e-9)
                self.assertEqual(done, done_m)

    def test_reflected_observation_is_the_mirror_episodes_observation(self):
        exact = 0
        for a, b, _ in self.episodes:
            obs = torch.tensor(np.array([o for o, _, _, _ in a]))
            obs_m = torch.tensor(np.array([o for o, _, _, _ in b]))
            rows = REFLECTION.exact(obs)
            exact += int(rows.sum())
            # float32 normalization rounds each side once: a few float32 ulps of a value below 5
            torch.testing.assert_close(REFLECTION.obs(obs)[rows], obs_m[rows], rtol=0, atol=4e-6)
        self.assertGreater(exact, 300)

    def test_mirror_of_a_mirrored_transition_is_itself(self):
        a, _, actions = self.episodes[2]
        obs = torch.tensor(np.array([o for o, _, _, _ in a]))
        batch = dsact.Transitions.one_step(obs[:-1], torch.tensor(np.array(actions)),
                                           torch.tensor([r for _, _, r, _ in a[1:]], dtype=torch.float32), obs[1:],
                                           torch.tensor([float(d) for _, _, _, d in a[1:]]))
        rows = REFLECTION.exact(batch.obs) & REFLECTION.exact(batch.next_obs)
        self.assertGreater(int(rows.sum()), 100)
        twice = REFLECTION.transition(REFLECTION.transition(batch))
        for x, y in zip(batch, twice):
            torch.testing.assert_close(y[rows], x[rows], rtol=0, atol=2e-6)
        once = REFLECTION.transition(batch)
        self.assertTrue(torch.equal(once.ret, batch.ret) and torch.equal(once.boot_steps, batch.boot_steps))
        self.assertTrue(torch.equal(once.act[:, 0], batch.act[:, 0]))                         # speed kept
        self.assertTrue(torch.equal(once.act[:, 1], -batch.act[:, 1]))                        # turn negated


class ReflectShareTest(unittest.TestCase):
    def test_only_exact_rows_of_the_leading_share_are_reflected(self):
        g = torch.Generator().manual_seed(0)
        obs = torch.randn(8, SPEC.obs_dim, generator=g)
        obs[1, 0] = 5.0                          # lateral error at its clip bound: not exact
        act = torch.rand(8, 2, generator=g) * 2 - 1
        boot = obs + 0.02
        boot[3, 0] = -5.0                        # the bootstrap state of row 3 at the bound: row 3 is not exact
        batch = dsact.Transitions(obs, act, torch.zeros(8), boot, torch.full((8,), 3.0), obs + 0.01)
        out, n = REFLECTION.reflect_share(batch, 0.5)
        self.assertEqual(n, 2)                   # rows 0 and 2 of the first four
        image = REFLECTION.transition(batch)
        for i in range(8):
            expected = image if i in (0, 2) else batch
            for field in ("obs", "act", "boot_obs", "next_obs", "ret", "boot_steps"):
                self.assertTrue(torch.equal(getattr(out, field)[i], getattr(expected, field)[i]), (i, field))

    def test_asymmetric_bounds_and_unknown_names_are_refused(self):
        with self.assertRaisesRegex(ValueError, "asymmetric bounds"):
            dsact.Reflection.from_spec(EXPORT_SPEC, dsact_tracking.LATERAL_FEATURES, ("v_mps",))
        with self.assertRaisesRegex(ValueError, "no feature or action"):
            dsact.Reflection.from_spec(EXPORT_SPEC, ("lateral_error_m", "sideways_m"), ())

    def test_mirror_fraction_needs_the_tasks_reflection(self):
        with self.assertRaisesRegex(ValueError, "needs the task's Reflection"):
            dsact.Learner(3, 2, dsact.Config(hidden=8, mirror_fraction=0.5))


class MirrorAveragedActorTest(unittest.TestCase):
    """dsact.mirror_averaged: the actor averaged with its mirror image, as a plain dense chain."""

    @classmethod
    def setUpClass(cls):
        torch.manual_seed(3)
        cls.actor = dsact.TanhGaussianActor(SPEC.obs_dim, 2, 16, 3, "gelu-tanh")
        cls.averaged = dsact.mirror_averaged(cls.actor, REFLECTION, "gelu-tanh")
        cls.deployed = dsact.Float64Actor(cls.averaged.eval())

    def test_it_is_the_average_of_the_actor_and_its_mirror_image_and_exactly_symmetric(self):
        g = torch.Generator().manual_seed(1)
        x = torch.randn(4000, SPEC.obs_dim, generator=g)
        rows = REFLECTION.exact(x)
        self.assertGreater(int(rows.sum()), 3900)
        with torch.no_grad():
            a = self.deployed(x)
            image = self.deployed(REFLECTION.obs(x))
            small = self.actor.double()
            mean = small(x.double())[0]
            mirrored_mean = small(x.double() * REFLECTION.obs_sign.double() + REFLECTION.obs_offset.double())[0]
            definition = torch.tanh(0.5 * (mean + REFLECTION.act_sign.double() * mirrored_mean))
            self.actor.float()
        self.assertEqual(self.averaged.net[0].out_features, 32)
        # float32 output and the mirror's offset folded into a float32 bias: a few ulps of 1
        torch.testing.assert_close(a.double(), definition, rtol=0, atol=1e-6)
        torch.testing.assert_close(image[rows], REFLECTION.act(a)[rows], rtol=0, atol=1e-6)
        self.assertGreater(float((self.actor.mode(x)[rows][:, 1] + self.actor.mode(REFLECTION.obs(x))[rows][:, 1])
                                 .abs().max()), 1e-3)   # the plain actor is not symmetric

    def test_on_a_straight_free_lap_it_keeps_the_robot_on_the_path(self):
        # Started on the path, a symmetric policy has no side to drift to; the plain actor drifts.
        def lap(policy):
            env = policyrt_sim.TrackingEnv("straight", "none", seed=0, spec=SPEC, corridor_termination=False)
            obs, worst = env.reset(0), 0.0
            for _ in range(150):
                with torch.no_grad():
                    action = policy(torch.as_tensor(obs).unsqueeze(0))[0].numpy()
                obs, _, done, info = env.step(action)
                worst = max(worst, abs(info["lateral_error_m"]))
                if done:
                    break
            return worst

        self.assertLess(lap(self.deployed), 1e-6)
        self.assertGreater(lap(dsact.Float64Actor(self.actor.eval())), 1e-3)

    def test_a_task_without_a_mirror_image_is_refused(self):
        from tests import toy_run
        with tempfile.TemporaryDirectory() as tmp:
            toy_run.trainer(tmp, toy_run.config(hidden=8, batch_size=8, buffer_size=100, warmup_steps=20)).train(20)
            with self.assertRaisesRegex(ValueError, "has no mirror image"):
                dsact.load_actor(os.path.join(tmp, "final.pt"), mirror_average=True)


class MirrorAveragedExportTest(unittest.TestCase):
    """export --mirror-average writes the averaged chain; the PyTorch evaluation of the file and of the
    checkpoint are the same policy."""

    def test_the_exported_file_is_the_evaluated_policy(self):
        torch.set_num_threads(1)
        with tempfile.TemporaryDirectory() as tmp:
            config = dsact.Config(hidden=16, batch_size=16, buffer_size=500, warmup_steps=40, seed=2,
                                  activation="gelu-tanh", mirror_fraction=0.5)
            trainer = dsact.Trainer(dsact.make_tracking_env, config, tmp, env_name="tracking", eval_every=0,
                                    log_every=0, verbose=False)
            trainer.train(60)
            checkpoint = os.path.join(tmp, "final.pt")
            path = os.path.join(tmp, "averaged.onnx")
            metadata = dsact.export_checkpoint(checkpoint, path, golden_dir=tmp, mirror_average=True)
            self.assertEqual(metadata[export.PROVENANCE_PREFIX + "mirror_average"], "true")
            self.assertIn("mirror image (a 3x32 block chain)", metadata[export.PROVENANCE_PREFIX + "architecture"])
            from_file, _ = dsact_tracking.onnx_policy(path)
            from_checkpoint, _ = dsact_tracking.checkpoint_policy(checkpoint, mirror_average=True)
            plain, _ = dsact_tracking.checkpoint_policy(checkpoint)
            g = np.random.default_rng(0)
            differs = 0.0
            for _ in range(200):
                obs = g.normal(size=SPEC.obs_dim).astype(np.float32)
                np.testing.assert_array_equal(from_file(obs), from_checkpoint(obs))
                differs = max(differs, float(np.abs(plain(obs) - from_checkpoint(obs)).max()))
            self.assertGreater(differs, 1e-4)


if __name__ == "__main__":
    unittest.main()
