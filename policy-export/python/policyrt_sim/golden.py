"""Golden episode files shared with the Java parity test: one gzip'd JSON per episode holding the
setting, the action of every tick and what the episode did with it (observation, true state,
reward, done flag, stop reason). The format is io.policyrt.sim.task.TrackingGolden's."""
import gzip
import json
import math

import numpy as np

from . import robot as robots
from .reward import TRACK
from .spec import from_metadata

FORMAT = "policyrt-tracking-episode-v1"
TOLERANCE = 1e-6


def noise_to_list(n):
    return [n.position_m, n.yaw_rad, n.velocity_mps, n.yaw_rate_radps, n.command_latency_s]


def noise_from_list(values):
    return robots.SensorNoise(*[float(v) for v in values])


def write(path, episode):
    with gzip.open(path, "wt", encoding="utf-8") as f:
        json.dump(episode, f, separators=(",", ":"))


def read(path):
    with gzip.open(path, "rt", encoding="utf-8") as f:
        episode = json.load(f)
    if episode.get("format") != FORMAT:
        raise ValueError("%s: not a %s file (format %r)" % (path, FORMAT, episode.get("format")))
    for key in ("shape", "encounter", "seed", "spec", "noise", "corridor_termination", "action", "obs", "state",
                "reward", "done", "stop_reason"):
        if key not in episode:
            raise ValueError("%s: missing '%s'" % (path, key))
    n = len(episode["action"])
    for key in ("obs", "state", "reward", "done", "stop_reason"):
        if len(episode[key]) != n:
            raise ValueError("%s: '%s' has %d rows, 'action' has %d" % (path, key, len(episode[key]), n))
    return episode


def record_episode(env_factory, shape, encounter, seed, noise, corridor_termination, spec_metadata, actor,
                   randomization=None, reward_variant=TRACK, writer="python"):
    """Plays one episode with ``actor(obs, tick) -> (a_v, a_w)`` and returns its golden record (files
    without ``reward_variant``, written before the yield variant existed, score the task's reward)."""
    env = env_factory(shape, encounter, seed, noise, corridor_termination, spec_metadata, randomization, reward_variant)
    obs = env.reset()
    ep = {"format": FORMAT, "writer": writer, "shape": shape, "encounter": encounter, "seed": seed,
          "randomization": randomization_to_json(randomization), "noise": noise_to_list(noise),
          "corridor_termination": corridor_termination, "reward_variant": reward_variant, "spec": spec_metadata,
          "action": [], "obs": [], "state": [], "reward": [], "done": [], "stop_reason": []}
    done = False
    tick = 0
    while not done:
        a = [float(np.float32(x)) for x in actor(obs, tick)]
        ep["obs"].append([float(x) for x in obs])
        obs, r, done, info = env.step(a)
        ep["action"].append(a)
        ep["state"].append(list(info["state"]))
        ep["reward"].append(r)
        ep["done"].append(done)
        ep["stop_reason"].append(info["stop_reason"])
        tick += 1
    ep["termination"] = info["termination"] or "NONE"
    ep["truncated"] = info["truncated"]
    return ep


def randomization_to_json(randomization):
    return None if randomization is None else randomization.to_json()


def _max_abs(a, b):
    worst = 0.0
    for x, y in zip(a, b):
        if math.isnan(x) and math.isnan(y):
            continue
        d = abs(x - y)
        if not d <= worst:
            worst = d if not math.isnan(d) else math.inf
    return worst


def compare(expected, actual):
    """Compares two records of the same episode; returns (max errors by quantity, list of problems)."""
    problems = []
    n_exp = len(expected["action"])
    n_act = len(actual["action"])
    if n_exp != n_act:
        problems.append("episode length %d, expected %d" % (n_act, n_exp))
    errors = {"obs": 0.0, "state": 0.0, "reward": 0.0}
    for t in range(min(n_exp, n_act)):
        for key in ("obs", "state"):
            e = _max_abs(expected[key][t], actual[key][t])
            errors[key] = max(errors[key], e)
            if not e <= TOLERANCE:
                problems.append("tick %d: %s differs by %g: %s vs %s" % (t, key, e, actual[key][t], expected[key][t]))
        e = _max_abs([expected["reward"][t]], [actual["reward"][t]])
        errors["reward"] = max(errors["reward"], e)
        if not e <= TOLERANCE:
            problems.append("tick %d: reward %r, expected %r" % (t, actual["reward"][t], expected["reward"][t]))
        if expected["done"][t] != actual["done"][t]:
            problems.append("tick %d: done %s, expected %s" % (t, actual["done"][t], expected["done"][t]))
        if expected["stop_reason"][t] != actual["stop_reason"][t]:
            problems.append("tick %d: stop reason %s, expected %s"
                            % (t, actual["stop_reason"][t], expected["stop_reason"][t]))
        if len(problems) > 20:
            break
    return errors, problems
