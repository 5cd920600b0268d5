"""Writes the synthetic MLP policies that PolicyInferenceBenchmark runs next to the shipped one.

Regenerate (from the repository root) with:

    /usr/bin/python3 policy-export/python/make_mlp_models.py

It writes into benchmarks/models/ (or --out-dir), each a seeded, untrained tanh MLP with
13 inputs (the tracking task's features, io.policyrt.sim.expert.TrackingTask.FEATURES) and
2 outputs (v_mps in [0, 0.8], w_radps in [-1.5, 1.5], normalized to [-1, 1]), 20 ms period,
and a valid PolicyRT spec in its metadata:

    mlp-2x64.onnx     2 hidden layers of 64      5,186 parameters  (~21 KB)
    mlp-3x256.onnx    3 hidden layers of 256   135,682 parameters  (~0.5 MB)
    mlp-4x512.onnx    4 hidden layers of 512   796,162 parameters  (~3.2 MB)

The weights are fixed by the seeds; the provenance (exporter_revision, created_utc) changes with
every run. Needs Debian's python3-torch and python3-onnx under /usr/bin/python3.
"""

import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)  # export.py sits next to this script; also when run from elsewhere

import export  # noqa: E402  (after the path set-up)
import torch  # noqa: E402

# Mirrors io.policyrt.sim.expert.TrackingTask.FEATURES, in the same order.
FEATURES = [
    "lateral_error_m", "heading_error_rad", "speed_error_mps", "body_v_mps", "body_w_radps",
    "lookahead_x_m", "lookahead_y_m", "path_curvature_1pm",
    "obstacle_rel_x_m", "obstacle_rel_y_m", "obstacle_rel_vx_mps", "obstacle_rel_vy_mps", "obstacle_clearance_m",
]

# name -> (hidden layers, seed)
MODELS = {
    "mlp-2x64": ((64, 64), 1),
    "mlp-3x256": ((256, 256, 256), 2),
    "mlp-4x512": ((512, 512, 512, 512), 3),
}


def spec_for(hidden):
    spec = export.load_spec_defaults()
    spec.update({
        "features": list(FEATURES),
        "control_period_s": 0.02,
        "lookahead_m": 0.8,
        "provenance": {
            "algorithm": "synthetic-random-init",
            "training_steps": "0",
            "hidden_layers": "x".join(str(h) for h in hidden),
        },
    })
    return spec


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out-dir", default=os.path.join(REPO_ROOT, "benchmarks", "models"))
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    for name, (hidden, seed) in MODELS.items():
        torch.manual_seed(seed)
        actor = export.MlpActor(len(FEATURES), 2, hidden=hidden)
        params = sum(t.numel() for t in actor.parameters())
        path = os.path.join(args.out_dir, name + ".onnx")
        export.export_actor(actor, spec_for(hidden), path)
        print("wrote %s (%d parameters, %d bytes)" % (path, params, os.path.getsize(path)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
