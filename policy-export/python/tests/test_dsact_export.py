"""Exporting a DSAC-T checkpoint: tanh(mean), metadata, provenance, GOPS layout, refusals."""

import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import dsact  # noqa: E402
import export  # noqa: E402
import numpy as np  # noqa: E402
import onnx  # noqa: E402
import torch  # noqa: E402
from tests import toy_run  # noqa: E402

P = export.PROVENANCE_PREFIX


def graph_io(path):
    model = onnx.load(path)
    return model, export.graph_shapes(path), {p.key: p.value for p in model.metadata_props}


class DsactExportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        torch.set_num_threads(1)
        cls.tmp = tempfile.TemporaryDirectory()
        cls.run_dir = os.path.join(cls.tmp.name, "run")
        toy_run.trainer(cls.run_dir, toy_run.config(seed=6), log_every=50).train(100)
        cls.checkpoint = os.path.join(cls.run_dir, "final.pt")

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def out(self, name):
        return os.path.join(self.tmp.name, name)

    def test_policyrt_layout_is_tanh_of_the_mean_with_full_provenance(self):
        onnx_path = self.out("toy.onnx")
        dsact.export_checkpoint(self.checkpoint, onnx_path, golden_dir=self.tmp.name)
        model, shapes, md = graph_io(onnx_path)
        self.assertEqual(shapes, {"observation": [1, 3], "action": [1, 2]})
        self.assertEqual(model.opset_import[0].version, 13)
        self.assertEqual(md[P + "algorithm"], "dsac-t")
        self.assertEqual(md[P + "training_steps"], "100")
        self.assertEqual(md[P + "gradient_steps"], "61")
        self.assertEqual(md[P + "seed"], "6")
        self.assertEqual(md[P + "env"], "tests.toy_env:make")
        self.assertEqual(md[P + "env_version"], "toy-1")
        self.assertIn("wall_time_s", [k[len(P):] for k in md])
        hyper = json.loads(md[P + "hyperparameters"])
        self.assertEqual((hyper["hidden"], hyper["delay_update"], hyper["tau"], hyper["expected_value"]),
                         (16, 2, 0.005, True))
        for key in ("weights_sha256", "exporter_revision", "created_utc", "torch_version"):
            self.assertIn(P + key, md)

        actor, _ = dsact.load_actor(self.checkpoint)
        self.assertEqual(md[P + "weights_sha256"], export.weights_sha256(dsact.DeterministicActor(actor)))
        with open(self.out("toy.golden.json")) as f:
            golden = json.load(f)
        obs = torch.tensor(golden["observations"], dtype=torch.float32)
        want = torch.tanh(actor(obs)[0]).detach().numpy()
        np.testing.assert_allclose(np.array(golden["actions"], dtype=np.float32), want, atol=1e-6)
        self.assertTrue((np.abs(want) <= 1.0).all())

    def test_gops_layout_has_input_output_opset_11_static_shapes_and_a_sidecar(self):
        onnx_path = self.out("toy-gops.onnx")
        dsact.export_checkpoint(self.checkpoint, onnx_path, golden_dir=self.tmp.name, gops_layout=True)
        model, shapes, md = graph_io(onnx_path)
        self.assertEqual(shapes, {"input": [1, 3], "output": [1, 2]})
        self.assertEqual(model.opset_import[0].version, 11)
        self.assertEqual(md, {})
        with open(export.sidecar_path(onnx_path)) as f:
            sidecar = f.read()
        self.assertIn('policyrt.provenance.algorithm: "dsac-t"', sidecar)
        self.assertIn("policyrt.observation.features: [", sidecar)

    def test_sac_checkpoint_exports_as_sac(self):
        run_dir = self.out("sac")
        config = dsact.Config.sac(hidden=8, batch_size=8, buffer_size=100, warmup_steps=10, seed=2)
        toy_run.trainer(run_dir, config).train(20)
        md = dsact.export_checkpoint(os.path.join(run_dir, "final.pt"), self.out("sac.onnx"))
        self.assertEqual(md[P + "algorithm"], "sac")

    def test_a_checkpoint_from_another_architecture_is_refused_naming_layer_and_shapes(self):
        state = torch.load(self.checkpoint)
        state["config"]["hidden"] = 32  # claims 32-wide layers, holds 16-wide weights
        tampered = self.out("other-arch.pt")
        torch.save(state, tampered)
        with self.assertRaises(ValueError) as err:
            dsact.load_actor(tampered)
        message = str(err.exception)
        self.assertIn("another architecture", message)
        self.assertIn("'net.0.weight'", message)
        self.assertIn("[16, 3] in the checkpoint but [32, 3] in this network", message)

    def test_a_missing_checkpoint_file_is_refused_naming_it(self):
        missing = self.out("checkpoint-999.pt")
        with self.assertRaisesRegex(ValueError, "checkpoint-999.pt: no such checkpoint file"):
            dsact.load_actor(missing)
        with self.assertRaises(SystemExit) as cm:
            dsact.main(["export", "--checkpoint", missing, "--out", self.out("never.onnx")])
        self.assertIn("no such checkpoint file", str(cm.exception))
        self.assertFalse(os.path.exists(self.out("never.onnx")))
        with self.assertRaises(SystemExit) as cm:
            dsact.main(["train", "--resume", missing, "--steps", "10"])
        self.assertIn("no such checkpoint file", str(cm.exception))

    def test_a_checkpoint_missing_a_layer_is_refused_naming_it(self):
        state = torch.load(self.checkpoint)
        state["config"]["layers"] = 4
        tampered = self.out("deeper.pt")
        torch.save(state, tampered)
        with self.assertRaisesRegex(ValueError, r"missing layers \['net.8.weight'"):
            dsact.load_actor(tampered)

    def test_nan_weights_are_refused_at_load_and_at_export_and_no_file_is_written(self):
        state = torch.load(self.checkpoint)
        state["learner"]["actor"]["net.2.bias"][3] = float("nan")
        tampered = self.out("nan.pt")
        torch.save(state, tampered)
        with self.assertRaisesRegex(ValueError, r"non-finite weights: 1 of the 16 values of 'net.2.bias'"):
            dsact.load_actor(tampered)
        actor = export.MlpActor(3, 2, hidden=(4,))
        with torch.no_grad():
            actor.net[0].weight.fill_(float("inf"))
        path = self.out("nan.onnx")
        with self.assertRaisesRegex(ValueError, "'net.0.weight'"):
            export.export_actor(actor, export.load_spec_defaults(3), path)
        self.assertFalse(os.path.exists(path))

    def test_a_spec_claiming_other_dimensions_is_refused_and_no_file_is_written(self):
        actor, _ = dsact.load_actor(self.checkpoint)
        deterministic = dsact.DeterministicActor(actor)
        path = self.out("wrong-dims.onnx")
        with self.assertRaisesRegex(ValueError, "spec names 4 features but the actor's first layer takes 3"):
            export.export_actor(deterministic, export.load_spec_defaults(4), path)
        spec = export.load_spec_defaults(3)
        spec.update(action_names=["v_mps", "w_radps", "lift_mps"], action_low=[0, -1, 0], action_high=[1, 1, 1])
        with self.assertRaisesRegex(ValueError, "returns 2 actions but the spec names 3"):
            export.export_actor(deterministic, spec, path)
        self.assertFalse(os.path.exists(path))
        with self.assertRaisesRegex(ValueError, "spec names 5 features but the checkpoint's actor takes 3"):
            dsact.export_checkpoint(self.checkpoint, path, spec=export.load_spec_defaults(5))


class ActorAverageTest(unittest.TestCase):
    """``dsact.py average``: the mean of a run's kept actors, exported like any checkpoint, and refused
    across runs, as an input to another average and as a resume point."""

    @classmethod
    def setUpClass(cls):
        torch.set_num_threads(1)
        cls.tmp = tempfile.TemporaryDirectory()
        cls.run_dir = os.path.join(cls.tmp.name, "run")
        toy_run.trainer(cls.run_dir, toy_run.config(warmup_steps=20, seed=8), checkpoint_every=30,
                        keep_checkpoints=True).train(90)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def out(self, name):
        return os.path.join(self.tmp.name, name)

    def kept(self, step):
        return os.path.join(self.run_dir, "checkpoint-%d.pt" % step)

    def test_the_average_is_the_element_wise_mean_of_the_actors_and_the_rest_is_the_newest_checkpoint(self):
        path = self.out("average.pt")
        self.assertEqual(dsact.main(["average", "--run", self.run_dir, "--from-step", "30", "--out", path]), 0)
        average = torch.load(path)
        states = [torch.load(self.kept(step)) for step in (30, 60, 90)]
        self.assertEqual(average["actor_average"]["steps"], [30, 60, 90])
        for name, tensor in average["learner"]["actor"].items():
            mean = sum(s["learner"]["actor"][name].double() for s in states) / 3
            self.assertTrue(torch.allclose(tensor.double(), mean, atol=1e-7), name)
            # three actors that moved apart during training: their mean is none of them
            self.assertFalse(torch.equal(tensor, states[-1]["learner"]["actor"][name]), name)
        for name in ("q1", "q2", "actor_target"):
            for key, tensor in average["learner"][name].items():
                self.assertTrue(torch.equal(tensor, states[-1]["learner"][name][key]), name + key)
        self.assertEqual(average["step"], 90)

        md = dsact.export_checkpoint(path, self.out("average.onnx"), golden_dir=self.tmp.name)
        self.assertEqual(md[P + "actor_average_steps"], "30,60,90")
        md = dsact.export_checkpoint(self.kept(90), self.out("plain.onnx"), golden_dir=self.tmp.name)
        self.assertEqual(md[P + "actor_average_steps"], "none")

    def test_the_average_of_one_checkpoint_is_that_checkpoint(self):
        path = self.out("one.pt")
        self.assertEqual(dsact.average_checkpoints([self.kept(60)], path), [60])
        one, kept = torch.load(path), torch.load(self.kept(60))
        for name, tensor in one["learner"]["actor"].items():
            self.assertTrue(torch.equal(tensor, kept["learner"]["actor"][name]), name)

    def test_checkpoints_of_another_run_an_average_and_an_empty_range_are_refused(self):
        other = os.path.join(self.tmp.name, "other")
        toy_run.trainer(other, toy_run.config(warmup_steps=20, seed=9), checkpoint_every=30,
                        keep_checkpoints=True).train(30)
        with self.assertRaisesRegex(ValueError, "differ in seed \\(8 against 9\\): only checkpoints of one run"):
            dsact.average_checkpoints([self.kept(30), os.path.join(other, "checkpoint-30.pt")], self.out("mixed.pt"))
        self.assertFalse(os.path.exists(self.out("mixed.pt")))

        average = self.out("first.pt")
        dsact.average_checkpoints([self.kept(30), self.kept(60)], average)
        with self.assertRaisesRegex(ValueError, "is itself an average"):
            dsact.average_checkpoints([average, self.kept(90)], self.out("nested.pt"))

        with self.assertRaises(SystemExit) as cm:
            dsact.main(["average", "--run", self.run_dir, "--from-step", "120", "--out", self.out("none.pt")])
        self.assertIn("no checkpoint-STEP.pt with STEP >= 120", str(cm.exception))

    def test_training_does_not_resume_from_an_average(self):
        average = self.out("resume.pt")
        dsact.average_checkpoints([self.kept(60), self.kept(90)], average)
        with self.assertRaisesRegex(ValueError, "averaged over several checkpoints .* resume the run from its own"):
            toy_run.resume(average, out_dir=self.out("resumed"))


class Float64DeploymentTest(unittest.TestCase):
    """A GELU-tanh actor is exported as a float64 graph that PyTorch's evaluation reproduces exactly."""

    @classmethod
    def setUpClass(cls):
        torch.set_num_threads(1)
        cls.tmp = tempfile.TemporaryDirectory()
        run_dir = os.path.join(cls.tmp.name, "run")
        toy_run.trainer(run_dir, toy_run.config(seed=7, activation="gelu-tanh"), log_every=50).train(60)
        cls.checkpoint = os.path.join(run_dir, "final.pt")
        cls.onnx_path = os.path.join(cls.tmp.name, "toy64.onnx")
        dsact.export_checkpoint(cls.checkpoint, cls.onnx_path, golden_dir=cls.tmp.name)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_the_graph_takes_and_returns_float32_but_computes_in_float64_without_erf(self):
        model, shapes, md = graph_io(self.onnx_path)
        self.assertEqual(shapes, {"observation": [1, 3], "action": [1, 2]})
        for value in list(model.graph.input) + list(model.graph.output):
            self.assertEqual(value.type.tensor_type.elem_type, onnx.TensorProto.FLOAT)
        ops = [n.op_type for n in model.graph.node]
        self.assertNotIn("Erf", ops)  # ONNX Runtime has no float64 Erf
        self.assertEqual(ops[0], "Cast")
        self.assertEqual(model.graph.node[0].attribute[0].i, onnx.TensorProto.DOUBLE)
        weights = [t for t in model.graph.initializer if len(t.dims) == 2]
        self.assertTrue(weights)
        self.assertTrue(all(t.data_type == onnx.TensorProto.DOUBLE for t in weights))
        self.assertIn("GELU-TANH", md[P + "architecture"])
        self.assertIn("float64", md[P + "architecture"])

    def test_golden_actions_are_the_float64_evaluation_and_within_1e6_of_the_float32_actor(self):
        actor, _ = dsact.load_actor(self.checkpoint)
        with open(os.path.join(self.tmp.name, "toy64.golden.json")) as f:
            golden = json.load(f)
        obs = torch.tensor(golden["observations"], dtype=torch.float32)
        with torch.no_grad():
            f64 = dsact.Float64Actor(actor)(obs)
            f32 = actor.mode(obs)
        self.assertEqual(f64.dtype, torch.float32)
        np.testing.assert_array_equal(np.array(golden["actions"], dtype=np.float32), f64.numpy())
        np.testing.assert_allclose(f64.numpy(), f32.numpy(), atol=1e-6)

    def test_float32_export_of_the_same_actor_has_no_float64_arithmetic(self):
        path = os.path.join(self.tmp.name, "toy32.onnx")
        dsact.export_checkpoint(self.checkpoint, path, float32=True)
        model, _, md = graph_io(path)
        self.assertNotIn("Cast", [n.op_type for n in model.graph.node])
        self.assertTrue(all(t.data_type == onnx.TensorProto.FLOAT for t in model.graph.initializer))
        self.assertIn("in float32", md[P + "architecture"])

    def test_the_tracking_evaluation_runs_the_deployed_arithmetic(self):
        actor, state = dsact.load_actor(self.checkpoint)
        self.assertTrue(dsact.in_float64(state["config"]["activation"]))
        self.assertFalse(dsact.in_float64(state["config"]["activation"], float32=True))
        self.assertFalse(dsact.in_float64("gelu"))
        self.assertIsInstance(dsact.deployed_actor(actor, True), dsact.Float64Actor)
        self.assertIsInstance(dsact.deployed_actor(actor, False), dsact.DeterministicActor)

    def test_resume_can_switch_gelu_to_its_tanh_form_and_keeps_the_weights(self):
        run_dir = os.path.join(self.tmp.name, "erf")
        toy_run.trainer(run_dir, toy_run.config(seed=8), log_every=50).train(50)
        checkpoint = os.path.join(run_dir, "final.pt")
        resumed = toy_run.resume(checkpoint, overrides={"activation": "gelu-tanh"}, log_every=50)
        self.assertEqual(resumed.config.activation, "gelu-tanh")
        gelus = [m for m in resumed.learner.actor.net if isinstance(m, torch.nn.GELU)]
        self.assertTrue(gelus)
        self.assertTrue(all(m.approximate == "tanh" for m in gelus))
        stored = torch.load(checkpoint)["learner"]["actor"]
        for key, tensor in resumed.learner.actor.state_dict().items():
            self.assertTrue(torch.equal(tensor, stored[key]), key)

    def test_resume_can_lower_the_learning_rates_and_refuses_to_change_the_networks(self):
        resumed = toy_run.resume(self.checkpoint, overrides={"actor_lr": 1e-5, "critic_lr": 2e-5}, log_every=50)
        self.assertEqual((resumed.config.actor_lr, resumed.config.critic_lr), (1e-5, 2e-5))
        self.assertEqual([g["lr"] for g in resumed.learner.actor_optimizer.param_groups], [1e-5])
        self.assertEqual([g["lr"] for g in resumed.learner.critic_optimizer.param_groups], [2e-5])
        self.assertEqual(resumed.learner.alpha_optimizer.param_groups[0]["lr"], dsact.Config().alpha_lr)
        with self.assertRaisesRegex(ValueError, "hidden cannot change on resume"):
            toy_run.resume(self.checkpoint, overrides={"hidden": 32})
        # the run's own value, as a script that resumes with its starting command passes it, is no change
        hidden = torch.load(self.checkpoint)["config"]["hidden"]
        again = toy_run.resume(self.checkpoint, overrides={"hidden": hidden})
        self.assertEqual(again.config.hidden, hidden)

    def test_an_unknown_activation_is_refused(self):
        with self.assertRaisesRegex(ValueError, "activation must be one of"):
            dsact.Config(activation="relu")


if __name__ == "__main__":
    unittest.main()
