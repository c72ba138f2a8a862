"""The trading environment: decision steps of the export, fills at the next bar's open, the paper
broker's costs, and the shaped reward.

Dynamics of one step at decision t (levels L, quantities q, cash C):
  observation  = the features at t (data up to bar t's end) and the levels in force before t
  action       -> new levels (contract.apply_action); a symbol whose level changes gets the target
                  quantity floor(notional / close[t]) * level (lot 1), a held level keeps q
  fill         = at fill[t], the open of the symbol's first bar starting at or after t's bar end
                  (never bar t), fee = costs.fee_float(|trade| * fill)
  NAV[t+1]     = C + sum q * close[t+1]

Reward (fractions of the initial cash, times reward_scale):
  r = gross dNAV - fees - lambda * max(0, turnover - target/Y)^2 - beta * sigma_ann / sqrt(Y)
      - kappa * max(0, drawdown[t+1] - drawdown[t])
  gross dNAV  = NAV[t+1] - NAV[t] + fees (the mark-to-market P&L before costs)
  turnover    = traded notional at t / NAV[t]; target = turnover_target (2.0 a year), Y = steps
                per year (252 days x 390 one-minute bars); the penalty is quadratic in the excess
  sigma_ann   = std of the last vol_window (50) NAV step returns x sqrt(Y), charged per step as
                beta * sigma_ann / sqrt(Y) (the annualised volatility de-annualised to one step)
  drawdown    = 1 - NAV / high-water mark; its increase is charged with kappa
"""

from dataclasses import dataclass

import numpy as np

from . import contract
from .costs import fee_float


@dataclass
class EnvConfig:
    initial_cash: float = 100_000.0
    notional_per_symbol: float = 10_000.0
    position_mode: str = "long_only"
    turnover_lambda: float = 0.001
    turnover_target_per_year: float = 2.0
    vol_beta: float = 0.01
    vol_window: int = 50
    drawdown_kappa: float = 0.5
    steps_per_year: float = 252 * 390
    reward_scale: float = 1e4


def observation_rows(market):
    """[T, N] raw observations with the position columns zero, and the indices of those columns."""
    t, s, f = market.asset_features.shape
    cols = []
    pos_cols = []
    for i in range(s):
        cols.append(market.asset_features[:, i, :])
        cols.append(np.zeros((t, 1)))
        pos_cols.append(i * (f + 1) + f)
    cols.append(market.portfolio_features)
    return np.concatenate(cols, axis=1), pos_cols


def side_table(n_symbols):
    return np.array([contract.decode_action(a, n_symbols) for a in range(3 ** n_symbols)],
                    dtype=np.int64)


class VecEnv:
    """E independent episodes of `episode_len` decision steps, each a random window of one of the
    markets (chosen with probability proportional to its length), starting flat with the initial
    cash. Float arithmetic: this is the training environment; evaluate.py keeps exact money."""

    def __init__(self, markets, n_envs, episode_len, config, rng):
        self.markets = [m for m in markets if len(m) > episode_len + 1]
        if not self.markets:
            raise ValueError(f"no market has more than {episode_len + 1} steps")
        self.cfg = config
        self.rng = rng
        self.n = n_envs
        self.episode_len = episode_len
        self.rows = []
        for m in self.markets:
            rows, pos_cols = observation_rows(m)
            self.rows.append(rows)
        self.pos_cols = np.asarray(pos_cols)
        self.n_symbols = len(self.markets[0].symbols)
        self.sides = side_table(self.n_symbols)
        weights = np.array([len(m) - episode_len - 1 for m in self.markets], dtype=np.float64)
        self.weights = weights / weights.sum()
        self.m = np.zeros(n_envs, dtype=np.int64)
        self.t = np.zeros(n_envs, dtype=np.int64)
        self.k = np.zeros(n_envs, dtype=np.int64)
        self.level = np.zeros((n_envs, self.n_symbols), dtype=np.int64)
        self.qty = np.zeros((n_envs, self.n_symbols))
        self.cash = np.zeros(n_envs)
        self.nav = np.zeros(n_envs)
        self.hwm = np.zeros(n_envs)
        self.rets = np.zeros((n_envs, config.vol_window))
        for e in range(n_envs):
            self._reset(e)

    def _reset(self, e):
        m = int(self.rng.choice(len(self.markets), p=self.weights))
        self.m[e] = m
        self.t[e] = int(self.rng.integers(0, len(self.markets[m]) - self.episode_len - 1))
        self.k[e] = 0
        self.level[e] = 0
        self.qty[e] = 0.0
        self.cash[e] = self.cfg.initial_cash
        self.nav[e] = self.cfg.initial_cash
        self.hwm[e] = self.cfg.initial_cash
        self.rets[e] = 0.0

    def observe(self):
        obs = np.stack([self.rows[m][t] for m, t in zip(self.m, self.t)])
        obs[:, self.pos_cols] = self.level
        return obs

    def _prices(self, which, offset=0):
        return np.stack([getattr(self.markets[m], which)[t + offset]
                         for m, t in zip(self.m, self.t)])

    def step(self, actions):
        """Applies joint actions; returns (reward [E], done [E], info dict of arrays)."""
        cfg = self.cfg
        sides = self.sides[np.asarray(actions)]
        sell_level = 0 if cfg.position_mode == "long_only" else -1
        new_level = np.where(sides == contract.BUY, 1,
                             np.where(sides == contract.SELL, sell_level, self.level))
        close = self._prices("close")
        fill = self._prices("fill")
        changed = new_level != self.level
        target = np.where(changed, np.floor(cfg.notional_per_symbol / close) * new_level, self.qty)
        trade = target - self.qty
        traded = np.abs(trade * fill)
        fees = fee_float(traded).sum(axis=1)
        self.cash -= (trade * fill).sum(axis=1) + fees
        self.qty = target
        self.level = new_level
        self.t += 1
        self.k += 1
        nav_new = self.cash + (self.qty * self._prices("close")).sum(axis=1)
        nav_old = self.nav
        y = cfg.steps_per_year
        nav0 = cfg.initial_cash
        gross = (nav_new - nav_old + fees) / nav0
        tc = fees / nav0
        turnover = traded.sum(axis=1) / nav_old
        excess = np.maximum(0.0, turnover - cfg.turnover_target_per_year / y)
        pen_turn = cfg.turnover_lambda * excess ** 2
        ret = nav_new / nav_old - 1.0
        self.rets = np.roll(self.rets, -1, axis=1)
        self.rets[:, -1] = ret
        filled = np.minimum(self.k, cfg.vol_window)
        sigma_step = np.array([self.rets[e, -filled[e]:].std() if filled[e] >= 2 else 0.0
                               for e in range(self.n)])
        sigma_ann = sigma_step * np.sqrt(y)
        pen_vol = cfg.vol_beta * sigma_ann / np.sqrt(y)
        dd_old = 1.0 - nav_old / self.hwm
        self.hwm = np.maximum(self.hwm, nav_new)
        dd_new = 1.0 - nav_new / self.hwm
        pen_dd = cfg.drawdown_kappa * np.maximum(0.0, dd_new - dd_old)
        reward = (gross - tc - pen_turn - pen_vol - pen_dd) * cfg.reward_scale
        self.nav = nav_new
        done = self.k >= self.episode_len
        info = {"gross": gross, "tc": tc, "pen_turn": pen_turn, "pen_vol": pen_vol,
                "pen_dd": pen_dd, "nav": nav_new.copy(), "fees": fees}
        for e in np.nonzero(done)[0]:
            self._reset(e)
        return reward, done, info
