"""Per-fold training for the walk-forward: the plan Java prints, the exports' recorded ranges, and
the training range a fold model records."""

import contextlib
import datetime
import io
import json
import os
import tempfile
import unittest
from decimal import Decimal
from unittest import mock

import numpy as np

import _path  # noqa: F401
from tradingcore_rl import cli, contract, data, walk_forward
from tradingcore_rl.export import metadata_of

MIN = 60_000

# What `bin/trading-core walk-forward --data csv:... --symbols AAPL,MSFT --train-days 2
# --test-days 1 --print-plan` prints, its first two folds.
PLAN = """{
  "data" : "csv:../shared/data/us-equities-1min-2019-02",
  "history" : "CSV ../shared/data/us-equities-1min-2019-02",
  "symbols" : [ "AAPL", "MSFT" ], "benchmark" : "SPY",
  "trainDays" : 2, "testDays" : 1, "anchored" : false,
  "days" : [ "2019-02-11", "2019-02-12", "2019-02-13", "2019-02-14" ],
  "folds" : [ {
    "number" : 1, "model" : "fold-1.onnx",
    "train" : { "from" : "2019-02-11", "to" : "2019-02-12", "days" : [ "2019-02-11", "2019-02-12" ] },
    "test" : { "from" : "2019-02-13", "to" : "2019-02-13", "days" : [ "2019-02-13" ] },
    "exportFeatures" : [ "--source", "csv", "--csv-dir", "/data", "--symbols", "AAPL,MSFT",
                         "--from", "2019-02-11", "--to", "2019-02-12" ]
  }, {
    "number" : 2, "model" : "fold-2.onnx",
    "train" : { "from" : "2019-02-12", "to" : "2019-02-13", "days" : [ "2019-02-12", "2019-02-13" ] },
    "test" : { "from" : "2019-02-14", "to" : "2019-02-14", "days" : [ "2019-02-14" ] },
    "exportFeatures" : [ "--source", "csv", "--csv-dir", "/data", "--symbols", "AAPL,MSFT",
                         "--from", "2019-02-12", "--to", "2019-02-13" ]
  } ]
}"""


def utc_millis(text):
    return int(datetime.datetime.fromisoformat(text + "+00:00").timestamp() * 1000)


def raw_export(first_end, steps, manifest_range, seed=3):
    """Symbols A and B, `steps` one-minute bars ending from `first_end` (UTC), every vector warm
    with random finite features, and one more bar each to fill the last decision on."""
    rng = np.random.default_rng(seed)
    asset, bars = {}, {}
    t0 = utc_millis(first_end)
    for s, base in (("A", 100), ("B", 200)):
        starts, opens = [], []
        for k in range(steps + 1):
            end = t0 + k * MIN
            values = {f: float(x) for f, x in zip(contract.ASSET_FEATURES,
                                                  rng.normal(size=len(contract.ASSET_FEATURES)))}
            if k < steps:
                asset[(s, end)] = (values, True, Decimal(base) + Decimal(k % 7) / 10)
            starts.append(end - MIN)
            opens.append(Decimal(base) + Decimal(k % 5) / 10)
        bars[s] = (starts, opens)
    manifest = {"contentSha256": "c0ffee"}
    if manifest_range:
        manifest["range"] = {"from": manifest_range[0], "to": manifest_range[1],
                             "tradingDaysWithoutBars": []}
    return data.RawExport("mem", manifest, asset, {}, bars)


class PlanTest(unittest.TestCase):
    def setUp(self):
        self.plan = walk_forward.read_plan(PLAN)
        self.fold = self.plan["folds"][1]

    def test_reads_the_folds_java_prints(self):
        self.assertEqual([f["number"] for f in self.plan["folds"]], [1, 2])
        self.assertEqual(walk_forward.window_range(self.fold["train"]), "2019-02-12/2019-02-13")
        self.assertEqual(walk_forward.window_text(self.fold["train"]),
                         "2019-02-12..2019-02-13 (2 days)")
        self.assertEqual(walk_forward.window_text(self.fold["test"]), "2019-02-14 (1 day)")

    def test_refuses_a_plan_without_folds_or_export_options(self):
        with self.assertRaisesRegex(ValueError, "no folds"):
            walk_forward.read_plan('{"folds": []}')
        broken = json.loads(PLAN)
        del broken["folds"][0]["exportFeatures"]
        with self.assertRaisesRegex(ValueError, "fold 1 of the plan has no 'exportFeatures'"):
            walk_forward.read_plan(json.dumps(broken))

    def test_export_folder_is_named_by_the_window_and_keyed_by_the_export_options(self):
        a = walk_forward.export_dir("/w", self.fold)
        self.assertTrue(os.path.basename(a).startswith("fold-2019-02-12-2019-02-13-"))
        self.assertEqual(a, walk_forward.export_dir("/w", json.loads(json.dumps(self.fold))))
        other = dict(self.fold, exportFeatures=self.fold["exportFeatures"] + ["--benchmark",
                                                                             "QQQ"])
        self.assertNotEqual(a, walk_forward.export_dir("/w", other))

    def test_an_export_must_record_exactly_the_train_window(self):
        ok = {"range": {"from": "2019-02-12", "to": "2019-02-13", "tradingDaysWithoutBars": []}}
        walk_forward.check_export(ok, self.fold)
        with self.assertRaisesRegex(ValueError, "covers 2019-02-11/2019-02-13, not the train "
                                                "window 2019-02-12/2019-02-13"):
            walk_forward.check_export({"range": {"from": "2019-02-11", "to": "2019-02-13"}},
                                      self.fold)
        with self.assertRaisesRegex(ValueError, "records no range"):
            walk_forward.check_export({}, self.fold)
        gap = {"range": {"from": "2019-02-12", "to": "2019-02-13",
                         "tradingDaysWithoutBars": ["2019-02-13"]}}
        with self.assertRaisesRegex(ValueError, "no bars on the trading days"):
            walk_forward.check_export(gap, self.fold)

    def test_a_model_must_record_the_train_window(self):
        walk_forward.check_model({"tradingcore.training_range": "2019-02-12/2019-02-13"},
                                 self.fold)
        with self.assertRaisesRegex(ValueError, "records training range 2019-02-12/2019-02-14"):
            walk_forward.check_model({"tradingcore.training_range": "2019-02-12/2019-02-14"},
                                     self.fold)

    def test_training_command_of_a_fold(self):
        args = walk_forward.parse_args(["--models", "/m", "--steps", "4096", "--seed", "3",
                                        "--portfolio-features", "--", "--data", "csv:x"])
        self.assertEqual(args.plan_options, ["--data", "csv:x"])
        argv = walk_forward.train_argv(self.fold, "/w/e", self.plan, args)
        self.assertEqual(argv, ["--stage", "fold-2=/w/e", "--symbols", "AAPL,MSFT", "--seed", "3",
                                "--steps", "4096", "--episode-len", "256", "--out", "/m",
                                "--name", "fold-2", "--version-tag", "fold-2",
                                "--portfolio-features"])


class RecordedRangeTest(unittest.TestCase):
    def test_a_market_counts_with_its_exports_recorded_range(self):
        # decision steps on the 12th only; the export read the 11th (warm-up) and the 12th
        raw = raw_export("2019-02-12T14:31:00", 40, ("2019-02-11", "2019-02-12"))
        m = data.align(raw, ["A", "B"])
        self.assertEqual(m.read_range, (datetime.date(2019, 2, 11), datetime.date(2019, 2, 12)))
        self.assertEqual(data.training_range([m]), "2019-02-11/2019-02-12")

    def test_an_export_without_a_recorded_range_counts_with_its_decision_steps(self):
        m = data.align(raw_export("2019-02-12T14:31:00", 40, None), ["A", "B"])
        self.assertIsNone(m.read_range)
        self.assertEqual(data.training_range([m]), "2019-02-12/2019-02-12")

    def test_decision_steps_outside_the_recorded_range_are_refused(self):
        m = data.align(raw_export("2019-02-13T14:31:00", 40, ("2019-02-11", "2019-02-12")),
                       ["A", "B"])
        with self.assertRaisesRegex(ValueError, "outside the range its export records"):
            data.training_range([m])

    def test_holding_out_the_last_day_ends_the_training_range_before_it(self):
        raw = raw_export("2019-02-12T23:30:00", 60, ("2019-02-11", "2019-02-13"))
        m = data.align(raw, ["A", "B"])   # two UTC days (split_by_day cuts at UTC midnight)
        train, held = data.split_by_day(m, 1)
        self.assertEqual(data.training_range([train]), "2019-02-11/2019-02-12")
        self.assertEqual(held.read_range[1], datetime.date(2019, 2, 13))


class FoldTrainingTest(unittest.TestCase):
    """python3 -m tradingcore_rl without --heldout, as training/walk-forward runs it: the model's
    training range is its export's recorded range, the figures are in-sample, no gate."""

    def test_fold_model_records_its_exports_range_and_in_sample_figures(self):
        # 300 decision steps on the 13th; the export recorded the 12th (warm-up) to the 13th
        raw = raw_export("2019-02-13T14:31:00", 300, ("2019-02-12", "2019-02-13"))
        with tempfile.TemporaryDirectory() as out, \
                mock.patch.object(data, "load_export", return_value=raw), \
                contextlib.redirect_stdout(io.StringIO()) as printed:
            cli.main(["--stage", "fold-2=mem", "--symbols", "A,B", "--steps", "2048",
                      "--episode-len", "128", "--out", out, "--name", "fold-2",
                      "--version-tag", "fold-2", "--eval-steps", "100"])
            meta = metadata_of(os.path.join(out, "fold-2.onnx"))
            with open(os.path.join(out, "fold-2.report.json")) as fh:
                report = json.load(fh)
        self.assertEqual(meta["tradingcore.training_range"], "2019-02-12/2019-02-13")
        self.assertTrue(meta["tradingcore.model_version"].endswith("-s7-fold-2"))
        metrics = json.loads(meta["tradingcore.metrics"])
        self.assertIn("insample_return", metrics)
        self.assertNotIn("gate_passed", metrics)
        self.assertEqual(metrics["insample_steps"], 100)
        self.assertEqual(report["training_range"], "2019-02-12/2019-02-13")
        self.assertIn("no gate (in-sample)", printed.getvalue())
        self.assertNotIn("gate (return", printed.getvalue())

    def test_a_window_shorter_than_an_episode_is_refused_naming_the_option(self):
        raw = raw_export("2019-02-13T14:31:00", 100, ("2019-02-13", "2019-02-13"))
        with mock.patch.object(data, "load_export", return_value=raw), \
                contextlib.redirect_stdout(io.StringIO()):
            with self.assertRaisesRegex(SystemExit, "lower --episode-len"):
                cli.main(["--stage", "fold-1=mem", "--symbols", "A,B", "--episode-len", "128"])

    def test_episode_length_must_be_a_multiple_of_the_rollout(self):
        with contextlib.redirect_stderr(io.StringIO()) as err, self.assertRaises(SystemExit):
            cli.parse_args(["--stage", "x=y", "--episode-len", "200"])
        self.assertIn("--episode-len must be a positive multiple of 128", err.getvalue())


if __name__ == "__main__":
    unittest.main()
