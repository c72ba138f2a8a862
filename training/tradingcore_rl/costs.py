"""The paper broker's cost model (operators/.../execution/CostModel.java), exactly.

rate (bp) = 1.0 + 0.5 * min(notional / 100,000, 1); fee = notional * rate / 10,000 rounded half-up
to cents. The exact version works in Decimal (as the Java BigDecimal code); the float version is
used for the training reward only.
"""

from decimal import Decimal, Context, ROUND_HALF_EVEN, ROUND_HALF_UP

import numpy as np

BASE_BPS = Decimal("1.0")
IMPACT_BPS = Decimal("0.5")
IMPACT_SCALE = Decimal("100000")
CENT = Decimal("0.01")
# Java's MathContext.DECIMAL64 / DECIMAL128: 16 / 34 digits, half-even.
_DECIMAL64 = Context(prec=16, rounding=ROUND_HALF_EVEN)
_DECIMAL128 = Context(prec=34, rounding=ROUND_HALF_EVEN)


def rate_bps(notional):
    """Cost rate in basis points of a trade of this notional (absolute value), as a Decimal."""
    share = _DECIMAL64.divide(abs(Decimal(notional)), IMPACT_SCALE)
    if share > 1:
        share = Decimal(1)
    return BASE_BPS + IMPACT_BPS * share


def fee(quantity, price):
    """Fee in money (2 decimals, half-up) for trading quantity at price; never negative."""
    notional = abs(Decimal(quantity) * Decimal(price))
    raw = _DECIMAL128.divide(notional * rate_bps(notional), Decimal(10000))
    return raw.quantize(CENT, rounding=ROUND_HALF_UP)


def fee_float(notional):
    """Float fee for an array of notionals (no rounding to cents): the training reward's cost."""
    n = np.abs(np.asarray(notional, dtype=np.float64))
    return n * (1.0 + 0.5 * np.minimum(n / 100000.0, 1.0)) / 10000.0
