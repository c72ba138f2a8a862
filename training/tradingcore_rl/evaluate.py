"""Evaluation with exact money: Decimal cash, integer quantities, fees rounded to cents as the paper
broker does; the policy decides by arg-max (ties to the lowest index), as the Java scorer does."""

from decimal import Decimal

import numpy as np
import torch

from . import contract, costs
from .data import raw_observation

GATE_MIN_RETURN = 0.01
GATE_MAX_DRAWDOWN = 0.02


class Ledger:
    """Cash and positions of one portfolio, exactly."""

    def __init__(self, n_symbols, initial_cash, notional, position_mode):
        self.cash = Decimal(str(initial_cash))
        self.qty = [0] * n_symbols
        self.levels = [0] * n_symbols
        self.notional = Decimal(str(notional))
        self.mode = position_mode
        self.fees = Decimal(0)
        self.trades = 0
        self.traded_notional = Decimal(0)

    def act(self, market, t, action):
        """Applies a joint action decided at step t; fills at fill_exact[t] (next bar's open)."""
        new_levels = contract.apply_action(self.levels, action, self.mode)
        for s, (old, new) in enumerate(zip(self.levels, new_levels)):
            if old == new:
                continue
            close = market.close_exact[t][s]
            target = int(self.notional // close) * new
            trade = target - self.qty[s]
            if trade != 0:
                price = market.fill_exact[t][s]
                fee = costs.fee(trade, price)
                self.cash -= Decimal(trade) * price + fee
                self.fees += fee
                self.trades += 1
                self.traded_notional += abs(Decimal(trade) * price)
                self.qty[s] = target
        self.levels = new_levels

    def nav(self, market, t):
        return self.cash + sum(Decimal(q) * c for q, c in zip(self.qty, market.close_exact[t]))


def path_metrics(navs, initial_cash):
    navs = [float(x) for x in navs]
    hwm, mdd = navs[0], 0.0
    for x in navs:
        hwm = max(hwm, x)
        mdd = max(mdd, 1.0 - x / hwm)
    return {"return": navs[-1] / float(initial_cash) - 1.0, "max_drawdown": mdd}


def policy_step(net, norm_obs, h, c):
    """One scorer step in float32: (obs [B,N], h [1,B,H], c) -> (logits [B,A], h, c)."""
    with torch.no_grad():
        x = torch.as_tensor(np.asarray(norm_obs, dtype=np.float32)).reshape(len(norm_obs), 1, -1)
        _, (h2, c2) = net.lstm(x, (h, c))
        logits = net.actor(h2[0])
    return logits, h2, c2


def run_policy(market, net, normalizer, env_cfg, steps, start=0, record=False):
    """Runs the policy greedily over decisions start .. start+steps-1 from zero state and flat,
    valuing the portfolio at each decision step's close up to step start+steps."""
    if start + steps >= len(market):
        raise ValueError(f"{market.name}: {len(market)} steps, need {start + steps + 1}")
    ledger = Ledger(len(market.symbols), env_cfg.initial_cash, env_cfg.notional_per_symbol,
                    env_cfg.position_mode)
    h, c = net.zero_state(1)
    navs = [ledger.nav(market, start)]
    actions = []
    records = []
    for t in range(start, start + steps):
        raw = raw_observation(market, t, ledger.levels)
        norm = normalizer(raw)
        logits, h2, c2 = policy_step(net, [norm], h, c)
        action = contract.argmax_action(logits[0].tolist())
        if record:
            records.append({
                "raw": raw, "normalized": norm.astype(np.float32).tolist(),
                "h_in": h[0, 0].tolist(), "c_in": c[0, 0].tolist(),
                "logits": logits[0].tolist(), "h_out": h2[0, 0].tolist(),
                "c_out": c2[0, 0].tolist(), "action": action})
        h, c = h2, c2
        ledger.act(market, t, action)
        actions.append(action)
        navs.append(ledger.nav(market, t + 1))
    out = path_metrics(navs, env_cfg.initial_cash)
    out.update(steps=steps, trades=ledger.trades, fees=float(ledger.fees),
               traded_notional=float(ledger.traded_notional),
               final_nav=str(navs[-1]), actions=np.bincount(actions, minlength=3 ** len(
                   market.symbols)).tolist())
    if record:
        out["records"] = records
    return out


def run_fixed(market, env_cfg, steps, first_action, start=0):
    """A fixed strategy: first_action at the first step, HOLD on every symbol after it.
    Buy-and-hold = all BUY first; flat = all HOLD."""
    n = len(market.symbols)
    hold = contract.encode_action([contract.HOLD] * n)
    ledger = Ledger(n, env_cfg.initial_cash, env_cfg.notional_per_symbol, env_cfg.position_mode)
    navs = [ledger.nav(market, start)]
    for t in range(start, start + steps):
        ledger.act(market, t, first_action if t == start else hold)
        navs.append(ledger.nav(market, t + 1))
    out = path_metrics(navs, env_cfg.initial_cash)
    out.update(steps=steps, trades=ledger.trades, fees=float(ledger.fees))
    return out


def evaluate(market, net, normalizer, env_cfg, steps):
    n = len(market.symbols)
    pol = run_policy(market, net, normalizer, env_cfg, steps)
    bh = run_fixed(market, env_cfg, steps, contract.encode_action([contract.BUY] * n))
    flat = run_fixed(market, env_cfg, steps, contract.encode_action([contract.HOLD] * n))
    gate = pol["return"] >= GATE_MIN_RETURN and pol["max_drawdown"] <= GATE_MAX_DRAWDOWN
    return {"policy": pol, "buy_and_hold": bh, "flat": flat, "gate_passed": gate}


def format_report(name, res, gate=True):
    """The evaluation as lines; `gate=False` for figures that are no gate (in-sample)."""
    p, b, f = res["policy"], res["buy_and_hold"], res["flat"]
    lines = [
        f"Evaluation on {name}: {p['steps']} decision steps, costs on, exact money",
        f"  {'':14s} {'return':>9s} {'max DD':>8s} {'trades':>7s} {'fees':>9s}",
        f"  {'policy':14s} {p['return'] * 100:+8.3f}% {p['max_drawdown'] * 100:7.3f}% "
        f"{p['trades']:7d} {p['fees']:9.2f}",
        f"  {'buy-and-hold':14s} {b['return'] * 100:+8.3f}% {b['max_drawdown'] * 100:7.3f}% "
        f"{b['trades']:7d} {b['fees']:9.2f}",
        f"  {'flat':14s} {f['return'] * 100:+8.3f}% {f['max_drawdown'] * 100:7.3f}% "
        f"{f['trades']:7d} {f['fees']:9.2f}",
        f"  action counts {p['actions']}",
    ]
    if gate:
        lines.append(f"  gate (return >= {GATE_MIN_RETURN * 100:.0f}%, max drawdown <= "
                     f"{GATE_MAX_DRAWDOWN * 100:.0f}%): {'PASS' if res['gate_passed'] else 'FAIL'}")
    return "\n".join(lines)
