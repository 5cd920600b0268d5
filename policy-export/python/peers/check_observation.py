"""Replays recorded sensor inputs through ``peers.observation`` and compares with expected observations.

The input is JSON: ``{"policy": FILE, "path": {"x_m": [...], "y_m": [...], "target_speed_mps": v},
"steps": [{"odom": {...}, "obstacle": {...} or null, "expected": [...] or null}]}`` where
``expected`` is the observation PolicyRT built for the step (null: PolicyRT found a non-finite
feature and stops). Prints one JSON line: the largest absolute difference and the number of steps
where one side stops and the other does not. Exits 1 when they disagree beyond ``--tolerance``.

    /usr/bin/python3 -m peers.check_observation cases.json
"""
import argparse
import json
import math
import sys

import numpy as np

from policyrt_sim.spec import from_onnx

from .observation import ObservationBuilder, path_from_message


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("cases")
    ap.add_argument("--tolerance", type=float, default=1e-4)
    args = ap.parse_args(argv)
    with open(args.cases) as f:
        cases = json.load(f, parse_constant=lambda c: {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}[c])
    path = path_from_message(cases["path"])
    builder = ObservationBuilder(from_onnx(cases["policy"]))
    worst = 0.0
    stop_mismatches = 0
    for step in cases["steps"]:
        got = builder.build(step["odom"], path, step["obstacle"])
        expected = step["expected"]
        if (got is None) != (expected is None):
            stop_mismatches += 1
        elif got is not None:
            worst = max(worst, float(np.max(np.abs(got - np.asarray(expected, dtype=np.float32)))))
    print(json.dumps({"steps": len(cases["steps"]), "max_abs_diff": worst, "stop_mismatches": stop_mismatches}))
    return 0 if worst <= args.tolerance and stop_mismatches == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
