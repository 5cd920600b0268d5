"""Export a PyTorch actor as a PolicyRT policy file.

The actor is a ``torch.nn.Module`` that maps a normalized observation of shape [1, n] to the
deterministic action of shape [1, m], normally in [-1, 1] (for example ``tanh`` of the Gaussian
mean). Observation normalization (shift, scale, clip) is not part of the graph: the runtime applies
it from the spec before it calls the graph.

Two layouts:

* PolicyRT (default): input ``observation`` [1, n], output ``action`` [1, m], opset 13, and the
  spec written into the ONNX ``metadata_props`` under the ``policyrt.*`` keys.
* GOPS (``gops_layout=True``): the graph as GOPS ``pkl2onnx`` writes it (input ``input``, output
  ``output``, opset 11, no metadata) and the spec in a sidecar ``<name>.policy.yaml`` next to it.

Command line (a seeded random actor, used by the Java parity test)::

    /usr/bin/python3 policy-export/python/export.py --random-actor --obs-dim 16 \\
        --out target/parity/random.onnx --golden target/parity [--gops] [--seed 0]

Needs Debian's python3-torch and python3-onnx (and python3-numpy).
"""

import argparse
import datetime
import hashlib
import json
import math
import os
import subprocess
import sys

try:
    import numpy as np
    import onnx
    import torch
except ImportError as e:  # pragma: no cover - depends on the machine
    sys.stderr.write(
        "export.py: cannot import %s under %s; install Debian's python3-torch python3-onnx "
        "python3-numpy and run this script with /usr/bin/python3\n" % (e.name, sys.executable))
    sys.exit(3)

SPEC_VERSION = 1
PREFIX = "policyrt."
PROVENANCE_PREFIX = "policyrt.provenance."

# Mirrors io.policyrt.controller.observation.FeatureRegistry.tracking(), in the same order.
# PytorchParityTest checks that the two agree.
TRACKING_FEATURES = [
    "lateral_error_m",
    "heading_error_rad",
    "speed_error_mps",
    "target_speed_mps",
    "body_v_mps",
    "body_w_radps",
    "lookahead_x_m",
    "lookahead_y_m",
    "path_curvature_1pm",
    "path_remaining_m",
    "obstacle_rel_x_m",
    "obstacle_rel_y_m",
    "obstacle_rel_vx_mps",
    "obstacle_rel_vy_mps",
    "obstacle_distance_m",
    "obstacle_clearance_m",
]

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load_spec_defaults(obs_dim=len(TRACKING_FEATURES), task="tracking-obstacle-v1"):
    """A valid spec for the tracking task: the first ``obs_dim`` tracking features, unit
    normalization, actions v_mps in [0, 0.8] and w_radps in [-1.5, 1.5] (graph output in [-1, 1]),
    20 Hz control, robot radius 0.3 m. Callers replace what they know better (shift, scale, ...).
    """
    if not 1 <= obs_dim <= len(TRACKING_FEATURES):
        raise ValueError("obs_dim must be in [1, %d], got %d" % (len(TRACKING_FEATURES), obs_dim))
    return {
        "task": task,
        "features": list(TRACKING_FEATURES[:obs_dim]),
        "shift": 0.0,
        "scale": 1.0,
        "clip": 5.0,
        "action_names": ["v_mps", "w_radps"],
        "action_low": [0.0, -1.5],
        "action_high": [0.8, 1.5],
        "action_normalized": True,
        "control_period_s": 0.05,
        "robot_radius_m": 0.3,
        "provenance": {},
    }


# ---------------------------------------------------------------------------------------------
# Spec: validation and the flat key map


def _per_feature(value, n, name):
    """A scalar or a list of n numbers -> list of n floats (float32-representable)."""
    if isinstance(value, (int, float, np.floating, np.integer)):
        values = [float(value)] * n
    else:
        values = [float(v) for v in value]
        if len(values) == 1:
            values = values * n
    if len(values) != n:
        raise ValueError("spec %s has %d values, expected 1 or %d (one per feature)" % (name, len(values), n))
    return values


def _f32(x):
    """Shortest text that reads back as the same float32 in Java (Float.parseFloat)."""
    x = float(np.float32(x))
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if math.isnan(x):
        return "nan"
    return str(np.float32(x))


def _f64(x):
    return repr(float(x))


def validate_spec(spec):
    """Checks a spec dict with the rules the Java PolicySpecCodec applies; raises ValueError."""
    for key in ("task", "features", "action_names", "action_low", "action_high", "control_period_s"):
        if key not in spec:
            raise ValueError("spec is missing '%s'" % key)
    features = list(spec["features"])
    n = len(features)
    if n == 0:
        raise ValueError("spec features is empty")
    for names, what in ((features, "features"), (list(spec["action_names"]), "action_names")):
        for f in names:
            if not f or "," in f or f != f.strip():
                raise ValueError("spec %s has an invalid name %r" % (what, f))
        if len(set(names)) != len(names):
            raise ValueError("spec %s names a feature twice: %s" % (what, names))
    shift = _per_feature(spec.get("shift", 0.0), n, "shift")
    scale = _per_feature(spec.get("scale", 1.0), n, "scale")
    clip = _per_feature(spec["clip"] if spec.get("clip") is not None else float("inf"), n, "clip")
    for i in range(n):
        if not (clip[i] > 0):
            raise ValueError("spec clip[%d] (%s) must be > 0, got %r" % (i, features[i], clip[i]))
        if not (math.isfinite(shift[i]) and math.isfinite(scale[i])):
            raise ValueError("spec shift/scale of feature %s is not finite" % features[i])
    m = len(spec["action_names"])
    low, high = list(spec["action_low"]), list(spec["action_high"])
    if len(low) != m or len(high) != m:
        raise ValueError("spec action_low/action_high need %d values (one per action)" % m)
    for j in range(m):
        if not (math.isfinite(low[j]) and math.isfinite(high[j]) and low[j] < high[j]):
            raise ValueError("spec action %s has low %r not below high %r"
                             % (spec["action_names"][j], low[j], high[j]))
    if not isinstance(spec.get("action_normalized", True), bool):
        raise ValueError("spec action_normalized must be True or False")
    period = float(spec["control_period_s"])
    if not (0 < period <= 10):
        raise ValueError("spec control_period_s must be in (0, 10] seconds, got %r" % period)
    unknown = [f for f in features if f not in TRACKING_FEATURES]
    if unknown:
        sys.stderr.write("export.py: warning: features %s are not tracking-task features; the runtime will "
                         "refuse them unless its registry knows them\n" % unknown)


def spec_to_metadata(spec):
    """The flat ``policyrt.*`` key -> string map, in a fixed order. Does not validate.

    Spec dict keys: task, features, shift, scale, clip (each a number or one per feature; clip may
    be omitted for no clipping), action_names, action_low, action_high, action_normalized,
    control_period_s, robot_radius_m, provenance (dict of extra provenance entries).
    """
    features = list(spec["features"])
    n = len(features)
    md = {
        PREFIX + "spec_version": str(spec.get("spec_version", SPEC_VERSION)),
        PREFIX + "task": str(spec["task"]),
        PREFIX + "observation.features": ",".join(features),
        PREFIX + "observation.shift": ",".join(_f32(v) for v in _per_feature(spec.get("shift", 0.0), n, "shift")),
        PREFIX + "observation.scale": ",".join(_f32(v) for v in _per_feature(spec.get("scale", 1.0), n, "scale")),
    }
    if spec.get("clip") is not None:
        md[PREFIX + "observation.clip"] = ",".join(_f32(v) for v in _per_feature(spec["clip"], n, "clip"))
    md[PREFIX + "action.names"] = ",".join(spec["action_names"])
    md[PREFIX + "action.low"] = ",".join(_f64(v) for v in spec["action_low"])
    md[PREFIX + "action.high"] = ",".join(_f64(v) for v in spec["action_high"])
    md[PREFIX + "action.normalized"] = "true" if spec.get("action_normalized", True) else "false"
    md[PREFIX + "control_period_s"] = _f64(spec["control_period_s"])
    if spec.get("robot_radius_m") is not None:
        md[PREFIX + "robot.radius_m"] = _f64(spec["robot_radius_m"])
    if spec.get("lookahead_m") is not None:
        md[PREFIX + "observation.lookahead_m"] = _f64(spec["lookahead_m"])
    for k, v in spec.get("provenance", {}).items():
        md[PROVENANCE_PREFIX + k] = str(v)
    return md


# ---------------------------------------------------------------------------------------------
# Provenance


def weights_sha256(module):
    """sha256 over the state_dict tensors in state_dict order, each as little-endian float32 bytes."""
    h = hashlib.sha256()
    for tensor in module.state_dict().values():
        h.update(tensor.detach().cpu().to(torch.float32).contiguous().numpy().astype("<f4").tobytes())
    return h.hexdigest()


def exporter_revision():
    """The git commit of this repository, with '-dirty' when tracked files differ from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO_ROOT, capture_output=True,
                              text=True, timeout=10)
        if head.returncode != 0:
            return "unknown"
        rev = head.stdout.strip()
        status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO_ROOT,
                                capture_output=True, text=True, timeout=10)
        if status.returncode == 0 and status.stdout.strip():
            rev += "-dirty"
        return rev
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def file_sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------
# Graph and file writing


def check_finite_weights(module, what="the actor"):
    """Raises ValueError naming the first parameter or buffer that holds NaN or Inf."""
    for name, tensor in module.state_dict().items():
        if tensor.is_floating_point() and not bool(torch.isfinite(tensor).all()):
            bad = int((~torch.isfinite(tensor)).sum())
            raise ValueError("%s has non-finite weights: %d of the %d values of '%s' are NaN or Inf"
                             % (what, bad, tensor.numel(), name))


def actor_input_dim(module):
    """in_features of the module's first Linear layer, or None when it has none."""
    for sub in module.modules():
        if isinstance(sub, torch.nn.Linear):
            return sub.in_features
    return None


def export_graph(actor, obs_dim, out_path, input_name="observation", output_name="action", opset=13):
    """torch.onnx.export with static shapes [1, obs_dim] -> [1, m]; returns m."""
    actor = actor.eval().to(torch.float32)
    dummy = torch.zeros(1, obs_dim, dtype=torch.float32)
    with torch.no_grad():
        out = actor(dummy)
    if not isinstance(out, torch.Tensor) or out.dim() != 2 or out.shape[0] != 1:
        raise ValueError("the actor must return one tensor of shape [1, m], got %r"
                         % (getattr(out, "shape", type(out)),))
    parent = os.path.dirname(os.path.abspath(out_path))
    os.makedirs(parent, exist_ok=True)
    torch.onnx.export(actor, dummy, out_path, input_names=[input_name], output_names=[output_name],
                      opset_version=opset, do_constant_folding=True, dynamic_axes=None,
                      training=torch.onnx.TrainingMode.EVAL)
    model = onnx.load(out_path)
    onnx.checker.check_model(model)
    return int(out.shape[1])


def graph_shapes(path):
    """{name: [dims]} of the graph inputs and outputs (a symbolic dim reads as None)."""
    model = onnx.load(path)

    def dims(v):
        return [d.dim_value if d.HasField("dim_value") else None for d in v.type.tensor_type.shape.dim]

    return {v.name: dims(v) for v in list(model.graph.input) + list(model.graph.output)}


def write_metadata(path, metadata):
    """Adds (or replaces) string entries in the ONNX file's metadata_props."""
    model = onnx.load(path)
    existing = {p.key: p for p in model.metadata_props}
    for k, v in metadata.items():
        if k in existing:
            existing[k].value = v
        else:
            entry = model.metadata_props.add()
            entry.key = k
            entry.value = v
    onnx.save(model, path)


def sidecar_path(onnx_path):
    base = onnx_path[:-5] if onnx_path.endswith(".onnx") else onnx_path
    return base + ".policy.yaml"


def _yaml_scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    return json.dumps(v)  # a JSON string is a valid YAML double-quoted scalar


def write_sidecar(onnx_path, metadata):
    """Writes ``<name>.policy.yaml``: the flat keys; comma lists become YAML sequences.

    Numbers are written as plain YAML numbers except non-finite ones, which are quoted ("inf");
    every other value is a quoted string, so YAML never reinterprets it (dates, 'no', ...).
    """
    list_keys = {PREFIX + k for k in ("observation.features", "observation.shift", "observation.scale",
                                      "observation.clip", "action.names", "action.low", "action.high")}
    number_keys = {PREFIX + k for k in ("spec_version", "control_period_s", "robot.radius_m", "observation.lookahead_m",
                                        "observation.shift", "observation.scale", "observation.clip",
                                        "action.low", "action.high")}
    lines = ["# PolicyRT spec of %s (sidecar: the graph carries no metadata)." % os.path.basename(onnx_path)]
    for k, v in metadata.items():
        if k in list_keys:
            items = v.split(",")
            if k in number_keys:
                rendered = [i if _is_finite_number(i) else json.dumps(i) for i in items]
            else:
                rendered = [json.dumps(i) for i in items]
            lines.append("%s: [%s]" % (k, ", ".join(rendered)))
        elif k in number_keys and _is_finite_number(v):
            lines.append("%s: %s" % (k, v))
        elif k == PREFIX + "action.normalized" and v in ("true", "false"):
            lines.append("%s: %s" % (k, v))
        else:
            lines.append("%s: %s" % (k, json.dumps(v)))
    path = sidecar_path(onnx_path)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    return path


def _is_finite_number(text):
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


# ---------------------------------------------------------------------------------------------
# Golden vectors


def golden_observations(spec, n_golden=64, seed=0):
    """Seeded normalized observations, float32: the zero vector, every feature at +clip, at -clip,
    alternating signs at the bounds, a few rows with single features at a bound, the rest random
    normal (sigma 1.5) clipped to [-clip, clip]. An infinite clip uses 10 for the bound rows."""
    n = len(spec["features"])
    clip = np.array(_per_feature(spec.get("clip") if spec.get("clip") is not None else float("inf"), n, "clip"),
                    dtype=np.float64)
    bound = np.where(np.isfinite(clip), clip, 10.0)
    rng = np.random.default_rng(seed)
    rows = rng.normal(0.0, 1.5, size=(max(n_golden, 4), n))
    rows = np.clip(rows, -bound, bound)
    rows[0] = 0.0
    rows[1] = bound
    rows[2] = -bound
    rows[3] = bound * np.where(np.arange(n) % 2 == 0, 1.0, -1.0)
    for r in range(4, min(len(rows), 4 + 2 * n)):
        i = (r - 4) // 2
        rows[r, i] = bound[i] if r % 2 == 0 else -bound[i]
    return rows[:n_golden].astype(np.float32)


def write_golden(actor, spec, path, n_golden=64, seed=0):
    obs = golden_observations(spec, n_golden, seed)
    with torch.no_grad():
        act = actor.eval()(torch.from_numpy(obs).to(torch.float32)).to(torch.float32).numpy()
    doc = {
        "observations": [[float(x) for x in row] for row in obs],
        "actions": [[float(x) for x in row] for row in act],
    }
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f)
        f.write("\n")
    return path


# ---------------------------------------------------------------------------------------------
# The entry point


def export_actor(actor, spec, out_path, golden_dir=None, n_golden=64, seed=0, gops_layout=False):
    """Exports ``actor`` to ``out_path`` with ``spec``; returns the flat metadata written.

    Refuses (ValueError) an actor with NaN or Inf weights, and a spec whose feature or action
    count differs from the actor's input or output. Adds provenance weights_sha256, exporter_revision and created_utc; entries in
    ``spec["provenance"]`` (algorithm, training_steps, ...) are added too and win over the
    automatic ones. With ``golden_dir``, writes ``<golden_dir>/<name>.golden.json`` with
    ``n_golden`` seeded observations and the float32 PyTorch actions for them.
    """
    validate_spec(spec)
    actor = actor.eval().to(torch.float32)
    n = len(spec["features"])
    check_finite_weights(actor)
    takes = actor_input_dim(actor)
    if takes is not None and takes != n:
        raise ValueError("the spec names %d features but the actor's first layer takes %d inputs"
                         % (n, takes))
    with torch.no_grad():
        probe = actor(torch.zeros(1, n, dtype=torch.float32))
    if not isinstance(probe, torch.Tensor) or probe.dim() != 2 or probe.shape[0] != 1:
        raise ValueError("the actor must return one tensor of shape [1, m], got %r"
                         % (getattr(probe, "shape", type(probe)),))
    if probe.shape[1] != len(spec["action_names"]):
        raise ValueError("the actor returns %d actions but the spec names %d: %s"
                         % (probe.shape[1], len(spec["action_names"]), spec["action_names"]))
    if not bool(torch.isfinite(probe).all()):
        raise ValueError("the actor returns a non-finite action %s for the all-zero observation"
                         % probe[0].tolist())
    provenance = {
        "weights_sha256": weights_sha256(actor),
        "exporter_revision": exporter_revision(),
        "created_utc": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    provenance.update({k: str(v) for k, v in spec.get("provenance", {}).items()})
    full = dict(spec, provenance=provenance)
    if gops_layout:
        m = export_graph(actor, n, out_path, input_name="input", output_name="output", opset=11)
    else:
        m = export_graph(actor, n, out_path, input_name="observation", output_name="action", opset=13)
    assert m == len(spec["action_names"])
    metadata = spec_to_metadata(full)
    if gops_layout:
        write_sidecar(out_path, metadata)
    else:
        write_metadata(out_path, metadata)
    if golden_dir is not None:
        name = os.path.basename(out_path)
        name = name[:-5] if name.endswith(".onnx") else name
        write_golden(actor, spec, os.path.join(golden_dir, name + ".golden.json"), n_golden, seed)
    return metadata


class MlpActor(torch.nn.Module):
    """obs -> hidden layers (tanh) -> m -> tanh: the deterministic action in [-1, 1]."""

    def __init__(self, obs_dim, act_dim=2, hidden=(128, 128)):
        super().__init__()
        layers = []
        width = obs_dim
        for h in hidden:
            layers += [torch.nn.Linear(width, h), torch.nn.Tanh()]
            width = h
        layers += [torch.nn.Linear(width, act_dim), torch.nn.Tanh()]
        self.net = torch.nn.Sequential(*layers)

    def forward(self, obs):
        return self.net(obs)


def main(argv=None):
    p = argparse.ArgumentParser(description="Export a PolicyRT policy file (command line: a seeded random actor).")
    p.add_argument("--random-actor", action="store_true", required=True,
                   help="export a freshly initialised seeded MLP actor (import export_actor for trained ones)")
    p.add_argument("--obs-dim", type=int, required=True, help="number of features (the first N tracking features)")
    p.add_argument("--out", required=True, help="output .onnx file")
    p.add_argument("--golden", help="folder for <name>.golden.json")
    p.add_argument("--n-golden", type=int, default=64)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--gops", action="store_true", help="GOPS layout: input/output names, opset 11, sidecar YAML")
    args = p.parse_args(argv)

    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    actor = MlpActor(args.obs_dim, 2, hidden=(64, 64))
    spec = load_spec_defaults(args.obs_dim)
    spec["provenance"] = {"algorithm": "random-init", "training_steps": "0", "seed": str(args.seed)}
    metadata = export_actor(actor, spec, args.out, golden_dir=args.golden, n_golden=args.n_golden,
                            seed=args.seed, gops_layout=args.gops)
    print("wrote %s (%s layout, %d features, weights sha256 %s)"
          % (args.out, "GOPS" if args.gops else "PolicyRT", args.obs_dim,
             metadata[PROVENANCE_PREFIX + "weights_sha256"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
