package io.tradingcore.risk.breakers;

import static io.tradingcore.testing.TestBars.ONE_MINUTE;
import static io.tradingcore.testing.TestBars.minute;

import io.tradingcore.risk.RiskLimits;
import java.math.BigDecimal;

/** Signals for the breakers' rule tests, at the default thresholds unless told. */
final class Signals {
  static final MarketThresholds DEFAULTS = MarketThresholds.of(RiskLimits.DEFAULT);

  private Signals() {}

  /** A gated bar ending {@code n} minutes after T0, closing at {@code close}, volume 1000. */
  static MarketBarSignal bar(String symbol, int n, String close) {
    return bar(symbol, n, close, "1000", Double.NaN, DEFAULTS);
  }

  static MarketBarSignal bar(
      String symbol,
      int n,
      String close,
      String volume,
      double meanVolume,
      MarketThresholds thresholds) {
    return new MarketBarSignal(
        symbol,
        minute(n) - ONE_MINUTE,
        minute(n),
        new BigDecimal(close),
        new BigDecimal(volume),
        meanVolume,
        thresholds);
  }

  /** A warm return at minute {@code n}. */
  static MarketReturnSignal warmReturn(String symbol, int n, double logReturn, double sigmaBefore) {
    return new MarketReturnSignal(
        symbol, minute(n) - ONE_MINUTE, minute(n), logReturn, sigmaBefore, true, DEFAULTS);
  }

  static MarketFeedSignal feed(String symbol, MarketFeed feed, int n, String close) {
    return new MarketFeedSignal(
        symbol, feed, minute(n) - ONE_MINUTE, minute(n), new BigDecimal(close), DEFAULTS);
  }

  static MarketThresholds with(RiskLimits limits) {
    return MarketThresholds.of(limits);
  }
}
