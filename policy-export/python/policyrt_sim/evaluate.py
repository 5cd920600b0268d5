"""Seeded evaluation of a policy over every path and encounter, the episodes and metrics of
``policyrt sim evaluate`` (io.policyrt.sim.run.Evaluation): seeds 0..n-1 per case (or from a first
seed), episodes played as LockStepRunner plays them (no corridor termination), the same JSON, the
same Markdown table.

Library: ``evaluate(policy, seeds=20, randomization=None)`` with ``policy(obs) -> action`` (obs the
normalized float32 vector, action two values in [-1, 1]). Command line:
``python3 -m policyrt_sim.evaluate --policy module:function [--seeds N] [--first-seed S] [--randomize]
[--noise none|realistic] [--json FILE] [--markdown FILE]``, where ``module:function`` returns the
policy callable (e.g. one that loads a trained actor).
"""
import argparse
import importlib
import json
import math
import sys

from . import reward as task
from .env import TrackingEnv
from .paths import SHAPES
from .randomization import Randomization
from .robot import SensorNoise
from .scenario import ENCOUNTERS

FORMAT = "policyrt-evaluation-v1"
HEADER = ("| path         | obstacle | eps | ok  | col | lat RMSE m | head RMSE rad | speed err m/s "
          "| chatter dv/dt m/s^2 | chatter dw/dt rad/s^2 | min clear m |\n"
          "|---|---|---|---|---|---|---|---|---|---|---|")


def run_episode(policy, shape, encounter, seed, noise=None, randomization=None, spec=None):
    """One evaluation episode; returns its EpisodeMetrics."""
    return play_episode(policy, shape, encounter, seed, noise, randomization, spec)[0]


def play_episode(policy, shape, encounter, seed, noise=None, randomization=None, spec=None, commands=None,
                 rewards=None, reward_variant=task.TRACK):
    """One evaluation episode: (EpisodeMetrics, command chatter). The chatter is the mean absolute
    rate of change of the shaped commands from tick to tick, (mean |dv/dt| [m/s^2], mean |dw/dt|
    [rad/s^2]), per second so that policies with different control periods compare; None for an
    episode of fewer than two ticks. A ``commands`` list receives every tick's shaped (v, w), a
    ``rewards`` list every tick's reward under ``reward_variant``."""
    kwargs = {} if spec is None else {"spec": spec}
    env = TrackingEnv(shape, encounter, seed, randomization=randomization, noise=noise,
                      corridor_termination=False, reward_variant=reward_variant, **kwargs)
    obs = env.reset()
    done = False
    dv = dw = 0.0
    previous = None
    ticks = 0
    while not done:
        obs, reward, done, info = env.step(policy(obs))
        v, w = info["command"][0], info["command"][1]
        if commands is not None:
            commands.append((v, w))
        if rewards is not None:
            rewards.append(reward)
        if previous is not None:
            dv += abs(v - previous[0])
            dw += abs(w - previous[1])
            ticks += 1
        previous = (v, w)
    period_s = env.period_nanos * 1e-9
    chatter = (dv / ticks / period_s, dw / ticks / period_s) if ticks else None
    return env.metrics(), chatter


def _mean(values):
    return sum(values) / len(values) if values else None


def _finite_or_none(x):
    return x if math.isfinite(x) else None


def evaluate(policy, seeds=20, randomization=None, noise="none", shapes=SHAPES, encounters=ENCOUNTERS,
             policy_name="python", spec=None, first_seed=0):
    """Runs seeds 0..n-1 of every case (``first_seed``.. for validation sets kept apart from the
    evaluation's seeds); returns the results in the Java evaluation's JSON layout."""
    if seeds < 1:
        raise ValueError("seeds must be at least 1, got %r" % seeds)
    if first_seed < 0:
        raise ValueError("first_seed must be 0 or more, got %r" % first_seed)
    if noise not in ("none", "realistic"):
        raise ValueError("noise must be none or realistic, got %r" % noise)
    sensor_noise = SensorNoise.realistic() if noise == "realistic" else SensorNoise.none()
    cases = []
    for shape in shapes:
        for encounter in encounters:
            per_episode = []
            for seed in range(first_seed, first_seed + seeds):
                m, chatter = play_episode(policy, shape, encounter, seed, sensor_noise, randomization, spec)
                per_episode.append({"seed": seed, "completed": m.completed, "collided": m.collided,
                                    "success": m.success, "time_s": m.time_s, "lateral_rmse_m": m.lateral_rmse_m,
                                    "heading_rmse_rad": m.heading_rmse_rad,
                                    "mean_speed_error_mps": m.mean_speed_error_mps,
                                    "min_clearance_m": _finite_or_none(m.min_clearance_m),
                                    "mean_abs_dv_dt_mps2": None if chatter is None else chatter[0],
                                    "mean_abs_dw_dt_radps2": None if chatter is None else chatter[1]})
            successes = sum(e["success"] for e in per_episode)
            collisions = sum(e["collided"] for e in per_episode)
            lat = head = speed = 0.0
            for e in per_episode:  # summed in seed order, as the Java loop does
                lat += e["lateral_rmse_m"]
                head += e["heading_rmse_rad"]
                speed += e["mean_speed_error_mps"]
            clearances = [e["min_clearance_m"] for e in per_episode if e["min_clearance_m"] is not None]
            chatter = [e for e in per_episode if e["mean_abs_dv_dt_mps2"] is not None]
            cases.append({"path": shape, "obstacle": encounter, "episodes": seeds, "successes": successes,
                          "collisions": collisions, "success_rate": successes / seeds,
                          "collision_rate": collisions / seeds, "mean_lateral_rmse_m": lat / seeds,
                          "mean_heading_rmse_rad": head / seeds, "mean_speed_error_mps": speed / seeds,
                          "min_clearance_m": min(clearances) if clearances else None,
                          "mean_abs_dv_dt_mps2": _mean([e["mean_abs_dv_dt_mps2"] for e in chatter]),
                          "mean_abs_dw_dt_radps2": _mean([e["mean_abs_dw_dt_radps2"] for e in chatter]),
                          "per_episode": per_episode})
    doc = {"format": FORMAT, "policy": policy_name,
           "noise": "randomized" if randomization is not None else noise,
           "randomization": None if randomization is None else randomization.to_json(),
           "seeds": seeds, "cases": cases}
    if first_seed:
        doc["first_seed"] = first_seed
    return doc


def markdown(results):
    """The Markdown table ``policyrt sim evaluate`` prints."""
    first = results.get("first_seed", 0)
    lines = ["policy: %s, noise: %s, seeds %d..%d per case" % (results["policy"], results["noise"], first,
                                                                first + results["seeds"] - 1),
             HEADER]
    def cell(value):
        return "n/a" if value is None else "%.3f" % value

    for c in results["cases"]:
        lines.append("| %-12s | %-8s | %3d | %3d | %3d | %.3f | %.3f | %.3f | %s | %s | %s |"
                     % (c["path"], c["obstacle"], c["episodes"], c["successes"], c["collisions"],
                        c["mean_lateral_rmse_m"], c["mean_heading_rmse_rad"], c["mean_speed_error_mps"],
                        cell(c["mean_abs_dv_dt_mps2"]), cell(c["mean_abs_dw_dt_radps2"]), cell(c["min_clearance_m"])))
    return "\n".join(lines) + "\n"


def report(results, json_path=None, markdown_path=None):
    """Prints the results' Markdown table; writes it, and the results as JSON, where paths are given."""
    table = markdown(results)
    sys.stdout.write(table)
    if json_path:
        with open(json_path, "w") as f:
            json.dump(results, f, indent=1)
    if markdown_path:
        with open(markdown_path, "w") as f:
            f.write(table)


def _load_policy(ref):
    if ref == "stop":
        return lambda obs: (-1.0, 0.0)
    module, _, name = ref.partition(":")
    if not name:
        raise ValueError("--policy must be 'stop' or module:function, got %r" % ref)
    return getattr(importlib.import_module(module), name)()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m policyrt_sim.evaluate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--policy", required=True, help="module:function returning policy(obs) -> action, or 'stop'")
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--first-seed", type=int, default=0,
                        help="seed of each case's first episode (a held-out range apart from 0..)")
    parser.add_argument("--noise", default="none", choices=("none", "realistic"))
    parser.add_argument("--randomize", action="store_true", help="default domain randomization (replaces --noise)")
    parser.add_argument("--json", help="write the results as JSON")
    parser.add_argument("--markdown", help="write the table as Markdown")
    args = parser.parse_args(argv)
    if args.seeds < 1 or args.first_seed < 0:
        parser.error("--seeds must be at least 1 and --first-seed 0 or more, got %d and %d" % (args.seeds, args.first_seed))
    results = evaluate(_load_policy(args.policy), args.seeds, Randomization() if args.randomize else None, args.noise,
                       policy_name=args.policy, first_seed=args.first_seed)
    report(results, args.json, args.markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
