"""Tables from evaluation JSON files (``policyrt sim evaluate --json`` and ``policyrt_sim.evaluate``,
format policyrt-evaluation-v1), and the episode-by-episode agreement of two evaluations of one policy.

    /usr/bin/python3 policy-export/python/evaluation_report.py summary "DSAC-T=a.json" "BC=b.json" ...
    /usr/bin/python3 policy-export/python/evaluation_report.py parity python.json java.json [--rmse-tolerance 1e-4]
    /usr/bin/python3 policy-export/python/evaluation_report.py headline "DSAC-T=a.json" "BC=b.json" ...

``headline`` prints one row per file with the headline numbers a policy is judged by: all successes,
crossings (and split by the side the pedestrian walks toward, from the scenario of each seed),
step-ins, free-lap (no obstacle) lateral and heading RMSE, command chatter (mean |dv/dt| and
|dw/dt| of the shaped commands; only the Python evaluation records it), mean time to finish over
successful episodes, and the distribution of the smallest clearance over the obstacle episodes.

``summary`` prints one row per policy and path (the encounters of a path pooled: episodes,
successes, collisions, episode-weighted mean RMSEs and speed error, the smallest clearance).
``parity`` exits 1 unless both files hold the same episodes with the same success and collision
outcome, episode by episode, and per-case mean RMSEs and speed errors within the tolerance; it
prints the largest differences. The default tolerance, 1e-4 (m, rad, m/s), is for a policy whose
graph computes in float64: Java and the Python mirror compute the state in float64 with different
libm routines (they differ in the last bit, about 1e-12 after an episode), and the policy reads a
float32 observation. When a feature lands that close to a float32 rounding boundary, the two round
it to neighbouring floats, 1e-7 apart, and the loop carries that on. Over 612 episodes of the
shipped DSAC-T policy this happened in 2, moving one episode's metrics by up to 8e-4 and a case mean by
2.3e-5; 1e-4 is 4 times that and a thousandth of the smallest per-case RMSE. A float32 graph
disagrees by 1e-7 on every tick and needs no such luck to end episodes differently.
"""

import argparse
import json
import sys

FORMAT = "policyrt-evaluation-v1"
PATHS = ("straight", "sine", "figure-eight")


def load(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if doc.get("format") != FORMAT:
        raise SystemExit("%s: not a %s file (format %r)" % (path, FORMAT, doc.get("format")))
    return doc


def by_path(doc):
    """{path: pooled numbers over its encounters}."""
    out = {}
    for case in doc["cases"]:
        p = out.setdefault(case["path"], {"episodes": 0, "successes": 0, "collisions": 0, "lat": 0.0, "head": 0.0,
                                          "speed": 0.0, "clear": None})
        n = case["episodes"]
        p["episodes"] += n
        p["successes"] += case["successes"]
        p["collisions"] += case["collisions"]
        p["lat"] += case["mean_lateral_rmse_m"] * n
        p["head"] += case["mean_heading_rmse_rad"] * n
        p["speed"] += case["mean_speed_error_mps"] * n
        c = case["min_clearance_m"]
        if c is not None:
            p["clear"] = c if p["clear"] is None else min(p["clear"], c)
    return out


def summary(labelled):
    lines = ["| policy | setting | path | episodes | success | collisions | lat RMSE m | head RMSE rad | speed err m/s "
             "| min clear m |", "|---|---|---|---|---|---|---|---|---|---|"]
    for label, path in labelled:
        doc = load(path)
        pooled = by_path(doc)
        for name in [p for p in PATHS if p in pooled] + [p for p in pooled if p not in PATHS]:
            p = pooled[name]
            n = p["episodes"]
            lines.append("| %s | %s | %s | %d | %d (%.0f%%) | %d | %.3f | %.3f | %.3f | %s |" % (
                label, "nominal" if doc["noise"] == "none" else doc["noise"], name, n, p["successes"], 100.0 * p["successes"] / n, p["collisions"],
                p["lat"] / n, p["head"] / n, p["speed"] / n, "n/a" if p["clear"] is None else "%.3f" % p["clear"]))
    return "\n".join(lines) + "\n"


def _percentile(values, q):
    """The q-quantile by linear interpolation between order statistics (numpy's default)."""
    xs = sorted(values)
    if not xs:
        return None
    pos = q * (len(xs) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(xs) - 1)
    return xs[lo] + (xs[hi] - xs[lo]) * (pos - lo)


def headline_numbers(doc):
    """The headline numbers of one evaluation file (see the module docstring)."""
    from policyrt_sim import scenario as scenarios

    out = {"episodes": 0, "successes": 0, "collisions": 0, "free_episodes": 0, "free_lat": 0.0, "free_head": 0.0,
           "chatter": [], "finish_times": [], "clearances": []}
    for side in ("crossing", "crossing-left", "crossing-right", "step-in"):
        out[side] = [0, 0]
    for case in doc["cases"]:
        for e in case["per_episode"]:
            out["episodes"] += 1
            out["successes"] += bool(e["success"])
            out["collisions"] += bool(e["collided"])
            if e["success"]:
                out["finish_times"].append(e["time_s"])
            if e.get("mean_abs_dv_dt_mps2") is not None:
                out["chatter"].append((e["mean_abs_dv_dt_mps2"], e["mean_abs_dw_dt_radps2"]))
            if case["obstacle"] == "none":
                out["free_episodes"] += 1
                out["free_lat"] += e["lateral_rmse_m"]
                out["free_head"] += e["heading_rmse_rad"]
                continue
            if e["min_clearance_m"] is not None:
                out["clearances"].append(e["min_clearance_m"])
            keys = [case["obstacle"]]
            if case["obstacle"] == "crossing":
                toward = scenarios.standard(case["path"], "crossing", e["seed"]).obstacle_toward
                keys.append("crossing-" + toward)
            for key in keys:
                out[key][0] += bool(e["success"])
                out[key][1] += 1
    return out


def headline(labelled):
    lines = ["| policy | setting | success | crossing | crossing, walking left | crossing, walking right | step-in "
             "| free-lap lat RMSE m | free-lap head RMSE rad | chatter dv/dt m/s^2 | chatter dw/dt rad/s^2 "
             "| time to finish s | min clearance m: p1 / p5 / median | clearance < 5 cm |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]

    def frac(pair):
        return "%d / %d" % tuple(pair) if pair[1] else "n/a"

    for label, path in labelled:
        doc = load(path)
        h = headline_numbers(doc)
        n = h["episodes"]
        chatter = h["chatter"]
        clear = h["clearances"]
        lines.append("| %s | %s | %d / %d (%.1f%%) | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            label, "nominal" if doc["noise"] == "none" else doc["noise"], h["successes"], n, 100.0 * h["successes"] / n,
            frac(h["crossing"]), frac(h["crossing-left"]), frac(h["crossing-right"]), frac(h["step-in"]),
            "%.4f" % (h["free_lat"] / h["free_episodes"]) if h["free_episodes"] else "n/a",
            "%.4f" % (h["free_head"] / h["free_episodes"]) if h["free_episodes"] else "n/a",
            "%.3f" % (sum(c[0] for c in chatter) / len(chatter)) if chatter else "n/a",
            "%.3f" % (sum(c[1] for c in chatter) / len(chatter)) if chatter else "n/a",
            "%.1f" % (sum(h["finish_times"]) / len(h["finish_times"])) if h["finish_times"] else "n/a",
            " / ".join("%.3f" % _percentile(clear, q) for q in (0.01, 0.05, 0.5)) if clear else "n/a",
            "%d / %d" % (sum(c < 0.05 for c in clear), len(clear)) if clear else "n/a"))
    return "\n".join(lines) + "\n"


def parity(a_path, b_path, tolerance):
    a, b = load(a_path), load(b_path)
    problems = []
    worst = {"mean_lateral_rmse_m": 0.0, "mean_heading_rmse_rad": 0.0, "mean_speed_error_mps": 0.0}
    episode_worst = 0.0
    outcome_mismatches = 0
    if len(a["cases"]) != len(b["cases"]):
        problems.append("%d cases against %d" % (len(a["cases"]), len(b["cases"])))
    for ca, cb in zip(a["cases"], b["cases"]):
        name = "%s/%s" % (ca["path"], ca["obstacle"])
        if (ca["path"], ca["obstacle"], ca["episodes"]) != (cb["path"], cb["obstacle"], cb["episodes"]):
            problems.append("case %s differs from %s/%s" % (name, cb["path"], cb["obstacle"]))
            continue
        if (ca["successes"], ca["collisions"]) != (cb["successes"], cb["collisions"]):
            problems.append("%s: %d successes / %d collisions against %d / %d"
                            % (name, ca["successes"], ca["collisions"], cb["successes"], cb["collisions"]))
        for key in worst:
            worst[key] = max(worst[key], abs(ca[key] - cb[key]))
            if abs(ca[key] - cb[key]) > tolerance:
                problems.append("%s: %s %.6f against %.6f" % (name, key, ca[key], cb[key]))
        for ea, eb in zip(ca["per_episode"], cb["per_episode"]):
            if (ea["success"], ea["collided"]) != (eb["success"], eb["collided"]):
                outcome_mismatches += 1
                problems.append("%s seed %s: success %s collided %s against %s %s" % (
                    name, ea["seed"], ea["success"], ea["collided"], eb["success"], eb["collided"]))
            episode_worst = max(episode_worst, abs(ea["lateral_rmse_m"] - eb["lateral_rmse_m"]))
    print("%s vs %s: largest per-case differences: lateral RMSE %.3g m, heading RMSE %.3g rad, speed error %.3g m/s; "
          "largest per-episode lateral RMSE difference %.3g m; %d episodes with another outcome"
          % (a_path, b_path, worst["mean_lateral_rmse_m"], worst["mean_heading_rmse_rad"],
             worst["mean_speed_error_mps"], episode_worst, outcome_mismatches))
    for p in problems:
        print("  MISMATCH " + p)
    return 0 if not problems else 1


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("summary")
    s.add_argument("files", nargs="+", help="LABEL=FILE.json")
    h = sub.add_parser("headline")
    h.add_argument("files", nargs="+", help="LABEL=FILE.json")
    q = sub.add_parser("parity")
    q.add_argument("first")
    q.add_argument("second")
    q.add_argument("--rmse-tolerance", type=float, default=1e-4)
    args = p.parse_args(argv)
    if args.command in ("summary", "headline"):
        labelled = []
        for item in args.files:
            if "=" not in item:
                raise SystemExit("expected LABEL=FILE, got %r" % item)
            labelled.append(tuple(item.split("=", 1)))
        sys.stdout.write((summary if args.command == "summary" else headline)(labelled))
        return 0
    return parity(args.first, args.second, args.rmse_tolerance)


if __name__ == "__main__":
    sys.exit(main())
