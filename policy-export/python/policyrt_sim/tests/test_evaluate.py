"""The evaluation's command line: a held-out seed range, and bad seed arguments refused."""
import contextlib
import io
import json
import os
import tempfile
import unittest

from policyrt_sim import evaluate


class EvaluateCommandLineTest(unittest.TestCase):
    def test_first_seed_plays_the_held_out_range_and_says_so(self):
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "held-out.json")
            with contextlib.redirect_stdout(io.StringIO()) as table:
                evaluate.main(["--policy", "stop", "--seeds", "2", "--first-seed", "2000", "--json", out])
            with open(out) as f:
                doc = json.load(f)
        self.assertIn("seeds 2000..2001 per case", table.getvalue())
        self.assertEqual(doc["first_seed"], 2000)
        for case in doc["cases"]:
            self.assertEqual([e["seed"] for e in case["per_episode"]], [2000, 2001])

    def test_a_negative_first_seed_or_no_seeds_is_refused_with_the_values(self):
        for args, shown in ((["--first-seed", "-1"], "got 20 and -1"), (["--seeds", "0"], "got 0 and 0")):
            err = io.StringIO()
            with contextlib.redirect_stderr(err), self.assertRaises(SystemExit) as exit_:
                evaluate.main(["--policy", "stop"] + args)
            self.assertEqual(exit_.exception.code, 2)
            self.assertIn(shown, err.getvalue())


if __name__ == "__main__":
    unittest.main()
