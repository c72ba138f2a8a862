import unittest
from decimal import Decimal

import _path  # noqa: F401
from tradingcore_rl import costs


class CostModelTest(unittest.TestCase):
    def test_hand_checked_fees(self):
        # 10,000: rate 1.0 + 0.5 x 0.1 = 1.05 bp; fee 10,000 x 1.05 / 10,000 = 1.05
        self.assertEqual(costs.rate_bps(Decimal("10000")), Decimal("1.05"))
        self.assertEqual(costs.fee(100, Decimal("100")), Decimal("1.05"))
        # 200,000: impact capped, 1.5 bp; fee 30.00
        self.assertEqual(costs.rate_bps(Decimal("200000")), Decimal("1.5"))
        self.assertEqual(costs.fee(1000, Decimal("200")), Decimal("30.00"))

    def test_same_values_as_the_java_cost_model_test(self):
        self.assertEqual(costs.rate_bps(Decimal("15000")), Decimal("1.075"))
        self.assertEqual(costs.fee(100, Decimal("150")), Decimal("1.61"))   # 1.6125
        self.assertEqual(costs.fee(1000, Decimal("250")), Decimal("37.50"))
        self.assertEqual(costs.fee(1, Decimal("50")), Decimal("0.01"))      # 0.005000125
        self.assertEqual(costs.fee(1, Decimal("40")), Decimal("0.00"))
        self.assertEqual(costs.fee(-100, Decimal("150")), Decimal("1.61"))  # sells cost the same

    def test_half_up_to_cents(self):
        # 50 x 1.00025 bp = 0.005000125 -> 0.01; a fee of exactly half a cent rounds up
        self.assertEqual(costs.fee(1, Decimal("50")), Decimal("0.01"))

    def test_float_fee_is_the_unrounded_fee(self):
        self.assertAlmostEqual(float(costs.fee_float([10000.0])[0]), 1.05, places=12)
        self.assertAlmostEqual(float(costs.fee_float([15000.0])[0]), 1.6125, places=12)
        self.assertAlmostEqual(float(costs.fee_float([-200000.0])[0]), 30.0, places=12)


if __name__ == "__main__":
    unittest.main()
