import math
import unittest
from decimal import Decimal

import numpy as np

import _path  # noqa: F401
from tradingcore_rl import contract, data
from tradingcore_rl.env import EnvConfig, VecEnv
from tradingcore_rl.evaluate import Ledger, run_fixed

Y = 252 * 390


def market(close, fill):
    t = len(close)
    return data.Market(
        "tiny", ["A"], np.arange(1, t + 1) * 60_000, np.zeros((t, 1, 12)), np.zeros((t, 0)),
        np.array(close, dtype=float).reshape(t, 1), np.array(fill, dtype=float).reshape(t, 1),
        [[Decimal(str(c))] for c in close], [[Decimal(str(f))] for f in fill])


class RewardTest(unittest.TestCase):
    """One symbol, closes 100, 101, 99, 99 and next-bar opens 100.5, 101.5, 99.5, 99: BUY at
    step 0, then HOLD twice, computed by hand."""

    def setUp(self):
        self.m = market([100, 101, 99, 99], [100.5, 101.5, 99.5, 99])
        self.env = VecEnv([self.m], 1, 2, EnvConfig(), np.random.default_rng(0))

    def test_buy_fills_at_the_next_open_and_the_reward_terms(self):
        env = self.env
        self.assertEqual(env.observe()[0, 12], 0.0)              # flat before the decision
        r, done, info = env.step([contract.BUY])
        # qty = floor(10,000 / 100) = 100 sized on the decision close; fills at 100.5 (not 100)
        self.assertEqual(env.qty[0, 0], 100)
        fee = 10050 * (1.0 + 0.5 * 0.1005) / 10000              # 1.05550125
        self.assertAlmostEqual(info["fees"][0], fee, places=10)
        self.assertAlmostEqual(env.cash[0], 100000 - 10050 - fee, places=8)
        nav1 = 100000 - 10050 - fee + 100 * 101
        self.assertAlmostEqual(info["nav"][0], nav1, places=8)
        gross = 100 * (101 - 100.5) / 1e5                       # P&L before costs
        self.assertAlmostEqual(info["gross"][0], gross, places=12)
        pen_turn = 0.001 * (10050 / 100000 - 2.0 / Y) ** 2
        self.assertAlmostEqual(info["pen_turn"][0], pen_turn, places=15)
        self.assertEqual(info["pen_vol"][0], 0.0)               # one return: no volatility yet
        self.assertEqual(info["pen_dd"][0], 0.0)                # new high-water mark
        self.assertAlmostEqual(r[0], (gross - fee / 1e5 - pen_turn) * 1e4, places=9)
        self.assertFalse(done[0])
        self.assertEqual(env.observe()[0, 12], 1.0)             # the level is now long

        r, done, info = env.step([contract.HOLD])
        nav2 = nav1 + 100 * (99 - 101)
        self.assertAlmostEqual(info["nav"][0], nav2, places=8)
        self.assertEqual(info["fees"][0], 0.0)
        self.assertEqual(info["pen_turn"][0], 0.0)
        r1, r2 = nav1 / 1e5 - 1, nav2 / nav1 - 1
        sigma = abs(r1 - r2) / 2                                # population std of two returns
        self.assertAlmostEqual(info["pen_vol"][0], 0.01 * sigma * math.sqrt(Y) / math.sqrt(Y), 12)
        dd = 1 - nav2 / nav1
        self.assertAlmostEqual(info["pen_dd"][0], 0.5 * dd, places=12)
        self.assertAlmostEqual(
            r[0], (-200 / 1e5 - 0.01 * sigma - 0.5 * dd) * 1e4, places=8)
        self.assertTrue(done[0])                                 # episode of 2 steps
        self.assertEqual(env.observe()[0, 12], 0.0)              # reset: flat again

    def test_no_same_bar_fill_in_the_exact_ledger(self):
        ledger = Ledger(1, 100000, 10000, "long_only")
        ledger.act(self.m, 0, contract.BUY)
        # 100 x 100.5 (next open) + fee 1.06 (1.05550125 rounded half-up to cents)
        self.assertEqual(ledger.cash, Decimal("100000") - Decimal("10050.0") - Decimal("1.06"))
        self.assertEqual(ledger.nav(self.m, 1), ledger.cash + 100 * Decimal("101"))

    def test_sell_in_long_only_goes_flat(self):
        ledger = Ledger(1, 100000, 10000, "long_only")
        ledger.act(self.m, 0, contract.BUY)
        ledger.act(self.m, 1, contract.SELL)
        self.assertEqual(ledger.qty, [0])
        short = Ledger(1, 100000, 10000, "long_short")
        short.act(self.m, 1, contract.SELL)
        self.assertEqual(short.qty, [-99])                       # floor(10,000 / 101)


class FloatEnvMatchesExactLedgerTest(unittest.TestCase):
    def test_random_actions(self):
        rng = np.random.default_rng(3)
        t = 300
        close = np.round(100 * np.exp(np.cumsum(rng.normal(0, 0.002, t))), 2)
        fill = np.round(close * (1 + rng.normal(0, 0.0005, t)), 2)
        m = data.Market("r", ["A", "B"], np.arange(1, t + 1) * 60_000, np.zeros((t, 2, 12)),
                        np.zeros((t, 0)), np.stack([close, close * 2], 1),
                        np.stack([fill, np.round(fill * 2, 2)], 1),
                        [[Decimal(str(a)), Decimal(str(round(a * 2, 2)))] for a in close],
                        [[Decimal(str(a)), Decimal(str(round(a * 2, 2)))] for a in fill])
        m.close = np.array([[float(x) for x in r] for r in m.close_exact])
        m.fill = np.array([[float(x) for x in r] for r in m.fill_exact])
        env = VecEnv([m], 1, t - 2, EnvConfig(position_mode="long_short"),
                     np.random.default_rng(0))
        env.t[0] = 0
        ledger = Ledger(2, 100000, 10000, "long_short")
        for k in range(t - 2):
            a = int(rng.integers(0, 9))
            ledger.act(m, k, a)
            _, _, info = env.step([a])
            # float fees are not rounded to cents: at most half a cent per fill apart
            self.assertLess(abs(float(ledger.nav(m, k + 1)) - info["nav"][0]),
                            0.005 * ledger.trades + 1e-6)
            if k < t - 3:                                        # the last step resets
                self.assertEqual(ledger.qty, env.qty[0].astype(int).tolist())

    def test_buy_and_hold_and_flat(self):
        m = market([100, 101, 99, 99], [100.5, 101.5, 99.5, 99])
        bh = run_fixed(m, EnvConfig(), 3, contract.BUY)
        self.assertAlmostEqual(bh["return"], (100 * (99 - 100.5) - 1.06) / 1e5, places=12)
        flat = run_fixed(m, EnvConfig(), 3, contract.HOLD)
        self.assertEqual(flat["return"], 0.0)
        self.assertEqual(flat["max_drawdown"], 0.0)


if __name__ == "__main__":
    unittest.main()
