import math
import unittest
from decimal import Decimal

import numpy as np

import _path  # noqa: F401
from tradingcore_rl import contract, data

MIN = 60_000


def vec(x, warm=True):
    return {f: x for f in contract.ASSET_FEATURES}, warm


def raw_export():
    """Symbols A and B, bars ending at minutes 1..6; opens k + 0.5 and closes k + 0.9 for A (B +100)."""
    asset, bars = {}, {}
    for s, off in (("A", 0), ("B", 100)):
        starts, opens = [], []
        for k in range(1, 7):
            values, warm = vec(float(k + off), warm=not (s == "A" and k == 1))
            if s == "B" and k == 4:
                values = dict(values, rsi=math.nan)
            if not (s == "B" and k == 3):   # B has no fresh vector at minute 3
                asset[(s, k * MIN)] = (values, warm, Decimal(k + off) + Decimal("0.9"))
            starts.append((k - 1) * MIN)
            opens.append(Decimal(k + off) + Decimal("0.5"))
        bars[s] = (starts, opens)
    return data.RawExport("mem", {"contentSha256": "x"}, asset, {}, bars)


class AlignTest(unittest.TestCase):
    def test_decision_steps_follow_the_contract_rule(self):
        m = data.align(raw_export(), ["A", "B"])
        # minute 1: A not warm; 3: B not fresh; 4: B has a NaN; 6: no next bar to fill on
        self.assertEqual((m.bar_end // MIN).tolist(), [2, 5])
        self.assertEqual(m.asset_features[0, 0, 0], 2.0)
        self.assertEqual(m.asset_features[1, 1, 0], 105.0)

    def test_fill_is_the_next_bars_open_never_the_decision_bar(self):
        m = data.align(raw_export(), ["A", "B"])
        # the decision at the end of minute 2 (bar [1, 2)) fills on the bar [2, 3): open 3.5
        self.assertEqual(m.fill_exact[0], [Decimal("3.5"), Decimal("103.5")])
        self.assertEqual(m.close_exact[0], [Decimal("2.9"), Decimal("102.9")])
        self.assertNotEqual(m.fill[0, 0], 2.5)   # the decision bar's own open

    def test_fill_skips_a_gap_to_the_first_later_bar(self):
        raw = raw_export()
        starts, opens = raw.bars["A"]
        i = starts.index(2 * MIN)
        del starts[i], opens[i]                 # A has no bar starting at minute 2
        m = data.align(raw, ["A", "B"])
        self.assertEqual(m.fill_exact[0][0], Decimal("4.5"))

    def test_raw_observation_order(self):
        m = data.align(raw_export(), ["A", "B"])
        obs = data.raw_observation(m, 0, [1, 0])
        self.assertEqual(len(obs), 26)
        self.assertEqual(obs[12], 1.0)
        self.assertEqual(obs[25], 0.0)
        self.assertEqual(obs[13], 102.0)

    def test_missing_bars_are_refused(self):
        raw = raw_export()
        raw.bars = {}
        with self.assertRaises(ValueError):
            data.align(raw, ["A", "B"])

    def test_split_by_day(self):
        m = data.Market("m", ["A"], np.array([1, 2, 86_400_001, 86_400_002]) * 1,
                        np.zeros((4, 1, 12)), np.zeros((4, 0)), np.ones((4, 1)), np.ones((4, 1)),
                        [[1]] * 4, [[1]] * 4)
        train, held = data.split_by_day(m, 1)
        self.assertEqual(len(train), 2)
        self.assertEqual(len(held), 2)

    def test_hashes(self):
        self.assertEqual(data.export_sha256({"contentSha256": "abc"}), "abc")
        h = data.export_sha256({"asset": {"contentSha256": "a"}, "portfolio": {
            "contentSha256": "p"}, "bars": {"records": 3}})
        import hashlib
        self.assertEqual(h, hashlib.sha256(b"asset=a\nportfolio=p\n").hexdigest())
        self.assertEqual(data.combined_sha256(["a"]), "a")


if __name__ == "__main__":
    unittest.main()


class TrainingRangeTest(unittest.TestCase):
    """The dates a model records as trained on: New York dates of the first and last decision bar."""

    @staticmethod
    def market(*utc):
        import dataclasses
        import datetime
        ends = [int(datetime.datetime.fromisoformat(t + "+00:00").timestamp() * 1000) for t in utc]
        return dataclasses.replace(data.align(raw_export(), ["A", "B"]), bar_end=np.array(ends))

    def test_first_and_last_new_york_dates_over_every_market_trained_on(self):
        # 14:31 UTC is 09:31 in New York (EST); 21:00 UTC is the 16:00 close
        early = self.market("2019-02-11T14:31:00", "2019-02-11T21:00:00")
        late = self.market("2019-02-12T14:31:00", "2019-02-13T21:00:00")
        self.assertEqual(data.training_range([late, early]), "2019-02-11/2019-02-13")

    def test_a_bar_ending_at_new_york_midnight_belongs_to_the_day_before(self):
        # 05:00 UTC on the 13th is midnight in New York: the bar ran on the 12th
        m = self.market("2019-02-12T14:31:00", "2019-02-13T05:00:00")
        self.assertEqual(data.training_range([m]), "2019-02-12/2019-02-12")

    def test_no_decision_steps_no_range(self):
        empty = self.market("2019-02-12T14:31:00").slice(0, 0)
        with self.assertRaises(ValueError):
            data.training_range([empty])
