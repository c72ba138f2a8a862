import math
import unittest

import _path  # noqa: F401
from tradingcore_rl import contract


class ActionTest(unittest.TestCase):
    def test_labels_in_logit_order(self):
        labels = contract.action_labels(["AAPL", "MSFT"])
        self.assertEqual(len(labels), 9)
        self.assertEqual(labels[0], "AAPL:SELL|MSFT:SELL")
        self.assertEqual(labels[1], "AAPL:SELL|MSFT:HOLD")
        self.assertEqual(labels[3], "AAPL:HOLD|MSFT:SELL")
        self.assertEqual(labels[4], "AAPL:HOLD|MSFT:HOLD")
        self.assertEqual(labels[8], "AAPL:BUY|MSFT:BUY")

    def test_index_is_base_3_first_symbol_most_significant(self):
        self.assertEqual(contract.encode_action([contract.BUY, contract.SELL]), 6)
        self.assertEqual(contract.encode_action([0, 1, 2]), 5)
        for n in (1, 2, 3):
            for i in range(3 ** n):
                self.assertEqual(contract.encode_action(contract.decode_action(i, n)), i)
        with self.assertRaises(ValueError):
            contract.decode_action(9, 2)

    def test_levels(self):
        self.assertEqual(contract.apply_action([0, 1], 6, "long_only"), [1, 0])
        self.assertEqual(contract.apply_action([0, 1], 6, "long_short"), [1, -1])
        self.assertEqual(contract.apply_action([1, -1], 4, "long_short"), [1, -1])  # HOLD keeps
        self.assertEqual(contract.apply_action([1, 1], 0, "long_only"), [0, 0])

    def test_argmax_ties_to_lowest_index(self):
        self.assertEqual(contract.argmax_action([0.1, 0.5, 0.5, 0.2]), 1)
        self.assertEqual(contract.argmax_action([1.0, 1.0]), 0)
        self.assertEqual(contract.argmax_action([-3.0, -1.0, -2.0]), 1)


class ObservationTest(unittest.TestCase):
    def test_names(self):
        names = contract.observation_names(["AAPL", "MSFT"])
        self.assertEqual(len(names), 26)
        self.assertEqual(names[0], "AAPL.spread")
        self.assertEqual(names[11], "AAPL.vpin")
        self.assertEqual(names[12], "AAPL.position")
        self.assertEqual(names[13], "MSFT.spread")
        self.assertEqual(names[25], "MSFT.position")
        full = contract.observation_names(["AAPL", "MSFT"], portfolio_features=True)
        self.assertEqual(len(full), 29)
        self.assertEqual(full[26:], ["correlation.AAPL.MSFT", "AAPL.beta", "MSFT.beta"])
        three = contract.observation_names(["A", "B", "C"], portfolio_features=True)
        self.assertEqual(three[39:], ["correlation.A.B", "correlation.A.C", "correlation.B.C",
                                      "A.beta", "B.beta", "C.beta"])


class DecisionStepTest(unittest.TestCase):
    def vec(self, warm=True, bad=None):
        values = [0.1] * 12
        if bad is not None:
            values[bad] = math.nan
        return {"names": list(contract.ASSET_FEATURES), "values": values, "warm": warm}

    def test_rule(self):
        syms = ["AAPL", "MSFT"]
        self.assertTrue(contract.is_decision_step({"AAPL": self.vec(), "MSFT": self.vec()}, syms))
        # a symbol without a fresh vector at this bar end: no step
        self.assertFalse(contract.is_decision_step({"AAPL": self.vec()}, syms))
        self.assertFalse(contract.is_decision_step(
            {"AAPL": self.vec(), "MSFT": self.vec(warm=False)}, syms))
        self.assertFalse(contract.is_decision_step(
            {"AAPL": self.vec(bad=3), "MSFT": self.vec()}, syms))
        v = self.vec()
        v["values"][5] = math.inf
        self.assertFalse(contract.is_decision_step({"AAPL": self.vec(), "MSFT": v}, syms))
        # a non-finite value of a feature the policy does not use does not matter
        v = self.vec()
        v["names"] = v["names"] + ["quote_imbalance"]
        v["values"] = v["values"] + [math.nan]
        self.assertTrue(contract.is_decision_step({"AAPL": v, "MSFT": self.vec()}, syms))


if __name__ == "__main__":
    unittest.main()
