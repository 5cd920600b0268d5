"""The tracking task glue: cases, spec, episode end and success, training seeds apart from evaluation seeds."""

import contextlib
import csv
import dataclasses
import hashlib
import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import dsact  # noqa: E402
import dsact_tracking  # noqa: E402
import numpy as np  # noqa: E402
from peers.onnx_actor import to_normalized, to_physical  # noqa: E402
from policyrt_sim.spec import from_onnx  # noqa: E402


def train_tiny(out_dir, seed, steps):
    """A tiny DSAC-T run on the nominal tracking task keeping a checkpoint every 20 steps."""
    config = dsact.Config(hidden=8, layers=1, batch_size=8, buffer_size=100, warmup_steps=10, seed=seed,
                          activation="gelu-tanh")
    dsact.Trainer(dsact_tracking.make, config, out_dir, env_name="tracking", env_kwargs={"randomization": False},
                  eval_every=0, log_every=0, checkpoint_every=20, keep_checkpoints=True, verbose=False).train(steps)


def quietly(argv):
    """dsact_tracking.py's command line with its printed table dropped."""
    with open(os.devnull, "w") as devnull, contextlib.redirect_stdout(devnull):
        return dsact_tracking.main(argv)


class TrackingTaskTest(unittest.TestCase):
    def test_spec_is_the_bundled_features_at_a_tenth_of_a_second(self):
        task = dsact_tracking.TrackingTask(seed=0, randomization=False)
        spec = task.policy_spec()
        self.assertEqual(len(spec["features"]), 13)
        self.assertEqual(spec["control_period_s"], 0.1)
        self.assertEqual((spec["action_low"], spec["action_high"]), ([0.0, -1.5], [0.8, 1.5]))
        self.assertEqual(len(task.cases), 9)
        self.assertIn("randomization=off", task.version)
        self.assertIn("randomization=Randomization", dsact_tracking.TrackingTask(seed=0).version)

    def test_a_narrower_speed_range_goes_into_the_spec_and_bounds_the_commanded_speed(self):
        task = dsact_tracking.TrackingTask(seed=0, randomization=False, max_speed_mps=0.55)
        spec = task.policy_spec()
        self.assertEqual((spec["action_low"], spec["action_high"]), ([0.0, -1.5], [0.55, 1.5]))
        self.assertIn("max_speed_mps=0.55", task.version)
        task.reset(seed=1)
        speeds = [task.step(np.array([1.0, 0.0], np.float32))[4]["command"][0] for _ in range(60)]
        self.assertAlmostEqual(max(speeds), 0.55, places=6)  # the top of the action is the new range's
        for bad in (0.0, 0.9):
            with self.assertRaisesRegex(ValueError, "max_speed_mps"):
                dsact_tracking.TrackingTask(seed=0, randomization=False, max_speed_mps=bad)

    def test_a_teacher_with_the_bundled_speed_range_teaches_an_actor_with_a_narrower_one(self):
        import torch
        wide = dsact.Teacher(TEACHER, dsact_tracking.TrackingTask(seed=0, randomization=False).policy_spec())
        narrow = dsact.Teacher(TEACHER, dsact_tracking.TrackingTask(seed=0, randomization=False,
                                                                    max_speed_mps=0.6).policy_spec())
        self.assertFalse(wide.remapped)
        obs = torch.zeros(64, 13).uniform_(-1, 1, generator=torch.Generator().manual_seed(3))
        a, b = wide(obs), narrow(obs)
        speed_of = lambda action, high: (action[:, 0] + 1) / 2 * high  # noqa: E731  low is 0 in both
        expected = torch.clamp(speed_of(a, 0.8), max=0.6)
        self.assertLess((speed_of(b, 0.6) - expected).abs().max().item(), 1e-6)  # the same speed, clipped
        self.assertTrue(torch.equal(a[:, 1], b[:, 1]))  # the turn range is the same
        # the folded map is the runtime's own pair of maps
        wide_spec = from_onnx(TEACHER)
        narrow_spec = dsact_tracking.runtime_spec(dsact_tracking.TrackingTask(
            seed=0, randomization=False, max_speed_mps=0.6).policy_spec())
        composed = to_normalized(narrow_spec, to_physical(wide_spec, a.numpy()))
        np.testing.assert_allclose(b.numpy(), composed, atol=1e-6)

    def test_to_normalized_inverts_to_physical_within_the_bounds_and_clips_outside(self):
        spec = dsact_tracking.runtime_spec(dsact_tracking.TrackingTask(seed=0, randomization=False).policy_spec())
        action = np.array([[-1.0, -1.0], [0.25, -0.5], [1.0, 1.0]])
        np.testing.assert_allclose(to_normalized(spec, to_physical(spec, action)), action, atol=1e-12)
        np.testing.assert_array_equal(to_normalized(spec, [0.4, 0.0]), [0.0, 0.0])
        np.testing.assert_array_equal(to_normalized(spec, [2.0, -9.0]), [1.0, -1.0])  # beyond the bounds: clipped
        physical = dataclasses.replace(spec, action_normalized=False)
        np.testing.assert_array_equal(to_normalized(physical, [0.4, -9.0]), [0.4, -1.5])  # not mapped, still clipped

    def test_a_seeded_reset_picks_the_same_case_and_a_training_seed_above_the_evaluation_seeds(self):
        a = dsact_tracking.TrackingTask(seed=0, randomization=False)
        b = dsact_tracking.TrackingTask(seed=5, randomization=False)
        np.testing.assert_array_equal(a.reset(seed=42), b.reset(seed=42))
        self.assertEqual(a.case, b.case)
        self.assertGreaterEqual(a.env.seed, dsact_tracking.FIRST_TRAINING_SEED)
        cases = {a.reset(seed=s) is not None and a.case for s in range(60)}
        self.assertEqual(len(cases), 9)

    def test_a_collision_margin_reaches_every_case_and_names_itself_in_the_version(self):
        margin = dsact_tracking.TrackingTask(seed=0, randomization=False, collision_margin_m=0.05)
        self.assertIn("collision_margin_m=0.05", margin.version)
        self.assertEqual({env.collision_margin_m for env in margin.envs.values()}, {0.05})
        self.assertNotIn("collision_margin_m", dsact_tracking.TrackingTask(seed=0, randomization=False).version)

    def test_waiting_pedestrians_are_a_training_case_of_their_own_and_never_evaluated(self):
        from policyrt_sim import evaluate, scenario
        task = dsact_tracking.TrackingTask(seed=0, randomization=False,
                                           encounters=dsact_tracking.ENCOUNTERS + ("waiting",))
        self.assertEqual(len(task.cases), 12)
        self.assertIn("encounters=none,crossing,step-in,waiting", task.version)
        self.assertNotIn("encounters=", dsact_tracking.TrackingTask(seed=0, randomization=False).version)
        self.assertNotIn("waiting", evaluate.ENCOUNTERS)
        with self.assertRaisesRegex(ValueError, "unknown encounter 'waiting'"):
            scenario.standard("straight", "waiting", 0)
        case = ("straight", "waiting")
        while task.case != case:
            obs = task.reset()
        self.assertEqual(task.env.scenario.name.split("/")[1], "waiting")
        # the pedestrian is in view from the first tick: the observation is not that of an empty lane
        empty = dsact_tracking.TrackingTask(seed=0, randomization=False, encounters=("none",))
        self.assertFalse(np.array_equal(obs, empty.reset(seed=0)))

    def test_an_episode_ends_with_success_reported_and_the_adapter_sees_normalized_observations(self):
        adapter = dsact.EnvAdapter(dsact_tracking.make(0, randomization=False))
        self.assertEqual((adapter.obs_dim, adapter.act_dim), (13, 2))
        obs = adapter.reset(seed=1)
        self.assertTrue((np.abs(obs) <= 5.0).all())  # the env's clip, not normalized twice
        for _ in range(200):
            # full speed on a 1.3 m left circle (v 0.8 m/s, w 0.6 rad/s): out of the 1.5 m corridor in seconds
            obs, reward, terminated, truncated, info = adapter.step(np.array([1.0, 0.4], np.float32))
            if terminated or truncated:
                break
        self.assertTrue(terminated)
        self.assertIn(info["termination"], ("LEFT_CORRIDOR", "COLLISION"))
        self.assertFalse(info["success"])
        self.assertLess(reward, -99.0)  # the -100 penalty of the terminal tick


class CheckpointSelectionTest(unittest.TestCase):
    def test_select_evaluates_kept_checkpoints_on_validation_seeds_and_names_the_best(self):
        import torch
        torch.set_num_threads(1)
        with tempfile.TemporaryDirectory() as tmp:
            train_tiny(tmp, seed=3, steps=40)
            lines = []
            rows, best = dsact_tracking.select_checkpoint(tmp, from_step=20, seeds=1, log=lines.append)
            self.assertEqual([r["step"] for r in rows], [20, 40])
            self.assertEqual(len(lines), 2)
            for r in rows:
                self.assertEqual(r["episodes"], 18)  # 9 cases, nominal and randomized
                self.assertLessEqual(r["successes"] + r["collisions"], 18)
                self.assertTrue(os.path.exists(os.path.join(tmp, "checkpoint-%d.validation.json" % r["step"])))
            again, _ = dsact_tracking.select_checkpoint(tmp, from_step=20, seeds=1)  # from the cache
            self.assertEqual(again, rows)
            want = max(rows, key=lambda r: (r["successes"], -r["collisions"], -r["mean_lateral_rmse_m"], r["step"]))
            self.assertEqual(best, want)
            with self.assertRaisesRegex(ValueError, "no checkpoint-STEP.pt with STEP >= 50"):
                dsact_tracking.select_checkpoint(tmp, from_step=50)
            capped, best_capped = dsact_tracking.select_checkpoint(tmp, from_step=0, seeds=1, to_step=39)
            self.assertEqual(([r["step"] for r in capped], best_capped["step"]), ([20], 20))
            with self.assertRaisesRegex(ValueError, "STEP >= 30 and <= 39"):
                dsact_tracking.select_checkpoint(tmp, from_step=30, to_step=39)
            out = os.path.join(tmp, "selection.json")
            quietly(["select", "--run", tmp, "--from-step", "40", "--seeds", "1", "--json", out])
            with open(out) as f:
                doc = json.load(f)
            self.assertEqual(doc["validation_seeds"], [dsact_tracking.VALIDATION_FIRST_SEED,
                                                       dsact_tracking.VALIDATION_FIRST_SEED])
            self.assertEqual(doc["best"]["step"], 40)
            # evaluate --first-seed plays the episodes a validation row sums, case by case
            cases = []
            for setting in ([], ["--randomize"]):
                played = os.path.join(tmp, "validation%s.json" % "".join(setting))
                quietly(["evaluate", "--checkpoint", os.path.join(tmp, "checkpoint-40.pt"), "--seeds", "1",
                         "--first-seed", str(dsact_tracking.VALIDATION_FIRST_SEED), "--json", played] + setting)
                with open(played) as f:
                    cases += json.load(f)["cases"]
            self.assertEqual({e["seed"] for c in cases for e in c["per_episode"]},
                             {dsact_tracking.VALIDATION_FIRST_SEED})
            row = rows[1]
            self.assertEqual((len(cases), sum(c["successes"] for c in cases), sum(c["collisions"] for c in cases)),
                             (row["episodes"], row["successes"], row["collisions"]))
            self.assertAlmostEqual(sum(c["mean_lateral_rmse_m"] for c in cases) / len(cases),
                                   row["mean_lateral_rmse_m"], places=12)
            # --encounters waiting plays the training-only case, which the default leaves out
            waiting = os.path.join(tmp, "waiting.json")
            quietly(["evaluate", "--checkpoint", os.path.join(tmp, "checkpoint-40.pt"), "--seeds", "1",
                     "--shapes", "straight", "--encounters", "waiting", "--json", waiting])
            with open(waiting) as f:
                self.assertEqual([(c["path"], c["obstacle"]) for c in json.load(f)["cases"]], [("straight", "waiting")])
            with self.assertRaisesRegex(SystemExit, "unknown encounter 'walking'"):
                dsact_tracking.main(["evaluate", "--checkpoint", os.path.join(tmp, "checkpoint-40.pt"),
                                     "--encounters", "walking"])
            with self.assertRaisesRegex(SystemExit, "first_seed must be 0 or more"):
                dsact_tracking.main(["evaluate", "--checkpoint", os.path.join(tmp, "checkpoint-40.pt"),
                                     "--first-seed", "-1"])


class CriticCheckTest(unittest.TestCase):
    def test_critic_greedy_takes_the_turn_command_the_smaller_critic_rates_highest_and_keeps_the_speed(self):
        def critic(target, offset):
            # Q peaks at turn command `target`; returns (Q, std) as the critics do
            return lambda obs, act: (offset - (act[:, 1] - target) ** 2, None)

        greedy = dsact_tracking.critic_greedy(lambda obs: np.array([0.1, 0.0]), [critic(0.3, 0.0), critic(0.3, 1.0)],
                                              turn_index=1)
        np.testing.assert_allclose(greedy(np.zeros(13, np.float32)), [0.1, 0.3], atol=1e-12)
        # the smaller critic decides where they disagree: min(-(a-0.3)^2, 5 - (a+0.2)^2) peaks at 0.3
        greedy = dsact_tracking.critic_greedy(lambda obs: np.array([0.1, 0.0]), [critic(0.3, 0.0), critic(-0.2, 5.0)],
                                              turn_index=1)
        self.assertAlmostEqual(greedy(np.zeros(13, np.float32))[1], 0.3, places=12)
        # a preference beyond the window takes its edge; commands stay within [-1, 1]
        greedy = dsact_tracking.critic_greedy(lambda obs: np.array([0.5, 0.9]), [critic(2.0, 0.0)] * 2, turn_index=1)
        np.testing.assert_allclose(greedy(np.zeros(13, np.float32)), [0.5, 1.0], atol=1e-12)

    def test_pure_pursuit_turns_toward_the_look_ahead_point_at_the_target_speed(self):
        spec = dsact_tracking.sim_spec.from_metadata(dsact_tracking.task_metadata())
        ix, iy = spec.features.index("lookahead_x_m"), spec.features.index("lookahead_y_m")

        def obs(x, y):
            o = np.zeros(spec.obs_dim)
            o[ix], o[iy] = (x - spec.shift[ix]) * spec.scale[ix], (y - spec.shift[iy]) * spec.scale[iy]
            return o

        pursuit = dsact_tracking.pure_pursuit(spec)
        np.testing.assert_allclose(pursuit(obs(0.8, 0.0)), [2 * 0.5 / 0.8 - 1, 0.0], atol=1e-12)
        # w = 2 v y / (x^2 + y^2) = 0.5 rad/s of the +-1.5 range; to the right, the mirror image
        np.testing.assert_allclose(pursuit(obs(0.6, 0.2)), [0.25, 0.5 / 1.5], atol=1e-6)
        np.testing.assert_allclose(pursuit(obs(0.6, -0.2)), [0.25, -0.5 / 1.5], atol=1e-6)

    def test_critic_check_plays_each_free_lap_with_the_actor_its_critic_greedy_version_and_pure_pursuit(self):
        import torch
        torch.set_num_threads(1)
        with tempfile.TemporaryDirectory() as tmp:
            train_tiny(tmp, seed=4, steps=20)
            rows = dsact_tracking.critic_check(os.path.join(tmp, "checkpoint-20.pt"), shapes=("straight",))
            self.assertEqual([r["policy"] for r in rows], ["actor", "critic-greedy", "pure pursuit"])
            for r in rows:
                self.assertTrue(np.isfinite(r["return"]) and r["return"] < 0, r)
            # pure pursuit and the mirror-averaged actor (symmetric) hold a straight path exactly; the
            # untrained plain actor drifts
            self.assertLess(rows[2]["lateral_rmse_m"], 1e-6)
            self.assertLess(rows[0]["lateral_rmse_m"], 1e-6)
            plain = dsact_tracking.critic_check(os.path.join(tmp, "checkpoint-20.pt"), ("straight",), False)
            self.assertGreater(plain[0]["lateral_rmse_m"], 1e-3)
            with self.assertRaisesRegex(SystemExit, "no such checkpoint file"):
                dsact_tracking.main(["critic-check", "--checkpoint", os.path.join(tmp, "missing.pt")])


TEACHER = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "models",
                       "tracking-bc.onnx")


def warm_start(out_dir, teacher=TEACHER, **kwargs):
    """A tiny DSAC-T trainer on the nominal tracking task with the behaviour-cloned policy as its teacher."""
    config = dsact.Config(hidden=16, layers=1, batch_size=16, buffer_size=400, warmup_steps=20, seed=0,
                          activation="gelu-tanh", teacher=teacher, bc_weight=1.0, **kwargs)
    return dsact.Trainer(dsact_tracking.make, config, out_dir, env_name="tracking", env_kwargs={"randomization": False},
                         eval_every=0, log_every=20, checkpoint_every=100, verbose=False)


def with_metadata(source, target, key, value):
    """Copies the ONNX policy ``source`` to ``target`` with one metadata entry changed (or added)."""
    import onnx
    model = onnx.load(source)
    props = {p.key: p for p in model.metadata_props}
    if key in props:
        props[key].value = value
    else:
        entry = model.metadata_props.add()
        entry.key, entry.value = key, value
    onnx.save(model, target)


class WarmStartTest(unittest.TestCase):
    def setUp(self):
        import torch
        torch.set_num_threads(1)

    def test_the_imitation_is_the_whole_actor_loss_at_first_then_its_weight_falls_linearly_to_zero(self):
        with tempfile.TemporaryDirectory() as tmp:
            t = warm_start(tmp, bc_only_steps=100, bc_decay_steps=200)
            for step, expected in ((20, (1.0, True)), (119, (1.0, True)), (120, (1.0, False)), (220, (0.5, False)),
                                   (319, (0.005, False)), (320, (0.0, False)), (10 ** 6, (0.0, False))):
                t.step = step
                weight, only = t.imitation()
                self.assertAlmostEqual(weight, expected[0], places=12, msg=step)
                self.assertEqual(only, expected[1], step)
            t.config.bc_weight = 0.0
            self.assertEqual(t.imitation(), (0.0, False))

    def test_imitation_alone_pulls_the_actor_to_the_teacher_and_the_log_shows_the_term(self):
        import torch
        with tempfile.TemporaryDirectory() as tmp:
            t = warm_start(tmp, bc_only_steps=10 ** 6, actor_lr=3e-3)
            teacher = t.learner.teacher
            t.train(40)  # warm-up and 20 updates: gathers states
            states = torch.from_numpy(t.buffer.obs[:t.buffer.size])

            def distance():
                with torch.no_grad():
                    return float(((t.learner.actor.mode(states) - teacher(states)) ** 2).sum(-1).mean())
            before = distance()
            critic_before = [p.clone() for p in t.learner.q1.parameters()]
            t.train(400)
            self.assertLess(distance(), 0.25 * before)
            # the critics learn meanwhile
            self.assertFalse(all(torch.equal(a, b) for a, b in zip(critic_before, t.learner.q1.parameters())))
            with open(os.path.join(tmp, "training.csv"), newline="") as f:
                rows = list(csv.DictReader(f))
            self.assertEqual(rows[0]["bc_term"], "")  # warm-up, no update yet
            self.assertGreater(float(rows[-1]["bc_term"]), 0.0)
            # the actor loss is the imitation term alone
            self.assertEqual(rows[-1]["actor_loss"], rows[-1]["bc_term"])

    def test_a_teacher_that_sees_other_features_or_commands_physical_actions_is_refused(self):
        # other action bounds are mapped onto the actor's (see the narrower speed range above)
        with tempfile.TemporaryDirectory() as tmp:
            for key, value, named in (("policyrt.observation.scale", "1.0", "scale"),
                                      ("policyrt.action.normalized", "false", "action_normalized")):
                other = os.path.join(tmp, "other.onnx")
                with_metadata(TEACHER, other, key, value)
                with self.assertRaisesRegex(ValueError, "does not see or command what the actor does: its %s" % named):
                    warm_start(tmp, teacher=other)
            with self.assertRaisesRegex(ValueError, "missing.onnx: no such file"):
                warm_start(tmp, teacher=os.path.join(tmp, "missing.onnx"))

    def test_a_teacher_and_actor_that_command_physical_actions_need_the_same_bounds(self):
        physical = dict(dsact_tracking.TrackingTask(seed=0, randomization=False).policy_spec(), action_normalized=False)
        with tempfile.TemporaryDirectory() as tmp:
            same, wider = os.path.join(tmp, "same.onnx"), os.path.join(tmp, "wider.onnx")
            with_metadata(TEACHER, same, "policyrt.action.normalized", "false")
            with_metadata(same, wider, "policyrt.action.high", "1.0,1.5")
            self.assertFalse(dsact.Teacher(same, physical).remapped)  # nothing to map: it passes through
            with self.assertRaisesRegex(ValueError, "does not see or command what the actor does: its action bounds"):
                dsact.Teacher(wider, physical)

    def test_a_resume_refuses_a_teacher_that_has_changed_since_the_run_started(self):
        import shutil
        with tempfile.TemporaryDirectory() as tmp:
            teacher = os.path.join(tmp, "teacher.onnx")
            shutil.copy(TEACHER, teacher)
            warm_start(os.path.join(tmp, "run"), teacher=teacher, bc_only_steps=50).train(100)
            checkpoint = os.path.join(tmp, "run", "checkpoint.pt")
            resumed = dsact.Trainer.resume(checkpoint, None, verbose=False)
            self.assertEqual(resumed.learner.teacher.sha256, resumed.config.teacher_sha256)
            with_metadata(TEACHER, teacher, "policyrt.provenance.note", "retrained")
            with self.assertRaisesRegex(ValueError, "teacher .* has changed since the run started"):
                dsact.Trainer.resume(checkpoint, None, verbose=False)

    def test_the_export_names_the_teacher_by_file_name_and_sha256_not_by_the_training_machines_path(self):
        import onnx
        with tempfile.TemporaryDirectory() as tmp:
            warm_start(os.path.join(tmp, "run"), bc_only_steps=50).train(100)
            out = os.path.join(tmp, "warm.onnx")
            dsact.export_checkpoint(os.path.join(tmp, "run", "checkpoint.pt"), out, n_golden=4)
            props = {p.key: p.value for p in onnx.load(out).metadata_props}
            hyper = json.loads(props["policyrt.provenance.hyperparameters"])
            self.assertEqual(hyper["teacher"], "tracking-bc.onnx")
            with open(TEACHER, "rb") as f:
                self.assertEqual(hyper["teacher_sha256"], hashlib.sha256(f.read()).hexdigest())
            self.assertNotIn(os.path.dirname(TEACHER), json.dumps(props))

    def test_a_teacher_needs_a_weight_and_a_weight_needs_a_teacher(self):
        for kwargs in ({"teacher": TEACHER}, {"bc_weight": 1.0}):
            with self.assertRaisesRegex(ValueError, "a warm start needs both a teacher and bc_weight > 0"):
                dsact.Config(**kwargs)
        with self.assertRaisesRegex(ValueError, "must be >= 0"):
            dsact.Config(teacher=TEACHER, bc_weight=1.0, bc_decay_steps=-1)


if __name__ == "__main__":
    unittest.main()
