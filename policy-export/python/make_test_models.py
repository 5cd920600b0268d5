"""Writes the tiny ONNX fixtures that the controller's PolicyLoaderTest loads.

Regenerate (from the repository root) with:

    /usr/bin/python3 policy-export/python/make_test_models.py

It writes into controller/src/test/resources/models/ (or --out-dir):

    valid.onnx            full metadata, 4 tracking features, 4 -> 8 -> 2 tanh MLP
    valid.golden.json     8 observations and the PyTorch actions for valid.onnx
    no-metadata.onnx      a graph with no spec and no sidecar
    wrong-shape.onnx      metadata names 4 features, the graph input is [1, 5]
    unknown-feature.onnx  metadata names the feature 'laser_banana'
    nan-weights.onnx      valid metadata, every weight NaN
    gops.onnx             GOPS layout (input/output, opset 11, no metadata), 6 features ...
    gops.policy.yaml      ... with its spec in this sidecar
    gops.golden.json      8 observations and the PyTorch actions for gops.onnx
    bad-clip.onnx         metadata with policyrt.observation.clip = 0
    nan-off-path.onnx     a valid-looking tracking policy (the 13 task features) whose action is NaN
                          whenever the lateral error exceeds 1 m: passes the load-time self-test,
                          fails at run time (the safety tests drive it off the path)

The provenance (exporter_revision, created_utc) changes with every run; the graphs do not.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import export  # noqa: E402  (after the path set-up)
import torch  # noqa: E402

DEFAULT_OUT = os.path.join(export.REPO_ROOT, "controller", "src", "test", "resources", "models")


def tiny_actor(obs_dim, seed):
    torch.manual_seed(seed)
    return export.MlpActor(obs_dim, 2, hidden=(8,))


def valid_spec():
    spec = export.load_spec_defaults(4)
    spec.update({
        "shift": [0.0, 0.0, 0.25, 0.5],
        "scale": [2.0, 1.5, 1.0, 0.75],
        "clip": 5.0,
        "provenance": {"algorithm": "fixture", "training_steps": "0"},
    })
    return spec


def with_provenance(spec, actor):
    """The spec plus the provenance export_actor would add, for fixtures written by hand."""
    spec = dict(spec)
    spec["provenance"] = dict({
        "weights_sha256": export.weights_sha256(actor),
        "exporter_revision": export.exporter_revision(),
    }, **spec.get("provenance", {}))
    return spec


def broken(out_dir, name, actor, graph_obs_dim, spec):
    """A file export_actor would refuse to write: graph and metadata written separately."""
    path = os.path.join(out_dir, name)
    export.export_graph(actor, graph_obs_dim, path)
    export.write_metadata(path, export.spec_to_metadata(with_provenance(spec, actor)))
    return path


TASK_FEATURES = ["lateral_error_m", "heading_error_rad", "speed_error_mps", "body_v_mps", "body_w_radps",
                 "lookahead_x_m", "lookahead_y_m", "path_curvature_1pm", "obstacle_rel_x_m", "obstacle_rel_y_m",
                 "obstacle_rel_vx_mps", "obstacle_rel_vy_mps", "obstacle_clearance_m"]


class NanOffPath(torch.nn.Module):
    """tanh(Wx) plus 0 * log(1 - lateral error): NaN once the robot is more than 1 m off the path."""

    def __init__(self, obs_dim):
        super().__init__()
        self.linear = torch.nn.Linear(obs_dim, 2)

    def forward(self, obs):
        return torch.tanh(self.linear(obs)) + 0.0 * torch.log(1.0 - obs[:, 0:1])


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out-dir", default=DEFAULT_OUT)
    args = p.parse_args(argv)
    out = args.out_dir
    os.makedirs(out, exist_ok=True)
    torch.set_num_threads(1)
    written = []

    actor = tiny_actor(4, seed=1)
    export.export_actor(actor, valid_spec(), os.path.join(out, "valid.onnx"), golden_dir=out, n_golden=8, seed=1)
    written += ["valid.onnx", "valid.golden.json"]

    path = os.path.join(out, "no-metadata.onnx")
    export.export_graph(tiny_actor(4, seed=2), 4, path)
    written.append("no-metadata.onnx")

    broken(out, "wrong-shape.onnx", tiny_actor(5, seed=3), 5, valid_spec())
    written.append("wrong-shape.onnx")

    spec = valid_spec()
    spec["features"] = spec["features"][:3] + ["laser_banana"]
    broken(out, "unknown-feature.onnx", tiny_actor(4, seed=4), 4, spec)
    written.append("unknown-feature.onnx")

    actor = tiny_actor(4, seed=5)
    with torch.no_grad():
        for param in actor.parameters():
            param.fill_(float("nan"))
    broken(out, "nan-weights.onnx", actor, 4, valid_spec())
    written.append("nan-weights.onnx")

    spec = export.load_spec_defaults(6)
    spec["provenance"] = {"algorithm": "fixture", "training_steps": "0"}
    export.export_actor(tiny_actor(6, seed=6), spec, os.path.join(out, "gops.onnx"), golden_dir=out, n_golden=8,
                        seed=6, gops_layout=True)
    written += ["gops.onnx", "gops.policy.yaml", "gops.golden.json"]

    spec = valid_spec()
    spec["clip"] = 0.0
    broken(out, "bad-clip.onnx", tiny_actor(4, seed=7), 4, spec)
    written.append("bad-clip.onnx")

    torch.manual_seed(8)
    actor = NanOffPath(len(TASK_FEATURES))
    spec = export.load_spec_defaults(len(TASK_FEATURES))
    spec.update({"features": TASK_FEATURES, "shift": 0.0, "scale": 1.0, "clip": None, "control_period_s": 0.02,
                 "provenance": {"algorithm": "fixture", "training_steps": "0"}})
    broken(out, "nan-off-path.onnx", actor, len(TASK_FEATURES), spec)
    written.append("nan-off-path.onnx")

    for name in written:
        print("%-22s %6d bytes" % (name, os.path.getsize(os.path.join(out, name))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
