"""The policy contract (docs/policy-contract.md, version 1): names, actions, decision rule."""

import math

CONTRACT_VERSION = 1
MODEL_NAME = "ppo-lstm"
FEATURE_SET = "asset"
FEATURE_SET_VERSION = 1

# The asset feature set's names, in the contract's default order (12).
ASSET_FEATURES = (
    "spread", "book_imbalance", "vwap_deviation", "trade_intensity", "momentum", "volatility",
    "vol_of_vol", "skewness", "kurtosis", "rsi", "ema_deviation", "vpin",
)

SELL, HOLD, BUY = 0, 1, 2
SIDE_LABELS = ("SELL", "HOLD", "BUY")
POSITION_MODES = ("long_only", "long_short")


def observation_names(symbols, portfolio_features=False, features=ASSET_FEATURES):
    """The N observation names in order: per symbol its features then S.position; then optionally
    correlation.A.B for each pair (A before B in symbol order) and S.beta for each symbol."""
    names = []
    for s in symbols:
        names.extend(f"{s}.{f}" for f in features)
        names.append(f"{s}.position")
    if portfolio_features:
        names.extend(portfolio_feature_names(symbols))
    return names


def portfolio_feature_names(symbols):
    names = []
    for i, a in enumerate(symbols):
        for b in symbols[i + 1:]:
            names.append(f"correlation.{a}.{b}")
    names.extend(f"{s}.beta" for s in symbols)
    return names


def action_count(n_symbols):
    return 3 ** n_symbols


def encode_action(sides):
    """Joint index of per-symbol sides: sum a_i * 3^(n-1-i), the first symbol most significant."""
    index = 0
    for a in sides:
        if a not in (SELL, HOLD, BUY):
            raise ValueError(f"side must be 0, 1 or 2, got {a}")
        index = index * 3 + a
    return index


def decode_action(index, n_symbols):
    """Per-symbol sides of a joint action index."""
    if not 0 <= index < 3 ** n_symbols:
        raise ValueError(f"action {index} out of range for {n_symbols} symbols")
    sides = [0] * n_symbols
    for i in range(n_symbols - 1, -1, -1):
        sides[i] = index % 3
        index //= 3
    return sides


def action_labels(symbols):
    """Labels in logit order, e.g. AAPL:SELL|MSFT:SELL, ..., AAPL:BUY|MSFT:BUY."""
    return [
        "|".join(f"{s}:{SIDE_LABELS[a]}" for s, a in zip(symbols, decode_action(i, len(symbols))))
        for i in range(action_count(len(symbols)))
    ]


def apply_side(level, side, position_mode):
    """New level of one symbol: BUY -> 1, HOLD -> keep, SELL -> 0 (long_only) or -1 (long_short)."""
    if side == BUY:
        return 1
    if side == HOLD:
        return level
    if side == SELL:
        return 0 if position_mode == "long_only" else -1
    raise ValueError(f"side must be 0, 1 or 2, got {side}")


def apply_action(levels, index, position_mode):
    sides = decode_action(index, len(levels))
    return [apply_side(l, a, position_mode) for l, a in zip(levels, sides)]


def argmax_action(logits):
    """The decision: arg-max of the logits, ties to the lowest index."""
    best = 0
    for i in range(1, len(logits)):
        if logits[i] > logits[best]:
            best = i
    return best


def is_decision_step(asset_vectors, symbols, used_features=ASSET_FEATURES):
    """The decision rule for one bar end: every traded symbol has a fresh vector (one with this
    exact bar end; carried-forward features do not count) that is warm and whose used values are
    all finite. asset_vectors maps symbol -> dict(names, values, warm) or is missing the symbol."""
    for s in symbols:
        v = asset_vectors.get(s)
        if v is None or not v["warm"]:
            return False
        by_name = dict(zip(v["names"], v["values"]))
        for f in used_features:
            x = by_name.get(f)
            if x is None or not math.isfinite(x):
                return False
    return True
