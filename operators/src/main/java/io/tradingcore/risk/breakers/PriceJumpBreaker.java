package io.tradingcore.risk.breakers;

import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.avro.RiskReason;
import java.math.MathContext;
import java.util.Locale;
import java.util.Map;

/**
 * Two consecutive bars of a symbol whose close-to-close move exceeds {@code price_jump} (a
 * fraction) pause the symbol (PRICE_JUMP). Consecutive means the symbol's next accepted bar,
 * however far apart: an opening gap beyond the limit pauses the symbol at the open.
 */
public final class PriceJumpBreaker {
  private PriceJumpBreaker() {}

  /** (close − previous close) / previous close, from the exact decimals. */
  public static double move(MarketBarSignal previous, MarketBarSignal current) {
    return current
        .close()
        .subtract(previous.close())
        .divide(previous.close(), MathContext.DECIMAL64)
        .doubleValue();
  }

  /** Whether {@code current}, the bar after {@code previous}, jumps beyond its limit. */
  public static boolean trips(MarketBarSignal previous, MarketBarSignal current) {
    return previous.close().signum() > 0
        && Math.abs(move(previous, current)) > current.thresholds().priceJump();
  }

  public static RiskAlert alert(MarketBarSignal previous, MarketBarSignal current) {
    double move = move(previous, current);
    double limit = current.thresholds().priceJump();
    return MarketAlerts.pause(
        current.symbol(),
        RiskReason.PRICE_JUMP,
        String.format(
            Locale.ROOT,
            "%s: close %s after %s moved %+.2f %%, beyond %s %%",
            current.symbol(),
            current.close().toPlainString(),
            previous.close().toPlainString(),
            move * 100,
            limit * 100),
        Map.of(
            MarketAlerts.OBSERVED,
            Math.abs(move),
            MarketAlerts.LIMIT,
            limit,
            "move",
            move,
            "close",
            current.close().doubleValue(),
            "previous_close",
            previous.close().doubleValue()),
        MarketAlerts.barId(current.symbol(), current.endMillis()),
        current.endMillis(),
        current.thresholds().pauseForMillis());
  }
}
