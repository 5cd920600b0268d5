"""evaluation_report.py: pooled per-path rows and the episode parity check."""

import copy
import io
import json
import os
import sys
import tempfile
import unittest
from contextlib import redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import evaluation_report  # noqa: E402


def case(path, obstacle, outcomes, lat, clear):
    episodes = [{"seed": i, "success": s, "collided": c, "time_s": 30.0 + i, "lateral_rmse_m": lat, "heading_rmse_rad": 0.1,
                 "mean_speed_error_mps": 0.02, "min_clearance_m": clear} for i, (s, c) in enumerate(outcomes)]
    n = len(outcomes)
    return {"path": path, "obstacle": obstacle, "episodes": n, "successes": sum(s for s, _ in outcomes),
            "collisions": sum(c for _, c in outcomes), "mean_lateral_rmse_m": lat, "mean_heading_rmse_rad": 0.1,
            "mean_speed_error_mps": 0.02, "min_clearance_m": clear, "per_episode": episodes}


DOC = {"format": "policyrt-evaluation-v1", "policy": "p", "noise": "none", "seeds": 2, "cases": [
    case("straight", "none", [(True, False), (True, False)], 0.01, None),
    case("straight", "crossing", [(True, False), (False, True)], 0.03, -0.01)]}


class EvaluationReportTest(unittest.TestCase):
    def write(self, doc):
        f = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
        json.dump(doc, f)
        f.close()
        self.addCleanup(os.unlink, f.name)
        return f.name

    def test_summary_pools_the_encounters_of_a_path(self):
        table = evaluation_report.summary([("X", self.write(DOC))])
        # 4 episodes, 3 successes, 1 collision; lateral RMSE (2 * 0.01 + 2 * 0.03) / 4 = 0.02
        self.assertIn("| X | nominal | straight | 4 | 3 (75%) | 1 | 0.020 | 0.100 | 0.020 | -0.010 |", table)

    def test_parity_passes_for_equal_files_and_fails_on_another_outcome_or_rmse(self):
        a = self.write(DOC)
        with redirect_stdout(io.StringIO()):
            self.assertEqual(evaluation_report.parity(a, self.write(DOC), 1e-3), 0)
        other = copy.deepcopy(DOC)
        other["cases"][1]["successes"] = 2
        other["cases"][1]["collisions"] = 0
        out = io.StringIO()
        with redirect_stdout(out):
            self.assertEqual(evaluation_report.parity(a, self.write(other), 1e-3), 1)
        self.assertIn("straight/crossing: 1 successes / 1 collisions against 2 / 0", out.getvalue())
        drift = copy.deepcopy(DOC)
        drift["cases"][0]["mean_lateral_rmse_m"] += 0.002
        out = io.StringIO()
        with redirect_stdout(out):
            self.assertEqual(evaluation_report.parity(a, self.write(drift), 1e-3), 1)
        self.assertIn("mean_lateral_rmse_m", out.getvalue())
        swapped = copy.deepcopy(DOC)  # same counts, but two episodes trade outcomes
        episodes = swapped["cases"][1]["per_episode"]
        first, second = dict(episodes[0]), dict(episodes[1])
        for key in ("success", "collided"):
            episodes[0][key], episodes[1][key] = second[key], first[key]
        out = io.StringIO()
        with redirect_stdout(out):
            self.assertEqual(evaluation_report.parity(a, self.write(swapped), 1e-3), 1)
        self.assertIn("straight/crossing seed 0", out.getvalue())

    def test_headline_splits_crossings_by_the_side_the_pedestrian_walks_toward(self):
        # straight/crossing seed 0 walks toward the path's left and ends in success, seed 1 walks
        # toward the right and collides (see scenario.obstacle_toward)
        table = evaluation_report.headline([("X", self.write(DOC))])
        row = [line for line in table.splitlines() if line.startswith("| X |")][0]
        cells = [c.strip() for c in row.strip("|").split("|")]
        self.assertEqual(cells[:7], ["X", "nominal", "3 / 4 (75.0%)", "1 / 2", "1 / 1", "0 / 1", "n/a"])
        self.assertEqual(cells[7:9], ["0.0100", "0.1000"])       # the free lap: straight/none
        self.assertEqual(cells[9:11], ["n/a", "n/a"])             # no chatter in a Java evaluation
        self.assertEqual(cells[11], "30.3")                       # successes end at 30, 31, 30 s
        self.assertEqual(cells[13], "2 / 2")                      # both crossings came to -0.01 m

    def test_headline_reports_chatter_when_the_python_evaluation_recorded_it(self):
        doc = copy.deepcopy(DOC)
        for case in doc["cases"]:
            for e in case["per_episode"]:
                e["mean_abs_dv_dt_mps2"], e["mean_abs_dw_dt_radps2"] = 0.5, 2.0 + e["seed"]
        row = evaluation_report.headline([("X", self.write(doc))]).splitlines()[2]
        cells = [c.strip() for c in row.strip("|").split("|")]
        self.assertEqual(cells[9:11], ["0.500", "2.500"])


if __name__ == "__main__":
    unittest.main()
