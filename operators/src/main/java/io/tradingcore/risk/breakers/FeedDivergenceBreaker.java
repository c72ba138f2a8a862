package io.tradingcore.risk.breakers;

import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.avro.RiskReason;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.Map;

/**
 * The bar feed's bar and the bar built from ticks for the same symbol and interval, whose closes
 * differ by more than {@code feed_divergence} relative to the close built from ticks (the one the
 * job computed itself from trades), pause the symbol (FEED_DIVERGENCE).
 */
public final class FeedDivergenceBreaker {
  private FeedDivergenceBreaker() {}

  /** Whether the two are the same symbol's same interval from the two feeds. */
  public static boolean pairs(MarketFeedSignal one, MarketFeedSignal other) {
    return one.feed() != other.feed()
        && one.symbol().equals(other.symbol())
        && one.startMillis() == other.startMillis()
        && one.endMillis() == other.endMillis();
  }

  /** |bar feed's close − ticks' close| / ticks' close. */
  public static double divergence(MarketFeedSignal one, MarketFeedSignal other) {
    BigDecimal ticks = ticks(one, other).close();
    return bars(one, other)
        .close()
        .subtract(ticks)
        .abs()
        .divide(ticks, MathContext.DECIMAL64)
        .doubleValue();
  }

  /** Whether two bars of a pair diverge beyond the limit in force for the later one. */
  public static boolean trips(MarketFeedSignal one, MarketFeedSignal other) {
    // Bars before the gate may be implausible; a non-positive close has no relative difference
    // (the gate quarantines it).
    return pairs(one, other)
        && one.close().signum() > 0
        && other.close().signum() > 0
        && divergence(one, other) > other.thresholds().feedDivergence();
  }

  public static RiskAlert alert(MarketFeedSignal one, MarketFeedSignal other) {
    MarketFeedSignal bars = bars(one, other);
    MarketFeedSignal ticks = ticks(one, other);
    double divergence = divergence(one, other);
    double limit = other.thresholds().feedDivergence();
    return MarketAlerts.pause(
        other.symbol(),
        RiskReason.FEED_DIVERGENCE,
        String.format(
            Locale.ROOT,
            "%s: the bar feed closed at %s and the ticks at %s, %.2f %% apart, beyond %s %%",
            other.symbol(),
            bars.close().toPlainString(),
            ticks.close().toPlainString(),
            divergence * 100,
            limit * 100),
        Map.of(
            MarketAlerts.OBSERVED,
            divergence,
            MarketAlerts.LIMIT,
            limit,
            "bar_feed_close",
            bars.close().doubleValue(),
            "tick_close",
            ticks.close().doubleValue()),
        MarketAlerts.barId(other.symbol(), other.endMillis()),
        other.endMillis(),
        other.thresholds().pauseForMillis());
  }

  private static MarketFeedSignal bars(MarketFeedSignal one, MarketFeedSignal other) {
    return one.feed() == MarketFeed.BARS ? one : other;
  }

  private static MarketFeedSignal ticks(MarketFeedSignal one, MarketFeedSignal other) {
    return one.feed() == MarketFeed.TICKS ? one : other;
  }
}
