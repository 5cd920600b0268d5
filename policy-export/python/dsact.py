"""DSAC-T (distributional soft actor-critic with three refinements) and plain SAC, on PyTorch.

The algorithm follows the reference implementations (the authors' DSAC-v2 code and GOPS
``dsact.py``) as summarised in the team notes on DSAC-T:

* actor: obs -> 3 x 256 GELU -> (mean, log_std); std = exp(clamp(log_std, -20, 0.5));
  tanh-Gaussian actions in [-1, 1]; deployed as tanh(mean). ``--activation gelu`` is GELU's erf
  form (GOPS's), ``gelu-tanh`` (the default for new runs) its tanh form, which deploys as a float64
  graph that ONNX Runtime and PyTorch compute alike (``Float64Actor``);
* twin critics: [obs, act] -> 3 x 256 GELU -> (mean, softplus -> std) of the return distribution,
  each with a target copy; a target actor draws the next action;
* refinement 1, expected value substitution: the critic mean is pulled toward
  y = r + gamma (1 - d) (min Q'(s', a') - alpha log pi'), the std is fitted to a sampled return
  (with ``--n-step N`` the target sums N rewards before it bootstraps: ``Transitions``);
* the running mean sigma_bar of each critic's std, and the sampled target clipped to
  Q +- 3 sigma_bar;
* variance-based gradient scaling: the critic loss is multiplied by omega = sigma_bar^2 + 0.1;
* actor, temperature and all targets step every ``delay_update`` = 2 critic steps;
  log_alpha starts at 1.0, target entropy -act_dim; Polyak tau 0.005.

``--no-expected-value``, ``--no-variance-clip`` and ``--no-grad-scaling`` switch the refinements
off one at a time. ``--algo sac`` is standard SAC with the same actor: all three off, plain twin Q
critics fitted by mean squared error to the soft target, and the next action drawn from the online
actor as SAC does.

Commands (from the repository root, with Debian's interpreter)::

    /usr/bin/python3 policy-export/python/dsact.py train --env tracking --steps 200000 --out target/dsact
    /usr/bin/python3 policy-export/python/dsact.py train --resume target/dsact/checkpoint.pt --steps 300000
    /usr/bin/python3 policy-export/python/dsact.py export --checkpoint target/dsact/final.pt \\
        --out policy-export/models/tracking-obstacle-v1-dsact.onnx [--gops]
    /usr/bin/python3 policy-export/python/dsact.py average --run target/dsact --from-step 1100000 \\
        --out target/dsact/average.pt

``train`` writes into ``--out``: ``training.csv`` (one row per ``--log-every`` steps),
``learning_curve.png``, ``checkpoint.pt`` (every ``--checkpoint-every`` steps) and ``final.pt``.
"""

import argparse
import copy
import csv
import dataclasses
import importlib
import json
import math
import os
import random
import sys
import time
from typing import NamedTuple

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# Debian's torch multiplies matrices with OpenBLAS, whose own thread pool torch.set_num_threads
# does not control: on the 2-core build machine its threads doubled the CPU time of an update.
# One BLAS thread unless the caller says otherwise (before torch loads the library).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import export  # noqa: E402  (exits with a message naming the Debian packages if torch/onnx are missing)
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

LOG_STD_MIN = -20.0
LOG_STD_MAX = 0.5
TD_BOUND_SIGMAS = 3.0       # the sampled target is clipped to Q +- 3 sigma_bar
NEXT_RETURN_CLAMP = 3.0     # the standard normal draw of the next return is clamped to +-3
GRAD_SCALE_BIAS = 0.1       # omega = sigma_bar^2 + 0.1, and the 0.1 in the loss denominators
CHECKPOINT_FORMAT = 1

CSV_COLUMNS = ["step", "episode_return", "eval_success", "eval_return", "critic_loss", "actor_loss", "alpha",
               "sigma_bar_1", "sigma_bar_2", "entropy", "wall_time_s", "updates", "caps_term", "mirrored_share",
               "bc_term"]


# ---------------------------------------------------------------------------------------------
# Configuration


@dataclasses.dataclass
class Config:
    """Every hyper-parameter of a run; stored in checkpoints and in the exported provenance."""
    algo: str = "dsact"                 # "dsact" or "sac"
    expected_value: bool = True         # refinement 1
    variance_clip: bool = True          # clip the sampled target at +-3 sigma_bar
    grad_scaling: bool = True           # omega = sigma_bar^2 + 0.1
    hidden: int = 256
    layers: int = 3
    activation: str = "gelu"            # "gelu" (erf form, GOPS) or "gelu-tanh" (see ACTIVATIONS)
    gamma: float = 0.99
    tau: float = 0.005
    tau_b: float = 0.005                # running-mean rate of sigma_bar
    actor_lr: float = 1e-4
    critic_lr: float = 1e-4
    alpha_lr: float = 3e-4
    log_alpha_init: float = 1.0
    delay_update: int = 2
    batch_size: int = 256
    buffer_size: int = 1_000_000
    warmup_steps: int = 10_000
    reward_scale: float = 1.0
    seed: int = 0
    env_steps_per_update: int = 1       # environment steps between gradient updates (GOPS sample_batch_size)
    mirror_fraction: float = 0.0        # share of each batch reflected left-right (see Reflection)
    caps_weight: float = 0.0            # temporal smoothness of the mean action (CAPS), 0 = off
    # Warm start from a teacher (an exported policy of the same task, e.g. the behaviour-cloned one): the
    # actor's loss adds bc_weight * mean ||tanh(mean(s)) - teacher(s)||^2 on each batch's states. For
    # bc_only_steps environment steps after the warm-up that term is the actor's whole loss (the critics
    # learn the imitating actor's values before it climbs them), then its weight falls linearly to zero
    # over bc_decay_steps. The teacher file's sha256 is kept so that a resume uses the same teacher.
    teacher: str = ""
    teacher_sha256: str = ""
    bc_weight: float = 0.0
    bc_only_steps: int = 0
    bc_decay_steps: int = 0
    # n-step targets: the critics' target sums the next n_step rewards (fewer where the episode ends or the
    # data do) before it bootstraps, so that what an action does to the next few rewards reaches the critic
    # through observed rewards rather than through n_step bootstrapped estimates (see Transitions).
    n_step: int = 1
    # Risk aversion (DSAC-T only): the actor climbs each critic's mean less risk_aversion times its std, the
    # smaller of the two, instead of the smaller mean, preferring actions whose return is less uncertain;
    # SAC's critics model no spread. Off in the recipe: on the tracking task the std hardly depends on the
    # action (models/dsact-recipe.md, "A risk-averse actor").
    risk_aversion: float = 0.0

    def __post_init__(self):
        if self.algo not in ("dsact", "sac"):
            raise ValueError("algo must be 'dsact' or 'sac', got %r" % self.algo)
        if self.algo == "sac" and (self.expected_value or self.variance_clip or self.grad_scaling):
            raise ValueError("algo 'sac' has no refinements: use Config.sac(...)")
        if self.activation not in ACTIVATIONS:
            raise ValueError("activation must be one of %s, got %r" % (sorted(ACTIVATIONS), self.activation))
        if self.delay_update < 1 or self.batch_size < 1 or self.buffer_size < self.batch_size:
            raise ValueError("delay_update and batch_size must be >= 1 and buffer_size >= batch_size")
        if self.env_steps_per_update < 1:
            raise ValueError("env_steps_per_update must be >= 1, got %r" % self.env_steps_per_update)
        if self.n_step < 1:
            raise ValueError("n_step must be >= 1, got %r" % self.n_step)
        if not 0.0 <= self.mirror_fraction <= 1.0:
            raise ValueError("mirror_fraction must be in [0, 1], got %r" % self.mirror_fraction)
        if not self.caps_weight >= 0.0:
            raise ValueError("caps_weight must be >= 0, got %r" % self.caps_weight)
        if not self.risk_aversion >= 0.0:
            raise ValueError("risk_aversion must be >= 0, got %r" % self.risk_aversion)
        if self.risk_aversion > 0 and self.algo != "dsact":
            raise ValueError("risk_aversion needs the return distribution of DSAC-T (algo 'dsact')")
        if not self.bc_weight >= 0.0 or self.bc_only_steps < 0 or self.bc_decay_steps < 0:
            raise ValueError("bc_weight, bc_only_steps and bc_decay_steps must be >= 0")
        if bool(self.teacher) != (self.bc_weight > 0):
            raise ValueError("a warm start needs both a teacher and bc_weight > 0 (teacher %r, bc_weight %r)"
                             % (self.teacher, self.bc_weight))

    @staticmethod
    def sac(**kwargs):
        return Config(algo="sac", expected_value=False, variance_clip=False, grad_scaling=False, **kwargs)

    @property
    def distributional(self):
        return self.algo == "dsact"


# What ``train --resume`` may change: the rest shapes the networks, the buffer or the algorithm.
RESUME_OVERRIDES = ("actor_lr", "critic_lr", "alpha_lr", "activation")


# ---------------------------------------------------------------------------------------------
# Networks


# GOPS uses GELU in its erf form. ONNX Runtime has no float64 Erf, so an actor with it cannot be
# deployed as the float64 graph that makes Java and PyTorch agree (see Float64Actor); the tanh
# form of GELU (within 5e-4 of the erf form) can, and is what the tracking policy is trained with.
ACTIVATIONS = {"gelu": lambda: torch.nn.GELU(), "gelu-tanh": lambda: torch.nn.GELU(approximate="tanh")}


def mlp(in_dim, out_dim, hidden, layers, activation="gelu"):
    modules, width = [], in_dim
    for _ in range(layers):
        modules += [torch.nn.Linear(width, hidden), ACTIVATIONS[activation]()]
        width = hidden
    modules.append(torch.nn.Linear(width, out_dim))
    return torch.nn.Sequential(*modules)


class TanhGaussianActor(torch.nn.Module):
    """obs -> (mean, std) of a Gaussian whose sample is squashed by tanh into [-1, 1]."""

    def __init__(self, obs_dim, act_dim, hidden=256, layers=3, activation="gelu"):
        super().__init__()
        self.obs_dim, self.act_dim = obs_dim, act_dim
        self.net = mlp(obs_dim, 2 * act_dim, hidden, layers, activation)

    def forward(self, obs):
        mean, log_std = self.net(obs).chunk(2, dim=-1)
        return mean, torch.clamp(log_std, LOG_STD_MIN, LOG_STD_MAX).exp()

    def sample(self, obs):
        """Reparameterized action in [-1, 1] and its log-probability (tanh-corrected), shape [B]."""
        mean, std = self(obs)
        eps = torch.randn_like(mean)
        pre_tanh = mean + std * eps
        # Gaussian log-density at mean + std * eps, written in eps (no distribution object)
        log_prob = (-0.5 * eps ** 2 - torch.log(std) - 0.5 * math.log(2.0 * math.pi)).sum(-1)
        # log(1 - tanh(u)^2) in the overflow-free form 2 (log 2 - u - softplus(-2u)).
        log_prob = log_prob - (2.0 * (math.log(2.0) - pre_tanh - F.softplus(-2.0 * pre_tanh))).sum(-1)
        return torch.tanh(pre_tanh), log_prob

    def mode(self, obs):
        """The deterministic deployment action tanh(mean)."""
        return torch.tanh(self(obs)[0])


class DeterministicActor(torch.nn.Module):
    """The exported graph: tanh(mean) of a TanhGaussianActor, in [-1, 1]."""

    def __init__(self, actor):
        super().__init__()
        self.actor = actor

    def forward(self, obs):
        return self.actor.mode(obs)


class Float64Actor(torch.nn.Module):
    """The exported graph of a float64-deployable actor: tanh(mean) computed in float64 from the
    float32 observation, rounded to float32 once at the end.

    Why: PyTorch and ONNX Runtime sum the float32 products of a layer in different orders, and the
    closed loop around an obstacle amplifies their ~1e-7 disagreements into different outcomes
    (11 of 306 evaluation episodes ended differently in float32). In float64 they agree to ~1e-15
    and the rounded actions are almost always bit-identical, so the Java and the PyTorch
    evaluations play the same episodes. Costs a few microseconds per tick (benchmarks README).
    """

    def __init__(self, actor):
        super().__init__()
        self.actor = actor

    def forward(self, obs):
        x = obs.to(torch.float64)
        for module in self.actor.net:
            if isinstance(module, torch.nn.Linear):
                x = F.linear(x, module.weight.to(torch.float64), module.bias.to(torch.float64))
            else:
                x = module(x)
        mean = x[..., :self.actor.act_dim]
        return torch.tanh(mean).to(torch.float32)


def in_float64(activation, float32=False):
    """Whether the deployed graph computes in float64: unless asked for float32, or the activation
    is GELU's erf form, which ONNX Runtime cannot compute in float64."""
    return activation != "gelu" and not float32


def deployed_actor(actor, float64):
    """The graph export writes and the PyTorch evaluation runs: tanh(mean) in float64 or float32."""
    return Float64Actor(actor) if float64 else DeterministicActor(actor)


def mirror_averaged(actor, reflection, activation):
    """The actor averaged with its own mirror image: a TanhGaussianActor of twice the width whose mean is
    (mean(x) + R_a mean(R x)) / 2 and whose log-std is (log_std(x) + log_std(R x)) / 2, where R x = sign x +
    offset is the task's reflection without its clip (Reflection) and R_a negates the turn command.

    Why: mirror augmentation makes the training data symmetric, but the network it trains is only
    approximately so, and a near-symmetric actor settles off the path: on a straight free lap the
    recipe's last checkpoints held a steady lateral offset of up to 7 cm, its side changing from one
    checkpoint to the next. Averaging projects the actor onto the mirror-symmetric policies exactly
    (tanh is odd, so tanh of the averaged mean is the averaged policy's action), with nothing to
    train. It is a plain dense chain: the two copies side by side in the first layer (the mirror's
    sign and offset folded into the second copy's weights and bias), block-diagonal hidden layers,
    and the averaging folded into the output layer, so every backend that runs the actor runs it.
    On rows where a lateral feature sits at its clip bound the image is unclipped (the raw value
    is lost there anyway).
    """
    linears = [m for m in actor.net if isinstance(m, torch.nn.Linear)]
    hidden = linears[0].out_features
    out = TanhGaussianActor(actor.obs_dim, actor.act_dim, 2 * hidden, len(linears) - 1, activation)
    big = [m for m in out.net if isinstance(m, torch.nn.Linear)]
    sign = reflection.obs_sign.double()
    offset = reflection.obs_offset.double()
    act_sign = reflection.act_sign.double()
    with torch.no_grad():
        w, b = linears[0].weight.double(), linears[0].bias.double()
        big[0].weight.copy_(torch.cat([w, w * sign]))
        big[0].bias.copy_(torch.cat([b, b + w @ offset]))
        for small, wide in zip(linears[1:-1], big[1:-1]):
            wide.weight.zero_()
            wide.weight[:hidden, :hidden] = small.weight
            wide.weight[hidden:, hidden:] = small.weight
            wide.bias.copy_(torch.cat([small.bias, small.bias]))
        w, b = linears[-1].weight.double(), linears[-1].bias.double()
        m = actor.act_dim
        mean_w = 0.5 * torch.cat([w[:m], act_sign.unsqueeze(1) * w[:m]], dim=1)
        std_w = 0.5 * torch.cat([w[m:], w[m:]], dim=1)
        big[-1].weight.copy_(torch.cat([mean_w, std_w]))
        big[-1].bias.copy_(torch.cat([0.5 * (b[:m] + act_sign * b[:m]), b[m:]]))
    return out


class GaussianReturnCritic(torch.nn.Module):
    """[obs, act] -> (mean, std) of the soft return distribution; std = softplus(raw)."""

    def __init__(self, obs_dim, act_dim, hidden=256, layers=3, activation="gelu"):
        super().__init__()
        self.net = mlp(obs_dim + act_dim, 2, hidden, layers, activation)

    def forward(self, obs, act):
        out = self.net(torch.cat([obs, act], dim=-1))
        return out[..., 0], F.softplus(out[..., 1])


class QCritic(torch.nn.Module):
    """[obs, act] -> Q (SAC); returns (Q, None) so both critic kinds share one call shape."""

    def __init__(self, obs_dim, act_dim, hidden=256, layers=3, activation="gelu"):
        super().__init__()
        self.net = mlp(obs_dim + act_dim, 1, hidden, layers, activation)

    def forward(self, obs, act):
        return self.net(torch.cat([obs, act], dim=-1))[..., 0], None


def make_critic(obs_dim, act_dim, config):
    """A fresh critic of the configuration's kind: the return distribution for DSAC-T, Q for SAC."""
    kind = GaussianReturnCritic if config.distributional else QCritic
    return kind(obs_dim, act_dim, config.hidden, config.layers, config.activation)


def load_state_checked(module, state, what):
    """load_state_dict that names the first layer whose shape differs (or which is missing/extra)."""
    own = module.state_dict()
    missing = [k for k in own if k not in state]
    extra = [k for k in state if k not in own]
    if missing or extra:
        raise ValueError("%s: the checkpoint is from another architecture: missing layers %s, unexpected layers %s"
                         % (what, missing, extra))
    for key, tensor in own.items():
        if tuple(state[key].shape) != tuple(tensor.shape):
            raise ValueError("%s: the checkpoint is from another architecture: layer '%s' has shape %s in the "
                             "checkpoint but %s in this network" % (what, key, list(state[key].shape),
                                                                      list(tensor.shape)))
    module.load_state_dict(state)


def polyak(target, source, tau):
    with torch.no_grad():
        for t, s in zip(target.parameters(), source.parameters()):
            t.mul_(1.0 - tau).add_(s, alpha=tau)


# ---------------------------------------------------------------------------------------------
# A replay batch


class Transitions(NamedTuple):
    """A batch of replayed transitions: the state and action the critics rate, the data of their target
    and the next state of the smoothness term.

    The target is y = ret + gamma^m (min Q'(boot_obs, a') - alpha log pi'(a'|boot_obs)) with
    ret = sum_{k<m} gamma^k r_{t+k}: m = n_step rewards, fewer where the episode or the recorded data
    end first, and no bootstrap (boot_steps 0) where the episode terminated within them. The entropy
    bonuses of the intermediate steps are left out, as in most n-step SAC variants: those actions were
    the behaviour's, and alpha is small. With n_step 1 this is the one-step transition
    (``one_step``)."""
    obs: torch.Tensor          # s_t [B, obs]
    act: torch.Tensor          # a_t [B, act]
    ret: torch.Tensor          # the discounted sum of the m rewards [B]
    boot_obs: torch.Tensor     # s_{t+m}, where the target bootstraps [B, obs]
    boot_steps: torch.Tensor   # m, or 0 where the episode terminated within the m steps [B]
    next_obs: torch.Tensor     # s_{t+1}, for the smoothness term [B, obs]

    @staticmethod
    def one_step(obs, act, rew, obs2, done):
        return Transitions(obs, act, rew, obs2, 1.0 - done, obs2)

    def discount(self, gamma):
        """gamma^m, 0 where the episode terminated: the weight of the bootstrapped value in the target."""
        return torch.where(self.boot_steps > 0, torch.pow(gamma, self.boot_steps), torch.zeros_like(self.ret))


# ---------------------------------------------------------------------------------------------
# Left-right symmetry


class Reflection:
    """The left-right mirror image of a transition, in the networks' normalized coordinates.

    A task that is symmetric under reflection about the robot's (or agent's) forward axis names its
    lateral features (those that change sign in the mirror image: lateral offsets, headings, yaw
    rates, curvatures, lateral positions and velocities) and its lateral actions (the turn command).
    In raw units the mirror negates them; with the normalization x = clip((raw - shift) * scale) that
    is x' = clip(-x - 2 shift scale), and the normalized lateral action is negated (its bounds must
    be symmetric). The reward of a symmetric task is the same for a transition and its mirror image.

    A lateral feature at its clip bound has lost its raw value, and its image would be a guess, so
    ``exact`` marks the rows whose lateral features lie strictly inside the bound before and after
    the mirror; only those are reflected (``reflect_share``). On them the mirror is an involution.
    """

    def __init__(self, obs_sign, obs_offset, obs_clip, act_sign):
        self.obs_sign = torch.as_tensor(np.asarray(obs_sign, np.float32))
        self.obs_offset = torch.as_tensor(np.asarray(obs_offset, np.float32))
        self.obs_clip = torch.as_tensor(np.asarray(obs_clip, np.float32))
        self.act_sign = torch.as_tensor(np.asarray(act_sign, np.float32))
        self.lateral = self.obs_sign < 0

    @staticmethod
    def from_spec(spec, lateral_features, lateral_actions):
        """From an export spec dict (features, shift, scale, clip, action names and bounds)."""
        features, actions = list(spec["features"]), list(spec["action_names"])
        unknown = sorted(set(lateral_features) - set(features)) + sorted(set(lateral_actions) - set(actions))
        if unknown:
            raise ValueError("the spec has no feature or action %s" % unknown)
        n = len(features)
        shift = np.asarray(export._per_feature(spec.get("shift", 0.0), n, "shift"), np.float64)
        scale = np.asarray(export._per_feature(spec.get("scale", 1.0), n, "scale"), np.float64)
        clip = spec.get("clip")
        clip = np.full(n, np.inf) if clip is None else np.asarray(export._per_feature(clip, n, "clip"), np.float64)
        lateral = np.array([f in lateral_features for f in features])
        sign = np.where(lateral, -1.0, 1.0)
        offset = np.where(lateral, -2.0 * shift * scale, 0.0)
        act_sign = []
        for j, name in enumerate(actions):
            if name in lateral_actions:
                low, high = float(spec["action_low"][j]), float(spec["action_high"][j])
                if spec.get("action_normalized", True) and low != -high:
                    raise ValueError("the mirrored action %s has asymmetric bounds [%g, %g]" % (name, low, high))
                act_sign.append(-1.0)
            else:
                act_sign.append(1.0)
        return Reflection(sign, offset, clip, act_sign)

    def obs(self, x):
        """Mirror image of normalized observations [B, n] (a tensor)."""
        return torch.max(torch.min(x * self.obs_sign + self.obs_offset, self.obs_clip), -self.obs_clip)

    def act(self, a):
        return a * self.act_sign

    def exact(self, x):
        """[B] bool: every lateral feature strictly inside its clip bound, before and after the mirror."""
        image = x * self.obs_sign + self.obs_offset
        inside = (x.abs() < self.obs_clip) & (image.abs() < self.obs_clip)
        return (inside | ~self.lateral).all(dim=-1)

    def transition(self, batch):
        """The mirror image of Transitions: states and the lateral action reflected, rewards kept."""
        return batch._replace(obs=self.obs(batch.obs), act=self.act(batch.act), boot_obs=self.obs(batch.boot_obs),
                              next_obs=self.obs(batch.next_obs))

    def reflect_share(self, batch, fraction):
        """(batch with the exact rows among its first round(fraction * B) reflected, rows reflected).
        Replay batches are drawn uniformly, so the first rows are a random share; no RNG is used."""
        k = int(round(fraction * batch.obs.shape[0]))
        if k == 0:
            return batch, 0
        rows = torch.zeros(batch.obs.shape[0], dtype=torch.bool)
        rows[:k] = True
        rows &= self.exact(batch.obs) & self.exact(batch.next_obs) & self.exact(batch.boot_obs)
        image = self.transition(batch)
        return Transitions(*(torch.where(rows.view(-1, *[1] * (x.dim() - 1)), y, x) for x, y in zip(batch, image))), \
            int(rows.sum())


# ---------------------------------------------------------------------------------------------
# The teacher of a warm start


class Teacher:
    """An exported policy of the task (e.g. the behaviour-cloned one) as a batched module: its action on
    the actor's normalized observations, which the behaviour-cloning term of a warm start pulls toward.

    The teacher must see what the actor sees: the same features with the same shift, scale and clip (its
    control period may differ). Its normalized actions are mapped through its own action bounds onto the
    actor's, clipped to them, so a teacher with a wider speed range still teaches an actor with a narrower
    one. Physical actions are not mapped, so those need the same bounds."""

    def __init__(self, path, env_spec, sha256=""):
        if not os.path.isfile(path):
            raise ValueError("teacher %s: no such file (a relative path is read from the directory the "
                             "training runs in)" % path)
        self.sha256 = export.file_sha256(path)
        if sha256 and sha256 != self.sha256:
            raise ValueError("teacher %s has changed since the run started (sha256 %s, the run's %s)"
                             % (path, self.sha256, sha256))
        if env_spec is None:
            raise ValueError("a teacher needs an environment with policy_spec(), to check that it sees what "
                             "the actor sees")
        import dsact_tracking
        self.graph, theirs = dsact_tracking.onnx_graph(path, other_mlp=True)
        ours = dsact_tracking.runtime_spec(env_spec)
        mismatch = [key for key in ("features", "shift", "scale", "clip", "action_normalized")
                    if not np.array_equal(getattr(theirs, key), getattr(ours, key))]
        same_bounds = (np.array_equal(theirs.action_low, ours.action_low)
                       and np.array_equal(theirs.action_high, ours.action_high))
        if len(theirs.action_low) != len(ours.action_low):
            mismatch.append("action count")
        elif not ours.action_normalized and not same_bounds:
            # physical actions carry no bounds to map through: a teacher's wider speed would reach the actor as is
            mismatch.append("action bounds")
        if mismatch:
            raise ValueError("teacher %s does not see or command what the actor does: its %s differ from the "
                             "environment's" % (path, ", ".join(mismatch)))
        self.graph.eval().requires_grad_(False)
        # to_normalized(ours, to_physical(theirs, a)) folded into a * gain + offset, clamped, for float32 batches
        t_low, t_high = np.asarray(theirs.action_low, np.float64), np.asarray(theirs.action_high, np.float64)
        low, high = np.asarray(ours.action_low, np.float64), np.asarray(ours.action_high, np.float64)
        self.remapped = ours.action_normalized and not same_bounds
        gain = (t_high - t_low) / (high - low)
        self.gain = torch.tensor(gain, dtype=torch.float32)
        self.offset = torch.tensor((t_high + t_low - high - low) / (high - low), dtype=torch.float32)

    def __call__(self, obs):
        with torch.no_grad():
            action = self.graph(obs).float()
            return torch.clamp(action * self.gain + self.offset, -1.0, 1.0) if self.remapped else action


# ---------------------------------------------------------------------------------------------
# The learner: networks, optimizers and one gradient step


class Learner:
    """Holds the networks and optimizers; ``update(batch)`` is one critic step (plus, every
    ``delay_update`` steps, one actor, temperature and target step)."""

    def __init__(self, obs_dim, act_dim, config, reflection=None, teacher=None):
        self.config, self.obs_dim, self.act_dim = config, obs_dim, act_dim
        if config.mirror_fraction > 0 and reflection is None:
            raise ValueError("mirror_fraction %g needs the task's Reflection (an environment with mirror_names())"
                             % config.mirror_fraction)
        if config.bc_weight > 0 and teacher is None:
            raise ValueError("bc_weight %g needs the Teacher" % config.bc_weight)
        self.reflection, self.teacher = reflection, teacher
        c = config
        self.actor = TanhGaussianActor(obs_dim, act_dim, c.hidden, c.layers, c.activation)
        self.q1 = make_critic(obs_dim, act_dim, c)
        self.q2 = make_critic(obs_dim, act_dim, c)
        self.actor_target = copy.deepcopy(self.actor)
        self.q1_target = copy.deepcopy(self.q1)
        self.q2_target = copy.deepcopy(self.q2)
        for net in (self.actor_target, self.q1_target, self.q2_target):
            net.requires_grad_(False)
        self.log_alpha = torch.nn.Parameter(torch.tensor(float(c.log_alpha_init)))
        self.target_entropy = -float(act_dim)
        self.critic_optimizer = torch.optim.Adam(list(self.q1.parameters()) + list(self.q2.parameters()),
                                                 lr=c.critic_lr)
        self.actor_optimizer = torch.optim.Adam(self.actor.parameters(), lr=c.actor_lr)
        self.alpha_optimizer = torch.optim.Adam([self.log_alpha], lr=c.alpha_lr)
        self.sigma_bar = [None, None]   # running mean of each critic's std (DSAC-T only)
        self.updates = 0                # critic steps taken

    @property
    def alpha(self):
        return float(self.log_alpha.detach().exp())

    # -- critic -----------------------------------------------------------------------------

    def next_action(self, obs2):
        """a' and log pi(a'|s'): from the target actor (DSAC-T), from the online actor (SAC)."""
        actor = self.actor_target if self.config.distributional else self.actor
        with torch.no_grad():
            return actor.sample(obs2)

    def targets(self, batch):
        """(y, y_s): the expected soft target and the sampled one (y_s is None for SAC) of Transitions."""
        c = self.config
        obs2 = batch.boot_obs
        act2, log_prob2 = self.next_action(obs2)
        alpha = self.alpha
        with torch.no_grad():
            m1, s1 = self.q1_target(obs2, act2)
            m2, s2 = self.q2_target(obs2, act2)
            q_next = torch.min(m1, m2)
            discount = batch.discount(c.gamma)
            y = batch.ret + discount * (q_next - alpha * log_prob2)
            if not c.distributional:
                return y, None
            z1 = torch.clamp(torch.randn_like(m1), -NEXT_RETURN_CLAMP, NEXT_RETURN_CLAMP)
            z2 = torch.clamp(torch.randn_like(m2), -NEXT_RETURN_CLAMP, NEXT_RETURN_CLAMP)
            # the sampled next return of the critic with the smaller mean
            sample_next = torch.where(m1 < m2, m1 + z1 * s1, m2 + z2 * s2)
            y_s = batch.ret + discount * (sample_next - alpha * log_prob2)
            return y, y_s

    def track_sigma_bar(self, i, std):
        batch_mean = std.detach().mean()
        if self.sigma_bar[i] is None:
            self.sigma_bar[i] = batch_mean
        else:
            tau_b = self.config.tau_b
            self.sigma_bar[i] = (1.0 - tau_b) * self.sigma_bar[i] + tau_b * batch_mean

    def clipped_sample_target(self, q, y_s, sigma_bar):
        """y_b = Q + clamp(y_s - Q, -3 sigma_bar, 3 sigma_bar) (or y_s without the clip)."""
        if not self.config.variance_clip:
            return y_s
        bound = TD_BOUND_SIGMAS * sigma_bar
        return q.detach() + torch.max(torch.min(y_s - q.detach(), bound), -bound)

    def distributional_loss(self, q, std, y, y_s, sigma_bar):
        """GOPS's surrogate whose gradient is the scaled Gaussian NLL gradient: the mean follows
        y (or y_b without refinement 1), the std follows |y_b - Q|."""
        c = self.config
        y_b = self.clipped_sample_target(q, y_s, sigma_bar)
        mean_target = y if c.expected_value else y_b
        s = torch.clamp(std, min=0.0).detach()
        omega = sigma_bar ** 2 + GRAD_SCALE_BIAS if c.grad_scaling else 1.0
        mean_term = -((mean_target - q).detach() / (s ** 2 + GRAD_SCALE_BIAS)) * q
        std_term = -(((q.detach() - y_b) ** 2 - s ** 2) / (s ** 3 + GRAD_SCALE_BIAS)) * std
        return omega * torch.mean(mean_term + std_term)

    def critic_loss(self, batch):
        y, y_s = self.targets(batch)
        q1, s1 = self.q1(batch.obs, batch.act)
        q2, s2 = self.q2(batch.obs, batch.act)
        if not self.config.distributional:
            return F.mse_loss(q1, y) + F.mse_loss(q2, y)
        self.track_sigma_bar(0, s1)
        self.track_sigma_bar(1, s2)
        return (self.distributional_loss(q1, s1, y, y_s, self.sigma_bar[0])
                + self.distributional_loss(q2, s2, y, y_s, self.sigma_bar[1]))

    # -- actor and temperature --------------------------------------------------------------

    def actor_loss(self, obs, obs2=None, bc_weight=0.0, bc_only=False):
        """(actor loss, alpha loss, entropy estimate, smoothness term, imitation term); alpha is detached in
        the actor loss. With ``caps_weight`` > 0 the loss adds caps_weight * mean ||tanh(mean(s)) -
        tanh(mean(s'))||^2 over the batch's transitions (s, s'): CAPS's temporal smoothness term (Mysore et
        al. 2021) on the deployed action, so consecutive commands differ only as much as the state does.
        With ``bc_weight`` > 0 it adds bc_weight * mean ||tanh(mean(s)) - teacher(s)||^2, the warm start's
        behaviour cloning, which is the whole actor loss with ``bc_only``."""
        act, log_prob = self.actor.sample(obs)
        smoothness = imitation = None
        mode = self.actor.mode(obs) if bc_weight > 0 or self.config.caps_weight > 0 else None
        if bc_weight > 0:
            imitation = ((mode - self.teacher(obs)) ** 2).sum(-1).mean()
        if bc_only:  # the critics are not asked: their values do not enter the loss yet
            actor_loss = bc_weight * imitation
        else:
            q1, s1 = self.q1(obs, act)
            q2, s2 = self.q2(obs, act)
            if self.config.risk_aversion > 0:
                q1 = q1 - self.config.risk_aversion * s1
                q2 = q2 - self.config.risk_aversion * s2
            actor_loss = torch.mean(self.log_alpha.detach().exp() * log_prob - torch.min(q1, q2))
            if self.config.caps_weight > 0 and obs2 is not None:
                smoothness = ((mode - self.actor.mode(obs2)) ** 2).sum(-1).mean()
                actor_loss = actor_loss + self.config.caps_weight * smoothness
            if imitation is not None:
                actor_loss = actor_loss + bc_weight * imitation
        alpha_loss = -torch.mean(self.log_alpha * (log_prob.detach() + self.target_entropy))
        return actor_loss, alpha_loss, float(-log_prob.detach().mean()), smoothness, imitation

    # -- one step ---------------------------------------------------------------------------

    def update(self, batch, bc_weight=0.0, bc_only=False):
        """One critic step; every ``delay_update``-th call also the actor, alpha and targets.

        As in GOPS, all gradients come from the networks before this step's parameter change:
        the actor's gradient is taken through the critics before the critic optimizer steps.
        ``bc_weight`` and ``bc_only`` are the warm start's imitation term now (``Trainer.imitation``).
        Returns a dict of metrics (actor_loss/entropy only on delayed steps).
        """
        c = self.config
        self.updates += 1
        mirrored = 0
        if c.mirror_fraction > 0:
            batch, mirrored = self.reflection.reflect_share(batch, c.mirror_fraction)
        critic_loss = self.critic_loss(batch)
        self.critic_optimizer.zero_grad(set_to_none=True)
        critic_loss.backward()
        metrics = {"critic_loss": float(critic_loss.detach()), "mirrored_share": mirrored / batch[0].shape[0]}
        delayed = self.updates % c.delay_update == 0
        if delayed:
            critics = list(self.q1.parameters()) + list(self.q2.parameters())
            for p in critics:
                p.requires_grad_(False)
            actor_loss, alpha_loss, entropy, smoothness, imitation = self.actor_loss(batch.obs, batch.next_obs,
                                                                                     bc_weight, bc_only)
            self.actor_optimizer.zero_grad(set_to_none=True)
            actor_loss.backward()
            self.alpha_optimizer.zero_grad(set_to_none=True)
            alpha_loss.backward()
            for p in critics:
                p.requires_grad_(True)
            metrics.update(actor_loss=float(actor_loss.detach()), entropy=entropy)
            if smoothness is not None:
                metrics["caps_term"] = float(smoothness.detach())
            if imitation is not None:
                metrics["bc_term"] = float(imitation.detach())
        self.critic_optimizer.step()
        if delayed:
            self.actor_optimizer.step()
            self.alpha_optimizer.step()
            polyak(self.q1_target, self.q1, c.tau)
            polyak(self.q2_target, self.q2, c.tau)
            polyak(self.actor_target, self.actor, c.tau)
        metrics["alpha"] = self.alpha
        metrics["delayed"] = delayed
        return metrics

    # -- state ------------------------------------------------------------------------------

    NETWORKS = ("actor", "q1", "q2", "actor_target", "q1_target", "q2_target")
    OPTIMIZERS = ("actor_optimizer", "critic_optimizer", "alpha_optimizer")

    def state_dict(self):
        state = {name: getattr(self, name).state_dict() for name in self.NETWORKS + self.OPTIMIZERS}
        state["log_alpha"] = self.log_alpha.detach().clone()
        state["sigma_bar"] = [None if s is None else s.clone() for s in self.sigma_bar]
        state["updates"] = self.updates
        return state

    def load_state_dict(self, state):
        for name in self.NETWORKS:
            load_state_checked(getattr(self, name), state[name], name)
        with torch.no_grad():
            self.log_alpha.copy_(state["log_alpha"])
        for name in self.OPTIMIZERS:
            getattr(self, name).load_state_dict(state[name])
        # the configuration is the truth: a resume may lower the learning rates (RESUME_OVERRIDES)
        for name, lr in (("actor_optimizer", self.config.actor_lr), ("critic_optimizer", self.config.critic_lr),
                         ("alpha_optimizer", self.config.alpha_lr)):
            for group in getattr(self, name).param_groups:
                group["lr"] = lr
        self.sigma_bar = [None if s is None else s.clone() for s in state["sigma_bar"]]
        self.updates = int(state["updates"])


# ---------------------------------------------------------------------------------------------
# Replay buffer


class ReplayBuffer:
    """Preallocated ring buffer of (obs, act, reward, next obs, terminal, episode end) in the order they
    happened, with its own seeded RNG; ``sample`` draws n-step Transitions."""

    def __init__(self, obs_dim, act_dim, capacity, seed):
        self.capacity = capacity
        self.obs = np.zeros((capacity, obs_dim), np.float32)
        self.act = np.zeros((capacity, act_dim), np.float32)
        self.rew = np.zeros(capacity, np.float32)
        self.obs2 = np.zeros((capacity, obs_dim), np.float32)
        self.done = np.zeros(capacity, np.float32)
        self.end = np.zeros(capacity, bool)     # the episode ended here (terminated or truncated)
        self.size = 0
        self.next = 0
        self.rng = np.random.default_rng(seed)

    def add(self, obs, act, rew, obs2, terminal, truncated):
        i = self.next
        self.obs[i], self.act[i], self.rew[i], self.obs2[i], self.done[i] = obs, act, rew, obs2, float(terminal)
        self.end[i] = bool(terminal or truncated)
        self.next = (i + 1) % self.capacity
        self.size = min(self.size + 1, self.capacity)

    def sample(self, batch_size, n_step=1, gamma=0.99):
        return self.transitions(self.rng.integers(0, self.size, size=batch_size), n_step, gamma)

    def transitions(self, idx, n_step=1, gamma=0.99):
        """The Transitions that start at the stored indices idx, each over up to n_step steps of its episode
        (those recorded: the newest transition ends every window)."""
        ret, last = self.rew[idx].copy(), idx.copy()
        steps = np.ones(len(idx), np.float32)
        later = (self.next - 1 - idx) % self.capacity     # transitions recorded after each one
        going = ~self.end[idx]
        for k in range(1, n_step):
            going &= later >= k
            j = (idx + k) % self.capacity
            ret += np.where(going, np.float32(gamma ** k) * self.rew[j], np.float32(0.0))
            last = np.where(going, j, last)
            steps += going
            going &= ~self.end[j]
        boot_steps = np.where(self.done[last] > 0, np.float32(0.0), steps)
        return Transitions(*(torch.from_numpy(a) for a in (self.obs[idx], self.act[idx], ret, self.obs2[last],
                                                            boot_steps, self.obs2[idx])))

    def state_dict(self, with_data):
        state = {"size": self.size, "next": self.next, "rng": self.rng.bit_generator.state}
        if with_data:
            n = self.size
            state.update(obs=self.obs[:n].copy(), act=self.act[:n].copy(), rew=self.rew[:n].copy(),
                         obs2=self.obs2[:n].copy(), done=self.done[:n].copy(), end=self.end[:n].copy())
        return state

    def load_state_dict(self, state):
        self.rng.bit_generator.state = state["rng"]
        if "obs" not in state:
            return  # saved without data: start empty, the trainer warms up again
        n = state["size"]
        if n > self.capacity:
            raise ValueError("the checkpoint's replay buffer holds %d transitions, this one only %d" % (n, self.capacity))
        for name in ("obs", "act", "rew", "obs2", "done"):
            getattr(self, name)[:n] = state[name]
        # replay saved before episode ends were kept: only its terminal ones are known, which is all one-step
        # transitions need (an n-step run cannot have such a checkpoint)
        self.end[:n] = state["end"] if "end" in state else state["done"] > 0
        self.size, self.next = n, state["next"] % self.capacity


# ---------------------------------------------------------------------------------------------
# Environments


class EnvAdapter:
    """One calling convention over gym-style environments.

    The environment needs ``reset()`` (returning obs, or (obs, info)) and ``step(action)``
    returning (obs, reward, terminated, truncated, info) or (obs, reward, done, info). Optional:
    ``reset(seed=...)``, an ``action_dim`` attribute, ``policy_spec()`` (the export spec dict,
    whose shift/scale/clip also normalize the observations fed to the networks unless the env
    sets ``observations_normalized``), ``version`` and ``state_dict()``/``load_state_dict()`` for exact resumption.
    """

    def __init__(self, env):
        self.env = env
        spec = env.policy_spec() if hasattr(env, "policy_spec") else None
        self.spec = spec
        obs = self.reset(seed=None)
        self.obs_dim = int(obs.shape[0])
        self.act_dim = int(getattr(env, "action_dim", len(spec["action_names"]) if spec else 0))
        if self.act_dim < 1:
            raise ValueError("the environment must say its action_dim (or give policy_spec() action_names)")

    def normalize(self, raw):
        if self.spec is None or getattr(self.env, "observations_normalized", False):
            return raw.astype(np.float32)
        n = raw.shape[0]
        shift = np.asarray(export._per_feature(self.spec.get("shift", 0.0), n, "shift"), np.float32)
        scale = np.asarray(export._per_feature(self.spec.get("scale", 1.0), n, "scale"), np.float32)
        out = (raw.astype(np.float32) - shift) * scale
        if self.spec.get("clip") is not None:
            clip = np.asarray(export._per_feature(self.spec["clip"], n, "clip"), np.float32)
            out = np.clip(out, -clip, clip)
        return out.astype(np.float32)

    def reflection(self):
        """The task's left-right Reflection, from ``env.mirror_names()`` (lateral feature names, lateral
        action names) and the spec's normalization."""
        if not hasattr(self.env, "mirror_names") or self.spec is None:
            raise ValueError("mirror augmentation needs an environment with policy_spec() and mirror_names()")
        features, actions = self.env.mirror_names()
        return Reflection.from_spec(self.spec, features, actions)

    def reset(self, seed=None):
        out = self.env.reset(seed=seed) if seed is not None else self.env.reset()
        obs = out[0] if isinstance(out, tuple) else out
        return self._checked(obs, "reset")

    def step(self, action):
        out = self.env.step(action)
        if len(out) == 5:
            obs, reward, terminated, truncated, info = out
        else:
            obs, reward, done, info = out
            truncated = bool(info.get("TimeLimit.truncated", info.get("truncated", False)))
            terminated = bool(done) and not truncated
        if not math.isfinite(float(reward)):
            raise ValueError("the environment returned a non-finite reward %r" % reward)
        return self._checked(obs, "step"), float(reward), bool(terminated), bool(truncated), info or {}

    def _checked(self, obs, where):
        obs = np.asarray(obs, dtype=np.float64).reshape(-1)
        if not np.isfinite(obs).all():
            raise ValueError("the environment's %s returned a non-finite observation %s" % (where, obs.tolist()))
        return self.normalize(obs)


def resolve_env_factory(name):
    """'tracking' (the PolicyRT simulator mirror) or 'package.module:callable'; the callable
    takes (seed, **kwargs) and returns an environment."""
    if name == "tracking":
        return make_tracking_env
    if ":" in name:
        module, attr = name.split(":", 1)
        return getattr(importlib.import_module(module), attr)
    raise ValueError("unknown --env %r: use 'tracking' or 'package.module:callable'" % name)


def make_tracking_env(seed, **kwargs):
    """The tracking-with-obstacle task of the Python simulator mirror (see dsact_tracking.py)."""
    try:
        import dsact_tracking
    except ImportError as e:
        raise SystemExit("--env tracking: %s" % e)
    return dsact_tracking.make(seed, **kwargs)


# ---------------------------------------------------------------------------------------------
# The trainer: interaction, evaluation, logging, checkpoints


class Trainer:
    """Runs the interaction loop: warm-up with uniform random actions, then one update every
    ``env_steps_per_update`` environment steps; deterministic evaluation every ``eval_every`` steps; a CSV row every
    ``log_every`` steps; a checkpoint every ``checkpoint_every`` steps.

    ``env_factory(seed)`` builds the training environment (seed = config.seed) and the
    evaluation environment (seed = config.seed + 10_000); evaluation episode k resets with
    seed ``eval_seed + k``.
    """

    def __init__(self, env_factory, config, out_dir, env_name="custom", eval_every=5000, eval_episodes=5,
                 log_every=1000, checkpoint_every=0, save_replay=False, eval_seed=1_000_000, env_kwargs=None,
                 verbose=True, keep_checkpoints=False):
        self.config, self.out_dir, self.env_name = config, out_dir, env_name
        self.env_kwargs = dict(env_kwargs or {})
        self.eval_every, self.eval_episodes, self.log_every = eval_every, eval_episodes, log_every
        self.checkpoint_every, self.save_replay, self.eval_seed = checkpoint_every, save_replay, eval_seed
        self.verbose, self.keep_checkpoints = verbose, keep_checkpoints
        seed_everything(config.seed)
        self.env = EnvAdapter(env_factory(config.seed, **self.env_kwargs))
        self.eval_env = EnvAdapter(env_factory(config.seed + 10_000, **self.env_kwargs))
        teacher = None
        if config.bc_weight > 0:
            teacher = Teacher(config.teacher, self.env.spec, config.teacher_sha256)
            config.teacher_sha256 = teacher.sha256
        self.learner = Learner(self.env.obs_dim, self.env.act_dim, config,
                               self.env.reflection() if config.mirror_fraction > 0 else None, teacher)
        self.buffer = ReplayBuffer(self.env.obs_dim, self.env.act_dim, config.buffer_size, config.seed)
        self.action_rng = np.random.default_rng(config.seed + 1)  # warm-up actions
        self.step = 0
        self.episodes = 0
        self.wall_time_s = 0.0
        self.obs = self.env.reset(seed=config.seed)
        self.episode_return = 0.0
        self.finished_returns = []      # episode returns finished since the last CSV row
        self.pending = {}               # latest metrics since the last CSV row
        self.last_eval = (float("nan"), float("nan"))
        os.makedirs(out_dir, exist_ok=True)
        self.csv_path = os.path.join(out_dir, "training.csv")

    # -- interaction ------------------------------------------------------------------------

    def act(self, obs):
        if self.step < self.config.warmup_steps:
            return self.action_rng.uniform(-1.0, 1.0, self.env.act_dim).astype(np.float32)
        with torch.no_grad():
            action, _ = self.learner.actor.sample(torch.from_numpy(obs).unsqueeze(0))
        return action[0].numpy()

    def env_step(self):
        action = self.act(self.obs)
        obs2, reward, terminated, truncated, _ = self.env.step(action)
        self.buffer.add(self.obs, action, reward * self.config.reward_scale, obs2, terminated, truncated)
        self.episode_return += reward
        self.step += 1
        if terminated or truncated:
            self.finished_returns.append(self.episode_return)
            self.episodes += 1
            self.episode_return = 0.0
            self.obs = self.env.reset(seed=self.config.seed + self.episodes)
        else:
            self.obs = obs2

    def train(self, total_steps):
        """Runs until ``total_steps`` environment steps in all; writes final.pt, the CSV and the plot."""
        started = time.monotonic() - self.wall_time_s
        new_file = not os.path.exists(self.csv_path) or self.step == 0
        with open(self.csv_path, "w" if new_file else "a", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            if new_file:
                writer.writerow(CSV_COLUMNS)
            while self.step < total_steps:
                self.env_step()
                if (self.step >= self.config.warmup_steps and self.buffer.size >= self.config.batch_size
                        and self.step % self.config.env_steps_per_update == 0):
                    batch = self.buffer.sample(self.config.batch_size, self.config.n_step, self.config.gamma)
                    metrics = self.learner.update(batch, *self.imitation())
                    self.pending.update({k: v for k, v in metrics.items() if k != "delayed"})
                self.wall_time_s = time.monotonic() - started
                if self.eval_every and self.step % self.eval_every == 0:
                    self.last_eval = self.evaluate(self.eval_episodes)
                if self.log_every and self.step % self.log_every == 0:
                    writer.writerow(self.csv_row())
                    f.flush()
                if self.checkpoint_every and self.step % self.checkpoint_every == 0:
                    self.save(os.path.join(self.out_dir, "checkpoint.pt"))
                    f.flush()
                    plot_learning_curve(self.csv_path, os.path.join(self.out_dir, "learning_curve.png"),
                                        "%s on %s" % (algorithm_name(self.config), self.env_name))
                    if self.keep_checkpoints:  # for selection and export: no replay data, it would be 100 MB each
                        self.save(os.path.join(self.out_dir, "checkpoint-%d.pt" % self.step), with_replay=False)
        self.save(os.path.join(self.out_dir, "final.pt"))
        plot_learning_curve(self.csv_path, os.path.join(self.out_dir, "learning_curve.png"),
                            "%s on %s" % (algorithm_name(self.config), self.env_name))

    def imitation(self):
        """(weight, only) of the warm start's behaviour-cloning term at this step: the whole actor loss
        for bc_only_steps after the warm-up, then a weight falling linearly to zero over bc_decay_steps."""
        c = self.config
        if c.bc_weight == 0:
            return 0.0, False
        since = self.step - c.warmup_steps
        if since < c.bc_only_steps:
            return c.bc_weight, True
        if since - c.bc_only_steps >= c.bc_decay_steps:
            return 0.0, False
        return c.bc_weight * (1.0 - (since - c.bc_only_steps) / c.bc_decay_steps), False

    def csv_row(self):
        sigma = [float("nan") if s is None else float(s) for s in self.learner.sigma_bar]
        returns = self.finished_returns
        row = [self.step, _fmt(np.mean(returns) if returns else float("nan")), _fmt(self.last_eval[0]),
               _fmt(self.last_eval[1]), _fmt(self.pending.get("critic_loss", float("nan"))),
               _fmt(self.pending.get("actor_loss", float("nan"))), _fmt(self.learner.alpha), _fmt(sigma[0]),
               _fmt(sigma[1]), _fmt(self.pending.get("entropy", float("nan"))), "%.1f" % self.wall_time_s,
               self.learner.updates, _fmt(self.pending.get("caps_term", float("nan"))),
               _fmt(self.pending.get("mirrored_share", float("nan"))),
               _fmt(self.pending.pop("bc_term", float("nan")))]  # popped: empty once the imitation has ended
        if self.verbose:
            print("step %d  return %s  eval success %s return %s  critic %s  actor %s  alpha %s  sigma_bar %s/%s  "
                  "entropy %s  %.0f s  %d updates  caps %s  mirrored %s%s"
                  % tuple(row[:10] + [self.wall_time_s] + row[11:14]
                          + ["  imitation " + row[14] if row[14] else ""]), flush=True)
        self.finished_returns = []
        return row

    def evaluate(self, episodes):
        """Deterministic (tanh(mean)) episodes on the evaluation env: (success rate, mean return).
        Success is the episode's final info['success'] when the env reports it, else NaN."""
        successes, returns = [], []
        for k in range(episodes):
            obs = self.eval_env.reset(seed=self.eval_seed + k)
            total, info = 0.0, {}
            while True:
                with torch.no_grad():
                    action = self.learner.actor.mode(torch.from_numpy(obs).unsqueeze(0))[0].numpy()
                obs, reward, terminated, truncated, info = self.eval_env.step(action)
                total += reward
                if terminated or truncated:
                    break
            returns.append(total)
            if "success" in info:
                successes.append(float(bool(info["success"])))
        return (float(np.mean(successes)) if successes else float("nan")), float(np.mean(returns))

    # -- checkpoints ------------------------------------------------------------------------

    def state_dict(self, with_replay=None):
        env_state = self.env.env.state_dict() if hasattr(self.env.env, "state_dict") else None
        return {
            "format": CHECKPOINT_FORMAT,
            "config": dataclasses.asdict(self.config),
            "env_name": self.env_name,
            "env_kwargs": self.env_kwargs,
            "env_version": str(getattr(self.env.env, "version", "unknown")),
            "env_spec": self.env.spec,
            "obs_dim": self.env.obs_dim,
            "act_dim": self.env.act_dim,
            "learner": self.learner.state_dict(),
            "replay": self.buffer.state_dict(self.save_replay if with_replay is None else with_replay),
            "step": self.step,
            "episodes": self.episodes,
            "wall_time_s": self.wall_time_s,
            "episode_return": self.episode_return,
            "obs": self.obs.copy(),
            "env_state": env_state,
            "last_eval": self.last_eval,
            "finished_returns": list(self.finished_returns),
            "pending": dict(self.pending),
            "rng": {"torch": torch.get_rng_state(), "numpy": np.random.get_state(), "python": random.getstate(),
                    "actions": self.action_rng.bit_generator.state},
            "torch_version": torch.__version__,
        }

    def save(self, path, with_replay=None):
        tmp = path + ".tmp"
        torch.save(self.state_dict(with_replay), tmp)
        os.replace(tmp, path)

    def load_state_dict(self, state):
        if state.get("format") != CHECKPOINT_FORMAT:
            raise ValueError("checkpoint format %r, this trainer reads %d" % (state.get("format"), CHECKPOINT_FORMAT))
        if (state["obs_dim"], state["act_dim"]) != (self.env.obs_dim, self.env.act_dim):
            raise ValueError("the checkpoint was trained on %d observations and %d actions, this environment has "
                             "%d and %d" % (state["obs_dim"], state["act_dim"], self.env.obs_dim, self.env.act_dim))
        self.learner.load_state_dict(state["learner"])
        self.buffer.load_state_dict(state["replay"])
        self.step, self.episodes = int(state["step"]), int(state["episodes"])
        self.wall_time_s, self.last_eval = float(state["wall_time_s"]), tuple(state["last_eval"])
        self.finished_returns, self.pending = list(state["finished_returns"]), dict(state["pending"])
        self.truncate_csv_after(self.step)
        if state["env_state"] is not None and hasattr(self.env.env, "load_state_dict"):
            self.env.env.load_state_dict(state["env_state"])
            self.obs, self.episode_return = state["obs"].copy(), float(state["episode_return"])
        else:
            # the environment cannot be restored mid-episode: start the next episode
            self.episodes += 1
            self.episode_return = 0.0
            self.obs = self.env.reset(seed=self.config.seed + self.episodes)
        if self.buffer.size == 0 and self.step >= self.config.warmup_steps:
            self.config.warmup_steps = self.step + self.config.batch_size  # refill before updating
        rng = state["rng"]
        torch.set_rng_state(rng["torch"])
        np.random.set_state(rng["numpy"])
        random.setstate(rng["python"])
        self.action_rng.bit_generator.state = rng["actions"]

    def truncate_csv_after(self, step):
        """Drops CSV rows a killed run wrote after its last checkpoint, so a resumed log has no repeats; a
        log with fewer columns (an older trainer's) gets the current header and empty cells."""
        if not os.path.exists(self.csv_path):
            return
        with open(self.csv_path, newline="", encoding="utf-8") as f:
            rows = list(csv.reader(f))
        kept = [CSV_COLUMNS] + [r + [""] * (len(CSV_COLUMNS) - len(r))
                                for r in rows[1:] if r and int(r[0]) <= step]
        with open(self.csv_path, "w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(kept)

    @staticmethod
    def resume(path, env_factory, out_dir=None, overrides=None, **kwargs):
        """Continues a checkpoint; ``overrides`` replaces entries of its configuration, only those of
        RESUME_OVERRIDES: the learning rates (a later stage may lower them) and the activation (it
        has no weights, so a run started with GELU's erf form can go on in its tanh form). Without an
        ``env_factory`` the checkpoint's own environment is built (``resolve_env_factory``)."""
        if not os.path.isfile(path):
            raise ValueError("%s: no such checkpoint file" % path)
        state = torch.load(path)
        if state.get("actor_average"):
            raise ValueError("%s holds an actor averaged over several checkpoints (dsact.py average): it is for export "
                             "and evaluation; resume the run from its own checkpoint.pt" % path)
        env_factory = env_factory or resolve_env_factory(state["env_name"])
        overrides = dict(overrides or {})
        # the run's own values may be repeated (a script resumes with the command that started it)
        defaults = Config()  # a checkpoint from before a field existed ran with its default
        refused = sorted(k for k in set(overrides) - set(RESUME_OVERRIDES)
                         if overrides[k] != state["config"].get(k, getattr(defaults, k, None)))
        if refused:
            raise ValueError("%s cannot change on resume (only %s can)" % (", ".join(refused),
                                                                           ", ".join(RESUME_OVERRIDES)))
        state["config"].update(overrides)
        config = Config(**state["config"])
        trainer = Trainer(env_factory, config, out_dir or os.path.dirname(os.path.abspath(path)),
                          env_name=state["env_name"], env_kwargs=state["env_kwargs"], **kwargs)
        trainer.load_state_dict(state)
        return trainer


def seed_everything(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def algorithm_name(config):
    if config.algo == "sac":
        return "sac"
    off = [name for name, on in (("expected-value", config.expected_value), ("variance-clip", config.variance_clip),
                                 ("grad-scaling", config.grad_scaling)) if not on]
    return "dsac-t" + "".join("-no-" + o for o in off)


def _fmt(x):
    x = float(x)
    return "" if math.isnan(x) else "%.6g" % x


def plot_learning_curve(csv_path, png_path, title):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    with open(csv_path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))

    def series(col):
        pts = [(int(r["step"]), float(r[col])) for r in rows if r[col] != ""]
        return [p[0] for p in pts], [p[1] for p in pts]

    fig, (ax, ax2) = plt.subplots(2, 1, figsize=(7, 6), dpi=100, sharex=True)
    ax.plot(*series("episode_return"), label="training episode return", alpha=0.6)
    ax.plot(*series("eval_return"), "o-", label="deterministic evaluation return")
    ax.set_ylabel("return")
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    ax.legend(loc="lower right")
    steps, success = series("eval_success")
    if steps:
        ax2.plot(steps, success, "o-", color="tab:green", label="evaluation success rate")
        ax2.set_ylim(-0.05, 1.05)
        ax2.set_ylabel("success rate")
    else:
        ax2.plot(*series("alpha"), color="tab:red", label="alpha")
        ax2.set_yscale("log")
    ax2.set_xlabel("environment step")
    ax2.grid(True, alpha=0.3)
    ax2.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(png_path)
    plt.close(fig)


# ---------------------------------------------------------------------------------------------
# Export


def kept_checkpoints(run_dir, from_step=0, to_step=None):
    """[(step, path)] of a run's ``checkpoint-STEP.pt`` files (``train --keep-checkpoints``) with
    from_step <= STEP (<= to_step), oldest first; refuses a run with none, naming the range."""
    import glob
    import re

    found = []
    for path in glob.glob(os.path.join(run_dir, "checkpoint-*.pt")):
        m = re.fullmatch(r"checkpoint-(\d+)\.pt", os.path.basename(path))
        step = int(m.group(1)) if m else None
        if step is not None and step >= from_step and (to_step is None or step <= to_step):
            found.append((step, path))
    if not found:
        raise ValueError("no checkpoint-STEP.pt with STEP >= %d%s in %s (train with --keep-checkpoints)"
                         % (from_step, "" if to_step is None else " and <= %d" % to_step, run_dir))
    return sorted(found)


# What must agree for two checkpoints' actors to be averaged: one run, one architecture, one task.
AVERAGE_MUST_AGREE = ("env_name", "env_kwargs", "obs_dim", "act_dim")
AVERAGE_CONFIG_MUST_AGREE = ("algo", "seed", "hidden", "layers", "activation", "teacher")


def run_identity(state):
    """[(name, value)] of what makes two checkpoints the same run, task and architecture."""
    return ([(key, state.get(key)) for key in AVERAGE_MUST_AGREE]
            + [(key, state["config"].get(key)) for key in AVERAGE_CONFIG_MUST_AGREE])


def average_checkpoints(paths, out_path):
    """Writes a checkpoint whose actor is the element-wise mean of the actors of ``paths`` (kept
    checkpoints of one run) and whose every other entry is the newest one's; ``actor_average``
    names the steps. Late in a run the actor wanders between nearby weights from one checkpoint to
    the next, and which of them the validation picks is partly chance; their mean sits between
    them (stochastic weight averaging). Refuses checkpoints of different runs, tasks or
    architectures, naming the entry that differs, and non-finite weights."""
    if not paths:
        raise ValueError("no checkpoints to average")
    states = []
    for path in paths:
        _, state = load_actor(path)  # refuses a missing file, another architecture and non-finite weights
        if state.get("actor_average"):
            raise ValueError("%s is itself an average; average the run's own checkpoints" % path)
        states.append((path, state))
    first_path, first = states[0]
    for path, state in states[1:]:
        for (key, want), (_, got) in zip(run_identity(first), run_identity(state)):
            if got != want:
                raise ValueError("%s and %s differ in %s (%r against %r): only checkpoints of one run can be averaged"
                                 % (first_path, path, key, want, got))
    newest = max((state for _, state in states), key=lambda state: state["step"])
    average = {}
    for name, tensor in newest["learner"]["actor"].items():
        total = sum(state["learner"]["actor"][name].double() for _, state in states)
        average[name] = (total / len(states)).to(tensor.dtype)
    out = dict(newest)
    out["learner"] = dict(newest["learner"], actor=average)
    out["actor_average"] = {"steps": sorted(state["step"] for _, state in states),
                            "checkpoints": [os.path.basename(path) for path, _ in states]}
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    tmp = out_path + ".tmp"
    torch.save(out, tmp)
    os.replace(tmp, out_path)
    return out["actor_average"]["steps"]


def load_actor(checkpoint_path, mirror_average=False):
    """(TanhGaussianActor with the checkpoint's weights, checkpoint dict); refuses another
    architecture, naming the layer and both shapes, and non-finite weights. ``mirror_average``
    returns the actor averaged with its mirror image (``mirror_averaged``)."""
    if not os.path.isfile(checkpoint_path):
        raise ValueError("%s: no such checkpoint file" % checkpoint_path)
    state = torch.load(checkpoint_path)
    config = Config(**state["config"])
    actor = TanhGaussianActor(state["obs_dim"], state["act_dim"], config.hidden, config.layers, config.activation)
    load_state_checked(actor, state["learner"]["actor"], "%s actor" % checkpoint_path)
    export.check_finite_weights(actor, "%s actor" % checkpoint_path)
    if mirror_average:
        actor = mirror_averaged(actor, checkpoint_reflection(state, checkpoint_path), config.activation)
    return actor, state


def checkpoint_critics(state, where):
    """The twin critics (q1, q2) of a loaded checkpoint (``load_actor``'s state), in eval mode:
    what the actor was trained to climb, for probing what they prefer (dsact_tracking.critic_check)."""
    config = Config(**state["config"])
    critics = []
    for name in ("q1", "q2"):
        critic = make_critic(state["obs_dim"], state["act_dim"], config)
        load_state_checked(critic, state["learner"][name], "%s %s" % (where, name))
        critics.append(critic.eval())
    return critics


def checkpoint_reflection(state, where):
    """The left-right Reflection of a checkpoint's task: its spec's normalization and the lateral
    names its environment gives (``mirror_names()``)."""
    env = resolve_env_factory(state["env_name"])(0, **state.get("env_kwargs", {}))
    if not hasattr(env, "mirror_names") or not state.get("env_spec"):
        raise ValueError("%s: the task %s has no mirror image (no mirror_names() or spec), so its actor cannot be "
                         "mirror-averaged" % (where, state["env_name"]))
    features, actions = env.mirror_names()
    return Reflection.from_spec(state["env_spec"], features, actions)


def export_checkpoint(checkpoint_path, out_path, spec=None, golden_dir=None, gops_layout=False, n_golden=64,
                      float32=False, mirror_average=False):
    """Exports tanh(mean) of the checkpoint's actor with the env's spec and full provenance;
    ``float32`` forces a float32 graph (to measure what float64 costs); ``mirror_average`` exports the
    actor averaged with its mirror image (``mirror_averaged``)."""
    actor, state = load_actor(checkpoint_path, mirror_average)
    config = Config(**state["config"])
    float64 = in_float64(config.activation, float32)
    spec = dict(spec or state.get("env_spec") or export.load_spec_defaults(state["obs_dim"]))
    if len(spec["features"]) != state["obs_dim"]:
        raise ValueError("the spec names %d features but the checkpoint's actor takes %d observations"
                         % (len(spec["features"]), state["obs_dim"]))
    hyper = {k: v for k, v in dataclasses.asdict(config).items() if k not in ("algo", "seed")}
    if hyper["teacher"]:
        # the training machine's path means nothing where the file is deployed: the file name and its
        # sha256 (teacher_sha256) name the teacher
        hyper["teacher"] = os.path.basename(hyper["teacher"])
    provenance = dict(spec.get("provenance", {}))
    provenance.update({
        "algorithm": algorithm_name(config),
        "training_steps": state["step"],
        "gradient_steps": state["learner"]["updates"],
        "seed": config.seed,
        "wall_time_s": "%.0f" % state["wall_time_s"],
        "env": state["env_name"],
        "env_version": state.get("env_version", "unknown"),
        "env_kwargs": json.dumps(state.get("env_kwargs", {}), sort_keys=True),
        "hyperparameters": json.dumps(hyper, sort_keys=True),
        "architecture": "actor %dx%d %s tanh-Gaussian, %sdeployed tanh(mean) in %s"
                        % (config.layers, config.hidden, config.activation.upper(),
                           "averaged with its mirror image (a %dx%d block chain), " % (config.layers, 2 * config.hidden)
                           if mirror_average else "", "float64" if float64 else "float32"),
        "mirror_average": "true" if mirror_average else "false",
        "actor_average_steps": ",".join(str(step) for step in state["actor_average"]["steps"])
                               if state.get("actor_average") else "none",
        "torch_version": state.get("torch_version", torch.__version__),
    })
    spec["provenance"] = provenance
    return export.export_actor(deployed_actor(actor, float64), spec, out_path, golden_dir=golden_dir, n_golden=n_golden,
                               seed=config.seed, gops_layout=gops_layout)


# ---------------------------------------------------------------------------------------------
# Command line


def parse_env_kwargs(items):
    out = {}
    for item in items or []:
        if "=" not in item:
            raise SystemExit("--env-arg must be KEY=VALUE, got %r" % item)
        key, value = item.split("=", 1)
        try:
            out[key] = json.loads(value)
        except json.JSONDecodeError:
            out[key] = value
    return out


def main(argv=None):
    p = argparse.ArgumentParser(description="DSAC-T / SAC trainer and exporter (see the module docstring).")
    sub = p.add_subparsers(dest="command", required=True)

    t = sub.add_parser("train", help="train (or --resume) a policy")
    t.add_argument("--env", default="tracking", help="'tracking' or package.module:callable(seed, **kwargs)")
    t.add_argument("--env-arg", action="append", help="KEY=VALUE passed to the env factory (JSON values)")
    t.add_argument("--algo", choices=("dsact", "sac"), default="dsact")
    t.add_argument("--no-expected-value", action="store_true", help="fit the mean to the clipped sampled target")
    t.add_argument("--no-variance-clip", action="store_true", help="do not clip the sampled target at +-3 sigma_bar")
    t.add_argument("--no-grad-scaling", action="store_true", help="omega = 1 instead of sigma_bar^2 + 0.1")
    t.add_argument("--steps", type=int, required=True, help="total environment steps (including warm-up)")
    t.add_argument("--seed", type=int, default=0)
    t.add_argument("--out", help="output folder (default: the --resume checkpoint's folder)")
    t.add_argument("--resume", help="checkpoint.pt to continue from (its configuration is used; the learning rates "
                                    "and --activation, when given, replace the stored ones)")
    # Hyper-parameters default to None so that a --resume can tell the ones given (see RESUME_OVERRIDES).
    defaults = Config()
    for name in ("gamma", "tau", "tau_b", "actor_lr", "critic_lr", "alpha_lr", "log_alpha_init", "reward_scale",
                 "mirror_fraction", "caps_weight", "bc_weight", "risk_aversion"):
        t.add_argument("--" + name.replace("_", "-"), type=float, help="default %s" % getattr(defaults, name))
    for name in ("hidden", "layers", "delay_update", "batch_size", "buffer_size", "warmup_steps",
                 "env_steps_per_update", "bc_only_steps", "bc_decay_steps", "n_step"):
        t.add_argument("--" + name.replace("_", "-"), type=int, help="default %s" % getattr(defaults, name))
    t.add_argument("--teacher", help="warm start: an exported policy of the same task whose actions the actor "
                                     "imitates (with --bc-weight; see Config)")
    t.add_argument("--activation", choices=sorted(ACTIVATIONS),
                   help="hidden activation (default gelu-tanh, which deploys in float64)")
    t.add_argument("--eval-every", type=int, default=5000)
    t.add_argument("--eval-episodes", type=int, default=5)
    t.add_argument("--log-every", type=int, default=1000)
    t.add_argument("--checkpoint-every", type=int, default=10000)
    t.add_argument("--save-replay", action="store_true", help="put the replay buffer into checkpoints")
    t.add_argument("--keep-checkpoints", action="store_true",
                   help="also keep every checkpoint as checkpoint-STEP.pt (to compare runs at equal steps)")
    t.add_argument("--threads", type=int, default=1, help="torch CPU threads (default 1, for a 2-core machine)")

    e = sub.add_parser("export", help="export a checkpoint's deterministic actor to ONNX")
    e.add_argument("--checkpoint", required=True)
    e.add_argument("--out", required=True)
    e.add_argument("--golden", help="folder for <name>.golden.json (default: next to --out)")
    e.add_argument("--gops", action="store_true", help="GOPS pkl2onnx layout with a sidecar spec")
    e.add_argument("--mirror-average", action="store_true",
                   help="export the actor averaged with its mirror image (exactly left-right symmetric; see "
                        "mirror_averaged)")
    e.add_argument("--float32", action="store_true",
                   help="a float32 graph even for a GELU-tanh actor (to measure the float64 graph's cost; PyTorch "
                        "and ONNX Runtime then disagree by about 1e-7)")
    a = sub.add_parser("average", help="a checkpoint whose actor is the mean of a run's kept checkpoints' actors "
                                       "(see average_checkpoints), for export and evaluation")
    a.add_argument("--run", required=True, help="a train --out folder with checkpoint-STEP.pt files")
    a.add_argument("--from-step", type=int, required=True)
    a.add_argument("--to-step", type=int, help="default: the last kept checkpoint")
    a.add_argument("--out", required=True)
    g = sub.add_parser("plot", help="redraw a run's learning_curve.png from its training.csv (also while it trains)")
    g.add_argument("--run", required=True, help="a train --out folder")
    args = p.parse_args(argv)

    if args.command == "plot":
        csv_path = os.path.join(args.run, "training.csv")
        if not os.path.exists(csv_path):
            raise SystemExit("dsact.py plot: no %s" % csv_path)
        png = os.path.join(args.run, "learning_curve.png")
        plot_learning_curve(csv_path, png, os.path.basename(os.path.abspath(args.run)))
        print("wrote %s" % png)
        return 0

    if args.command == "average":
        torch.set_num_threads(1)
        try:
            steps = average_checkpoints([path for _, path in kept_checkpoints(args.run, args.from_step, args.to_step)],
                                        args.out)
        except ValueError as err:
            raise SystemExit("dsact.py average: %s" % err)
        print("wrote %s: the actor averaged over %d checkpoints (steps %s)" % (args.out, len(steps),
                                                                             ", ".join(str(s) for s in steps)))
        return 0

    if args.command == "export":
        torch.set_num_threads(1)
        try:
            metadata = export_checkpoint(args.checkpoint, args.out,
                                         golden_dir=args.golden or os.path.dirname(os.path.abspath(args.out)),
                                         gops_layout=args.gops, float32=args.float32,
                                         mirror_average=args.mirror_average)
        except ValueError as err:
            raise SystemExit("dsact.py export: %s" % err)
        print("wrote %s (%s, %s steps)" % (args.out, metadata[export.PROVENANCE_PREFIX + "algorithm"],
                                           metadata[export.PROVENANCE_PREFIX + "training_steps"]))
        return 0

    torch.set_num_threads(args.threads)
    env_kwargs = parse_env_kwargs(args.env_arg)
    common = dict(eval_every=args.eval_every, eval_episodes=args.eval_episodes, log_every=args.log_every,
                  checkpoint_every=args.checkpoint_every, save_replay=args.save_replay,
                  keep_checkpoints=args.keep_checkpoints)
    if args.resume:
        given = {f.name: getattr(args, f.name) for f in dataclasses.fields(Config)
                 if getattr(args, f.name, None) is not None and f.name not in ("algo", "seed")}
        try:
            trainer = Trainer.resume(args.resume, None, out_dir=args.out, overrides=given, **common)
        except ValueError as err:
            raise SystemExit("train --resume: %s" % err)
    else:
        if not args.out:
            raise SystemExit("train: --out is required unless --resume is given")
        fields = {f.name for f in dataclasses.fields(Config)} - {"algo", "expected_value", "variance_clip",
                                                                  "grad_scaling", "teacher_sha256"}
        values = {k: getattr(args, k) for k in fields if getattr(args, k) is not None}
        values.setdefault("activation", "gelu-tanh")
        if args.algo == "sac":
            config = Config.sac(**values)
        else:
            config = Config(expected_value=not args.no_expected_value, variance_clip=not args.no_variance_clip,
                            grad_scaling=not args.no_grad_scaling, **values)
        trainer = Trainer(resolve_env_factory(args.env), config, args.out, env_name=args.env, env_kwargs=env_kwargs,
                          **common)
    c = trainer.config
    print("%s on %s: %d observations, %d actions, %s, learning rates %g/%g, %d steps (from %d), seed %d, "
          "%d torch thread(s)" % (algorithm_name(c), trainer.env_name, trainer.env.obs_dim, trainer.env.act_dim,
                                  c.activation, c.actor_lr, c.critic_lr, args.steps, trainer.step, c.seed,
                                  torch.get_num_threads()), flush=True)
    trainer.train(args.steps)
    print("wrote %s, %s and %s" % (trainer.csv_path, os.path.join(trainer.out_dir, "learning_curve.png"),
                                   os.path.join(trainer.out_dir, "final.pt")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
