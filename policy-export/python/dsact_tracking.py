"""The tracking-with-obstacle task for dsact.py: the simulator mirror ``policyrt_sim`` over every
path shape and obstacle encounter, one (shape, encounter, scenario seed) drawn per episode.

Differences from the bundled policy's setting, and why:

* the policy acts every 0.1 s (``control_period_s``; the runtime runs the loop at the policy's
  period) instead of 0.02 s: with gamma 0.99 the return then looks about 10 s (5 m of path)
  ahead, enough to see an obstacle coming, and an episode is 5x fewer decisions, which a training
  budget of a few hundred thousand steps on two CPU cores needs; GOPS's mobile-robot task uses
  0.2 s;
* the observation features, their normalization (shift, scale, clip 5) and the action bounds are
  the bundled policy's, so both policies see and command the same things.

Scenario seeds for training are drawn from [10_000, 2^31), so they never coincide with the
evaluation seeds 0..N-1 that ``policyrt sim evaluate`` and the Python evaluation use.
"""

import pickle

import numpy as np

try:
    import policyrt_sim
    from policyrt_sim import spec as sim_spec
    from policyrt_sim.paths import SHAPES
    from policyrt_sim.reward import TRACK, VARIANTS, YIELD
    from policyrt_sim.scenario import ENCOUNTERS
except ImportError as e:  # pragma: no cover - depends on the checkout
    raise ImportError("the tracking task needs the simulator mirror policy-export/python/policyrt_sim (%s)" % e)

CONTROL_PERIOD_S = 0.1
TASK = "tracking-obstacle-v1"
FIRST_TRAINING_SEED = 10_000

# The features that change sign in the task's left-right mirror image (reflection about the robot's
# forward axis), and the action that does: lateral offset and heading error, yaw rate, the
# look-ahead point's and the obstacle's lateral position, the path's curvature, the obstacle's
# lateral velocity, and the turn command. The rest (speeds, forward components, distances and
# clearances) keep their value. test_mirror checks it against mirrored episodes of the simulator.
LATERAL_FEATURES = ("lateral_error_m", "heading_error_rad", "body_w_radps", "lookahead_y_m", "path_curvature_1pm",
                    "obstacle_rel_y_m", "obstacle_rel_vy_mps")
LATERAL_ACTIONS = ("w_radps",)


def task_metadata(control_period_s=CONTROL_PERIOD_S, max_speed_mps=None):
    """The bundled policy's spec keys with this task's control period and, with ``max_speed_mps``, a
    speed action that spans 0..max_speed_mps instead of the bundled range (the runtime maps the
    action onto it and its governor holds the speed to it)."""
    metadata = dict(sim_spec.BUNDLED_METADATA)
    metadata["policyrt.control_period_s"] = repr(float(control_period_s))
    if max_speed_mps is not None:
        low, high = [float(v) for v in metadata["policyrt.action.low"].split(",")], \
            metadata["policyrt.action.high"].split(",")
        if not low[0] < max_speed_mps <= float(high[0]):
            raise ValueError("max_speed_mps %r outside (%g, %s] m/s" % (max_speed_mps, low[0], high[0]))
        metadata["policyrt.action.high"] = ",".join([repr(float(max_speed_mps))] + high[1:])
    return metadata


def export_spec(metadata):
    """The export.py spec dict for a ``policyrt.*`` metadata map."""
    def floats(key):
        return [float(v) for v in metadata[key].split(",")]

    return {
        "task": metadata["policyrt.task"],
        "features": metadata["policyrt.observation.features"].split(","),
        "shift": floats("policyrt.observation.shift"),
        "scale": floats("policyrt.observation.scale"),
        "clip": floats("policyrt.observation.clip"),
        "action_names": metadata["policyrt.action.names"].split(","),
        "action_low": floats("policyrt.action.low"),
        "action_high": floats("policyrt.action.high"),
        "action_normalized": metadata["policyrt.action.normalized"] == "true",
        "control_period_s": float(metadata["policyrt.control_period_s"]),
        "robot_radius_m": float(metadata["policyrt.robot.radius_m"]),
        "lookahead_m": float(metadata["policyrt.observation.lookahead_m"]),
        "provenance": {},
    }


def default_randomization():
    """The simulator mirror's standard domain randomization (``Randomization()``)."""
    from policyrt_sim.randomization import Randomization
    return Randomization()


class TrackingTask:
    """A gym-style environment over all 9 (shape, encounter) cases of ``policyrt_sim.TrackingEnv``.

    ``reset(seed)`` draws the case uniformly and a scenario seed from [10_000, 2^31) with a
    generator seeded by ``seed``; ``step`` returns (obs, reward, terminated, truncated, info) with
    ``info["success"]`` (completed without collision) at the end of an episode. Observations come
    normalized from the environment (``observations_normalized``). ``reward`` names the reward
    variant (``policyrt_sim.reward.VARIANTS``: ``track``, the task's, ``yield`` or ``yield-steady``);
    ``max_speed_mps`` narrows the speed action's range (see task_metadata). ``encounters`` may add
    the training-only ``waiting`` (``policyrt_sim.scenario.waiting``): a pedestrian standing in the
    lane ahead who walks off as the robot comes by; each case is drawn equally often.
    ``collision_margin_m`` trains as if every obstacle were that much larger (``TrackingEnv``);
    scoring, validation included, still counts only true contact.
    """

    observations_normalized = True
    action_dim = 2

    def __init__(self, seed=0, randomization=True, control_period_s=CONTROL_PERIOD_S, shapes=SHAPES,
                 encounters=ENCOUNTERS, reward=TRACK, max_speed_mps=None, collision_margin_m=0.0):
        self.metadata = task_metadata(control_period_s, max_speed_mps)
        spec = sim_spec.from_metadata(self.metadata)
        rand = default_randomization() if randomization is True else (randomization or None)
        self.cases = [(s, e) for s in shapes for e in encounters]
        self.envs = {case: policyrt_sim.TrackingEnv(case[0], case[1], seed=seed, randomization=rand, spec=spec,
                                                    reward_variant=reward, collision_margin_m=collision_margin_m)
                     for case in self.cases}
        self.rng = np.random.default_rng(seed)
        self.env = None
        self.case = None
        self.version = "%s/policyrt_sim control_period_s=%s randomization=%s" % (
            TASK, control_period_s, "off" if rand is None else getattr(rand, "name", type(rand).__name__))
        if reward != TRACK:  # the task's own reward keeps the version string runs already recorded
            self.version += " reward=%s" % reward
        if max_speed_mps is not None:
            self.version += " max_speed_mps=%r" % float(max_speed_mps)
        if tuple(encounters) != ENCOUNTERS:
            self.version += " encounters=%s" % ",".join(encounters)
        if collision_margin_m:
            self.version += " collision_margin_m=%r" % float(collision_margin_m)

    def policy_spec(self):
        return export_spec(self.metadata)

    def mirror_names(self):
        """(lateral features, lateral actions) of the left-right mirror (dsact.Reflection)."""
        return LATERAL_FEATURES, LATERAL_ACTIONS

    def state_dict(self):
        """Everything the next steps depend on (the case generator and every case's episode in
        progress), so that a training run resumes mid-episode exactly."""
        return {"rng": self.rng.bit_generator.state, "case": self.case, "envs": pickle.dumps(self.envs)}

    def load_state_dict(self, state):
        self.rng.bit_generator.state = state["rng"]
        self.envs = pickle.loads(state["envs"])
        self.case = None if state["case"] is None else tuple(state["case"])
        self.env = None if self.case is None else self.envs[self.case]

    def reset(self, seed=None):
        rng = np.random.default_rng(seed) if seed is not None else self.rng
        self.case = self.cases[int(rng.integers(len(self.cases)))]
        self.env = self.envs[self.case]
        return self.env.reset(seed=int(rng.integers(FIRST_TRAINING_SEED, 2 ** 31)))

    def step(self, action):
        obs, reward, done, info = self.env.step(action)
        truncated = bool(info.get("truncated", False))
        if not done and info.get("stop_reason") == "PATH_COMPLETE":
            # The governor holds the robot because its odometry says the path is done (at the end,
            # or, with odometry noise, at the start of a figure-eight whose end lies under the
            # start: a known issue of the controller's path tracker). Nothing the policy does
            # matters any more; end the training episode and bootstrap instead of playing out
            # up to 80 s of standing still.
            done = truncated = True
            info["metrics"] = self.env.metrics().as_dict()
        if done:
            info["success"] = bool(info["metrics"]["success"])
            info["case"] = self.case
        return obs, reward, bool(done) and not truncated, truncated, info


def make(seed, **kwargs):
    return TrackingTask(seed=seed, **kwargs)


# ---------------------------------------------------------------------------------------------
# Evaluation of a trained checkpoint with the simulator mirror's evaluation (policyrt_sim.evaluate)


def checkpoint_policy(path, mirror_average=False):
    """(policy(obs) -> action, spec): tanh(mean) of a dsact.py checkpoint's actor (averaged with its
    mirror image with ``mirror_average``, as ``export --mirror-average`` writes it), in PyTorch with
    the arithmetic of the exported graph (float64 for a GELU-tanh actor), and the policyrt_sim spec
    it was trained with (its control period included)."""
    import dsact

    actor, state = dsact.load_actor(path, mirror_average)
    return _deployed_policy(actor, state)


def _deployed_policy(actor, state):
    """(policy, spec) of an actor loaded from ``state`` (see checkpoint_policy)."""
    import dsact

    float64 = dsact.in_float64(dsact.Config(**state["config"]).activation)
    return _torch_policy(dsact.deployed_actor(actor.eval(), float64)), runtime_spec(state["env_spec"])


def runtime_spec(env_spec):
    """The policyrt_sim spec of a dsact.py spec dict (a checkpoint's ``env_spec``), read by the runtime's
    rules: float32 normalization, defaults for what the dict leaves out."""
    import export

    return sim_spec.from_metadata(export.spec_to_metadata(env_spec))


def _torch_policy(graph):
    """policy(obs) -> action running ``graph`` (a deployed actor) on one normalized observation."""
    import torch

    graph.eval()

    def policy(obs):
        with torch.no_grad():
            return graph(torch.as_tensor(obs, dtype=torch.float32).unsqueeze(0))[0].numpy()

    return policy


def onnx_policy(path, other_mlp=False):
    """(policy(obs) -> action, spec) for an exported actor, one observation at a time (see onnx_graph)."""
    graph, spec = onnx_graph(path, other_mlp)
    return _torch_policy(graph), spec


def onnx_graph(path, other_mlp=False):
    """(graph, spec) for an exported DSAC-T/SAC actor: the PyTorch actor rebuilt from the graph's Gemm
    weights as a module on a batch of normalized observations, with the arithmetic of the graph (float64
    when it casts to double).

    The weights' sha256 must equal the file's ``provenance.weights_sha256``, so the network is the
    trained one, not a re-implementation of the graph; the architecture (width, depth, activation)
    comes from ``provenance.hyperparameters``. This is what lets CI compare the Java and PyTorch
    evaluations of a shipped model without its checkpoint. ``other_mlp`` accepts a file without that
    provenance (an MLP of another exporter, e.g. the behaviour-cloned policy) and runs its layers in
    float32 PyTorch (peers.onnx_actor), which is close to but not the arithmetic of ONNX Runtime.
    """
    import json

    import dsact
    import export
    import onnx
    import torch
    from onnx import numpy_helper

    model = onnx.load(path)
    md = {p.key: p.value for p in model.metadata_props}
    prefix = export.PROVENANCE_PREFIX
    if prefix + "hyperparameters" not in md or prefix + "weights_sha256" not in md:
        if not other_mlp:
            raise ValueError("%s: no dsact.py provenance (hyperparameters, weights_sha256) in its metadata" % path)
        # Another exporter's MLP (the behaviour-cloned policy): its chain of layers in float32 PyTorch.
        # PyTorch and ONNX Runtime then differ by about 1e-7 per action, so an episode can end
        # differently from the Java evaluation's; good for statistics such as chatter, not for parity.
        from peers.onnx_actor import OnnxActor
        other = OnnxActor(path)
        return other.net, other.spec
    hyper = json.loads(md[prefix + "hyperparameters"])
    spec = sim_spec.from_metadata(md)
    width = int(hyper["hidden"]) * (2 if md.get(prefix + "mirror_average") == "true" else 1)
    actor = dsact.TanhGaussianActor(len(spec.features), 2, width, int(hyper["layers"]),
                                    hyper.get("activation", "gelu"))
    weights = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    gemms = [n for n in model.graph.node if n.op_type == "Gemm"]
    linears = [m for m in actor.net if isinstance(m, torch.nn.Linear)]
    if len(gemms) != len(linears):
        raise ValueError("%s: %d Gemm layers, the provenance's architecture has %d" % (path, len(gemms), len(linears)))
    with torch.no_grad():
        for node, linear in zip(gemms, linears):
            attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
            if attrs.get("transB", 0) != 1 or attrs.get("alpha", 1.0) != 1.0 or attrs.get("beta", 1.0) != 1.0:
                raise ValueError("%s: Gemm %s is not a plain nn.Linear export" % (path, node.name))
            linear.weight.copy_(torch.from_numpy(weights[node.input[1]].astype(np.float32)))
            linear.bias.copy_(torch.from_numpy(weights[node.input[2]].astype(np.float32)))
    if export.weights_sha256(dsact.DeterministicActor(actor)) != md[prefix + "weights_sha256"]:
        raise ValueError("%s: the graph's weights are not the ones its provenance names (weights_sha256 differs)"
                         % path)
    float64 = any(n.op_type == "Cast" and onnx.helper.get_attribute_value(n.attribute[0]) == onnx.TensorProto.DOUBLE
                  for n in model.graph.node)
    return dsact.deployed_actor(actor.eval(), float64), spec


VALIDATION_FIRST_SEED = 1000   # validation scenarios: apart from evaluation (0..) and training (10,000..)


def validate_checkpoint(path, step, seeds=12, first_seed=VALIDATION_FIRST_SEED, mirror_average=False):
    """One checkpoint on the validation seeds, nominal and randomized (the evaluation's two
    settings): episodes, successes, collisions and the episode-weighted mean lateral RMSE over both.
    Cached next to the checkpoint as ``checkpoint-STEP.validation.json`` (reused while it is newer
    than the checkpoint and has the same seeds), so a run can be watched while it trains."""
    import json
    import os

    from policyrt_sim import evaluate as sim_evaluate

    cache = path[:-len(".pt")] + (".mirror-average" if mirror_average else "") + ".validation.json"
    key = {"seeds": seeds, "first_seed": first_seed, "settings": ["nominal", "randomized"],
           "mirror_average": mirror_average}
    if os.path.exists(cache) and os.path.getmtime(cache) >= os.path.getmtime(path):
        with open(cache) as f:
            stored = json.load(f)
        if stored.get("key") == key:
            return dict(stored["row"], step=step, checkpoint=path)
    policy, spec = checkpoint_policy(path, mirror_average)
    cases = []
    for randomization in (None, default_randomization()):
        doc = sim_evaluate.evaluate(policy, seeds, randomization, spec=spec, policy_name=path, first_seed=first_seed)
        cases += doc["cases"]
    episodes = sum(c["episodes"] for c in cases)
    row = {"step": step, "checkpoint": path, "episodes": episodes,
           "successes": sum(c["successes"] for c in cases),
           "collisions": sum(c["collisions"] for c in cases),
           "mean_lateral_rmse_m": sum(c["mean_lateral_rmse_m"] * c["episodes"] for c in cases) / episodes}
    tmp = cache + ".tmp"
    with open(tmp, "w") as f:
        json.dump({"key": key, "row": row}, f, indent=1)
    os.replace(tmp, cache)
    return row


def select_checkpoint(run_dir, from_step=0, seeds=12, first_seed=VALIDATION_FIRST_SEED, log=None, mirror_average=False,
                      to_step=None):
    """Evaluates every ``checkpoint-STEP.pt`` of a run with from_step <= STEP (<= to_step, to
    compare runs at a smaller budget than they trained for) on the validation seeds
    (``validate_checkpoint``: all cases, nominal and randomized) and returns (rows, best row);
    best: most successes, then fewest collisions, then the smaller mean lateral RMSE, then the
    later step. Choosing on these seeds keeps the reported evaluation (seeds 0..N-1) an
    unbiased test."""
    import dsact

    found = dsact.kept_checkpoints(run_dir, from_step, to_step)
    rows = []
    for step, path in found:
        row = validate_checkpoint(path, step, seeds, first_seed, mirror_average)
        rows.append(row)
        if log:
            log("%(step)8d  %(successes)4d / %(episodes)d ok  %(collisions)4d collisions  lat RMSE %(mean_lateral_rmse_m).3f m"
                % row)
    best = max(rows, key=lambda r: (r["successes"], -r["collisions"], -r["mean_lateral_rmse_m"], r["step"]))
    return rows, best


# ---------------------------------------------------------------------------------------------
# Is the critic precise enough to track closer? (critic-check)


def critic_greedy(policy, critics, turn_index, window=0.4, candidates=41):
    """policy(obs) -> action that keeps ``policy``'s action but replaces its turn command by the one
    the critics (the smaller of the two means) rate highest among ``candidates`` evenly spaced within
    +-``window`` (normalized units) of it: one step of policy improvement on the learned critic. If
    the critic ranked actions as the reward does, this policy would earn at least the actor's return."""
    import torch

    deltas = np.linspace(-window, window, candidates)

    def act(obs):
        action = np.asarray(policy(obs), dtype=np.float64)
        actions = np.repeat(action[None, :], candidates, axis=0)
        actions[:, turn_index] = np.clip(actions[:, turn_index] + deltas, -1.0, 1.0)
        o = torch.as_tensor(np.asarray(obs, dtype=np.float32)).expand(candidates, -1)
        a = torch.as_tensor(actions, dtype=torch.float32)
        with torch.no_grad():
            q = torch.min(critics[0](o, a)[0], critics[1](o, a)[0])
        return actions[int(torch.argmax(q))]

    return act


def pure_pursuit(spec, speed_mps=None):
    """policy(obs) -> action, as the spec's graph outputs it, of the pure-pursuit law on the
    observation's look-ahead point (x, y in the body frame): w = 2 v y / (x^2 + y^2) at the path's
    target speed. A reference for a free lap only (it ignores obstacles): how far a closer track is
    worth in this task's reward."""
    from peers.onnx_actor import to_normalized
    from policyrt_sim import scenario

    v = scenario.TARGET_SPEED_MPS if speed_mps is None else speed_mps
    ix, iy = spec.features.index("lookahead_x_m"), spec.features.index("lookahead_y_m")

    def act(obs):
        x = obs[ix] / spec.scale[ix] + spec.shift[ix]
        y = obs[iy] / spec.scale[iy] + spec.shift[iy]
        return to_normalized(spec, [v, 2.0 * v * y / (x * x + y * y)])

    return act


def critic_check(path, shapes=SHAPES, mirror_average=True, window=0.4):
    """Plays the nominal free lap of each shape (seed 0, as ``policyrt sim evaluate`` does) with a
    checkpoint's deployed actor, with its critic-greedy version (``critic_greedy``) and with
    ``pure_pursuit``; rows of shape, policy, lateral RMSE (the evaluation's) and the episode's
    return in the training reward. A critic-greedy row below the actor's return says the critic
    cannot rank turn commands as finely as the reward does; a pure-pursuit row above it says a
    closer track is worth that much return."""
    import dsact
    from policyrt_sim.env import TrackingEnv

    actor, state = dsact.load_actor(path, mirror_average)
    policy, spec = _deployed_policy(actor, state)
    turn = spec.action_names.index(LATERAL_ACTIONS[0])
    players = (("actor", policy), ("critic-greedy", critic_greedy(policy, dsact.checkpoint_critics(state, path),
                                                                  turn, window)),
               ("pure pursuit", pure_pursuit(spec)))
    rows = []
    for shape in shapes:
        for name, play in players:
            env = TrackingEnv(shape, "none", 0, spec=spec, corridor_termination=False)
            obs, done, ret = env.reset(), False, 0.0
            while not done:
                obs, reward, done, _ = env.step(play(obs))
                ret += reward
            rows.append({"shape": shape, "policy": name, "lateral_rmse_m": env.metrics().lateral_rmse_m,
                         "return": ret})
    return rows


def speed_variation_mps(speeds_mps, ignore_below_mps=0.0):
    """Total variation of a speed sequence [m/s]: the sum of |change| from one value to the next. With
    ``ignore_below_mps`` > 0, a change counts only once it has grown to that size from the last counted
    value (a hysteresis), so that wiggles smaller than it are left out and deliberate changes are not."""
    if not len(speeds_mps):
        return 0.0
    total, reference = 0.0, speeds_mps[0]
    for v in speeds_mps[1:]:
        if abs(v - reference) >= ignore_below_mps:
            total += abs(v - reference)
            reference = v
    return total


WIGGLE_MPS = 0.02


def speed_profile(policy, spec, seeds=10, first_seed=VALIDATION_FIRST_SEED, shapes=SHAPES, encounters=ENCOUNTERS,
                  reward_variant=YIELD):
    """Where a policy's speed chatter comes from, per encounter over ``shapes`` and ``seeds`` episodes each
    (nominal): the shaped speed command's total variation per second (the evaluation's mean |dv/dt|), the
    same without the wiggles under WIGGLE_MPS, the highest speed, the lowest speed in the middle three
    fifths of the episode (past the start and before the stop at the goal), and the return under
    ``reward_variant`` (whether the reward pays for the profile), each a mean over episodes."""
    from policyrt_sim.evaluate import play_episode

    rows = []
    for encounter in encounters:
        sums = np.zeros(5)
        n = 0
        for shape in shapes:
            for seed in range(first_seed, first_seed + seeds):
                commands, rewards = [], []
                play_episode(policy, shape, encounter, seed, spec=spec, commands=commands, rewards=rewards,
                             reward_variant=reward_variant)
                speeds = [v for v, _ in commands]
                duration_s = len(speeds) * spec.control_period_nanos * 1e-9
                middle = speeds[len(speeds) // 5: len(speeds) - len(speeds) // 5] or speeds
                sums += (speed_variation_mps(speeds) / duration_s,
                         speed_variation_mps(speeds, WIGGLE_MPS) / duration_s, max(speeds), min(middle), sum(rewards))
                n += 1
        mean = sums / n
        rows.append({"encounter": encounter, "episodes": n, "dv_dt_mps2": mean[0], "dv_dt_without_wiggles_mps2": mean[1],
                     "max_speed_mps": mean[2], "min_middle_speed_mps": mean[3], "return": mean[4]})
    return rows


def speed_capped(policy, spec, cap_mps):
    """``policy`` with its speed action held at or below the one that commands ``cap_mps``: what the
    policy would earn if it did not speed up (speed_profile's return with and without the cap)."""
    from peers.onnx_actor import to_normalized

    low, high = spec.action_low[0], spec.action_high[0]
    if not low < cap_mps <= high:
        raise ValueError("speed cap %.3f m/s outside the policy's speed range (%.3f, %.3f]" % (cap_mps, low, high))
    cap = float(to_normalized(spec, [cap_mps] + list(spec.action_low[1:]))[0])

    def capped(obs):
        action = list(policy(obs))
        action[0] = min(action[0], cap)
        return action
    return capped


def main(argv=None):
    import argparse
    import json
    import os

    from policyrt_sim import evaluate as sim_evaluate

    p = argparse.ArgumentParser(description="Evaluate the deterministic actor of a dsact.py checkpoint or exported "
                                            "file in PyTorch, as `policyrt sim evaluate` does, or choose a run's "
                                            "checkpoint on validation seeds.")
    sub = p.add_subparsers(dest="command", required=True)
    e = sub.add_parser("evaluate", help="seeds 0..N-1 (or --first-seed..) of every path and encounter")
    source = e.add_mutually_exclusive_group(required=True)
    source.add_argument("--checkpoint", help="a dsact.py checkpoint")
    source.add_argument("--onnx", help="an exported actor, rebuilt in PyTorch from its weights (see onnx_policy)")
    e.add_argument("--other-mlp", action="store_true",
                   help="with --onnx: also a file without dsact.py provenance (float32 PyTorch, not bit-exact)")
    e.add_argument("--seeds", type=int, default=100)
    e.add_argument("--first-seed", type=int, default=0,
                   help="play seeds FIRST..FIRST+N-1, e.g. the validation seeds %d.. that select chooses on"
                        % VALIDATION_FIRST_SEED)
    e.add_argument("--randomize", action="store_true", help="the default domain randomization")
    e.add_argument("--shapes", default=",".join(SHAPES))
    e.add_argument("--encounters", default=",".join(ENCOUNTERS),
                   help="e.g. 'waiting', the training-only case that the evaluation's default leaves out")
    e.add_argument("--mirror-average", action="store_true",
                   help="with --checkpoint: the actor averaged with its mirror image, as export --mirror-average "
                        "writes it")
    e.add_argument("--json", help="write the results (policyrt-evaluation-v1 JSON)")
    e.add_argument("--markdown", help="write the table")
    s = sub.add_parser("select", help="the best checkpoint-STEP.pt of a run on validation seeds (see select_checkpoint)")
    s.add_argument("--run", required=True, help="a dsact.py output folder trained with --keep-checkpoints")
    s.add_argument("--from-step", type=int, default=0)
    s.add_argument("--to-step", type=int, help="only checkpoints up to this step (a run compared at a smaller budget)")
    s.add_argument("--seeds", type=int, default=12, help="validation seeds per case and setting")
    s.add_argument("--first-seed", type=int, default=VALIDATION_FIRST_SEED)
    s.add_argument("--mirror-average", action="store_true", help="choose among the mirror-averaged actors")
    s.add_argument("--json", help="write every row and the choice")
    v = sub.add_parser("speed-profile", help="where the speed chatter comes from, per encounter (see speed_profile)")
    v.add_argument("--onnx", required=True, nargs="+", help="exported actors (see onnx_policy)")
    v.add_argument("--other-mlp", action="store_true", help="also files without dsact.py provenance")
    v.add_argument("--seeds", type=int, default=10, help="episodes per path and encounter")
    v.add_argument("--first-seed", type=int, default=VALIDATION_FIRST_SEED)
    v.add_argument("--reward", default=YIELD, choices=VARIANTS,
                   help="the reward variant whose return is shown (default: the shipped policy's)")
    v.add_argument("--speed-cap-mps", type=float, nargs="*", default=[],
                   help="also play each policy with its speed command capped at these speeds")
    c = sub.add_parser("critic-check", help="free laps of a checkpoint's actor, its critic-greedy version and pure "
                                            "pursuit: lateral RMSE and return (see critic_check)")
    c.add_argument("--checkpoint", required=True, help="a dsact.py checkpoint (with its critics)")
    c.add_argument("--plain", action="store_true", help="the actor as trained, not averaged with its mirror image")
    c.add_argument("--window", type=float, default=0.4, help="turn commands tried around the actor's (normalized)")
    c.add_argument("--shapes", default=",".join(SHAPES))
    args = p.parse_args(argv)
    import torch
    torch.set_num_threads(1)
    if args.command == "critic-check":
        try:
            rows = critic_check(args.checkpoint, tuple(args.shapes.split(",")), not args.plain, args.window)
        except ValueError as err:
            raise SystemExit("dsact_tracking.py critic-check: %s" % err)
        print("| free lap | policy | lat RMSE m | return |\n|---|---|---|---|")
        for r in rows:
            print("| %(shape)s | %(policy)s | %(lateral_rmse_m).4f | %(return).3f |" % r)
        return 0
    if args.command == "speed-profile":
        print("| policy | encounter | dv/dt m/s^2 | without wiggles under %.0f cm/s | max speed m/s | min speed mid-run m/s "
              "| return (%s) |" % (WIGGLE_MPS * 100, args.reward))
        print("|---|---|---|---|---|---|---|")
        for path in args.onnx:
            try:
                policy, spec = onnx_policy(path, args.other_mlp)
                played = [(os.path.basename(path), policy)] + [
                    ("%s, speed capped at %.2f m/s" % (os.path.basename(path), cap), speed_capped(policy, spec, cap))
                    for cap in args.speed_cap_mps]
            except (ValueError, OSError) as err:
                raise SystemExit("dsact_tracking.py speed-profile: %s" % err)
            for name, played_policy in played:
                for r in speed_profile(played_policy, spec, args.seeds, args.first_seed, reward_variant=args.reward):
                    print("| %s | %s | %.3f | %.3f | %.2f | %.2f | %.2f |" % (
                        name, r["encounter"], r["dv_dt_mps2"], r["dv_dt_without_wiggles_mps2"], r["max_speed_mps"],
                        r["min_middle_speed_mps"], r["return"]))
        return 0
    if args.command == "select":
        try:
            rows, best = select_checkpoint(args.run, args.from_step, args.seeds, args.first_seed,
                                           log=lambda line: print(line, flush=True),
                                           mirror_average=args.mirror_average, to_step=args.to_step)
        except ValueError as err:
            raise SystemExit("dsact_tracking.py select: %s" % err)
        print(best["checkpoint"])
        if args.json:
            with open(args.json, "w") as f:
                named = [dict(r, checkpoint=os.path.basename(r["checkpoint"])) for r in rows]  # no machine paths
                json.dump({"validation_seeds": [args.first_seed, args.first_seed + args.seeds - 1],
                           "settings": ["nominal", "randomized"], "mirror_average": args.mirror_average,
                           "rows": named,
                           "best": dict(best, checkpoint=os.path.basename(best["checkpoint"]))}, f, indent=1)
        return 0
    try:
        if args.mirror_average and not args.checkpoint:
            raise ValueError("--mirror-average applies to --checkpoint (an exported file says it in its provenance)")
        policy, spec = (checkpoint_policy(args.checkpoint, args.mirror_average) if args.checkpoint
                        else onnx_policy(args.onnx, args.other_mlp))
        results = sim_evaluate.evaluate(policy, args.seeds, default_randomization() if args.randomize else None,
                                        shapes=tuple(args.shapes.split(",")),
                                        encounters=tuple(args.encounters.split(",")),
                                        policy_name=args.checkpoint or args.onnx,
                                        spec=spec, first_seed=args.first_seed)
    except ValueError as err:
        raise SystemExit("dsact_tracking.py evaluate: %s" % err)
    sim_evaluate.report(results, args.json, args.markdown)
    return 0


if __name__ == "__main__":
    import sys
    sys.path.insert(0, __import__("os").path.dirname(__import__("os").path.abspath(__file__)))
    sys.exit(main())
