"""Parity with the Java simulator, both ways.

``python3 -m policyrt_sim.parity record OUT_DIR`` plays the standard parity episodes (every path
and encounter, a few with odometry noise and latency, one with a NaN action) with a seeded noisy
pursuit controller and writes one golden file per episode for the Java test to replay.

``python3 -m policyrt_sim.parity replay FILE...`` replays golden files (written by Java) through
TrackingEnv and compares every tick; prints a JSON summary and exits 1 on any difference above
1e-6 (2 on unreadable input).
"""
import argparse
import json
import math
import os
import sys

from . import golden
from .env import TrackingEnv
from .paths import SHAPES
from .randomization import Randomization
from .reward import TRACK, YIELD, YIELD_STEADY
from .robot import SensorNoise
from .scenario import ENCOUNTERS
from .simrandom import SimRandom
from .spec import BUNDLED_METADATA, from_metadata

NAN_ACTION_TICK = 40
# A spec as export.load_spec_defaults() writes it: all 16 features, unit normalization, 50 ms period.
UNIT_SPEC_50MS = {
    "policyrt.spec_version": "1",
    "policyrt.task": "tracking-obstacle-v1",
    "policyrt.observation.features": "lateral_error_m,heading_error_rad,speed_error_mps,target_speed_mps,body_v_mps,"
                                     "body_w_radps,lookahead_x_m,lookahead_y_m,path_curvature_1pm,path_remaining_m,"
                                     "obstacle_rel_x_m,obstacle_rel_y_m,obstacle_rel_vx_mps,obstacle_rel_vy_mps,"
                                     "obstacle_distance_m,obstacle_clearance_m",
    "policyrt.observation.shift": "0.0",
    "policyrt.observation.scale": "1.0",
    "policyrt.observation.clip": "5.0",
    "policyrt.action.names": "v_mps,w_radps",
    "policyrt.action.low": "0.0,-1.5",
    "policyrt.action.high": "0.8,1.5",
    "policyrt.action.normalized": "true",
    "policyrt.control_period_s": "0.05",
    "policyrt.robot.radius_m": "0.3",
}


def cases():
    """(shape, encounter, seed, noise, nan_tick, randomization, spec metadata, reward variant) of the
    parity episodes: every path and encounter with the bundled spec, then one with the default domain
    randomization, one with a 16-feature, 50 ms spec, two crossings scored with the yield variant and a
    step-in and a crossing scored with the yield-steady variant; the Java test plays the same list."""
    out = []
    i = 0
    for shape in SHAPES:
        for encounter in ENCOUNTERS:
            noisy = encounter == "crossing"
            out.append((shape, encounter, i, SensorNoise.realistic() if noisy else SensorNoise.none(),
                        NAN_ACTION_TICK if (shape, encounter) == ("sine", "none") else -1, None, BUNDLED_METADATA, TRACK))
            i += 1
    out.append(("figure-eight", "step-in", i, SensorNoise.none(), -1, Randomization(), BUNDLED_METADATA, TRACK))
    out.append(("sine", "crossing", i + 1, SensorNoise.realistic(), -1, None, UNIT_SPEC_50MS, TRACK))
    out.append(("straight", "crossing", i + 2, SensorNoise.none(), -1, None, BUNDLED_METADATA, YIELD))
    out.append(("figure-eight", "crossing", i + 3, SensorNoise.realistic(), -1, None, BUNDLED_METADATA, YIELD))
    out.append(("sine", "step-in", i + 4, SensorNoise.realistic(), -1, None, BUNDLED_METADATA, YIELD_STEADY))
    out.append(("straight", "crossing", i + 5, SensorNoise.none(), -1, None, BUNDLED_METADATA, YIELD_STEADY))
    return out


def make_env(shape, encounter, seed, noise, corridor_termination, spec_metadata, randomization, reward_variant):
    return TrackingEnv(shape, encounter, seed, randomization=randomization, spec=from_metadata(spec_metadata),
                       noise=noise, corridor_termination=corridor_termination, reward_variant=reward_variant)


def noisy_pursuit(spec, seed, nan_tick):
    """A seeded stand-in for a policy: steer toward the look-ahead point, with Gaussian noise on both
    actions (some beyond [-1, 1], to exercise the clamp), NaN on one tick when asked."""
    rng = SimRandom(seed ^ 0x5EED)
    iy = spec.features.index("lookahead_y_m")

    def act(obs, tick):
        ly = obs[iy] / spec.scale[iy] + spec.shift[iy]
        a_v = max(-1.3, min(1.3, 0.3 + 0.4 * rng.next_gaussian()))
        a_w = max(-1.3, min(1.3, 2.0 * ly + 0.3 * rng.next_gaussian()))
        if tick == nan_tick:
            return math.nan, a_w
        return a_v, a_w
    return act


def record(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    written = []
    for shape, encounter, seed, noise, nan_tick, randomization, metadata, variant in cases():
        ep = golden.record_episode(make_env, shape, encounter, seed, noise, True, metadata,
                                   noisy_pursuit(from_metadata(metadata), seed, nan_tick), randomization, variant)
        path = os.path.join(out_dir, "%s-%s-seed%d.json.gz" % (shape, encounter, seed))
        golden.write(path, ep)
        written.append(path)
    return written


def replay(path):
    expected = golden.read(path)
    actions = expected["action"]
    noise = golden.noise_from_list(expected["noise"])
    randomization = None
    if expected.get("randomization") is not None:
        randomization = Randomization.from_json(expected["randomization"])
    actual = golden.record_episode(make_env, expected["shape"], expected["encounter"], expected["seed"], noise,
                                   expected["corridor_termination"], expected["spec"],
                                   lambda obs, tick: actions[tick] if tick < len(actions) else (0.0, 0.0),
                                   randomization, expected.get("reward_variant", TRACK))
    return golden.compare(expected, actual)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python3 -m policyrt_sim.parity", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record", help="write the parity episodes as golden files")
    rec.add_argument("out_dir")
    rep = sub.add_parser("replay", help="replay golden files and compare")
    rep.add_argument("files", nargs="+")
    args = parser.parse_args(argv)
    if args.command == "record":
        for p in record(args.out_dir):
            print(p)
        return 0
    summary = {"tolerance": golden.TOLERANCE, "episodes": []}
    failed = False
    for path in args.files:
        try:
            errors, problems = replay(path)
        except (OSError, ValueError, KeyError) as e:
            print("cannot replay %s: %s" % (path, e), file=sys.stderr)
            return 2
        summary["episodes"].append({"file": os.path.basename(path), "max_error": errors, "problems": problems[:5]})
        failed = failed or bool(problems)
    summary["ok"] = not failed
    print(json.dumps(summary, indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
