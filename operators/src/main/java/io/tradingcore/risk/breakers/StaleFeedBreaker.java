package io.tradingcore.risk.breakers;

import io.tradingcore.marketdata.TradingCalendar;
import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.avro.RiskReason;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * No bar of a symbol for {@code stale_feed_after} after its last one, while its session was open at
 * some instant of that silence, pauses the symbol (STALE_FEED), once per silence. A silence wholly
 * outside the session (night, weekend, holiday) is not stale.
 */
public final class StaleFeedBreaker {
  private StaleFeedBreaker() {}

  /**
   * @param last the symbol's last bar
   * @param silentUntil when the silence reached {@code stale_feed_after}: the last bar's end plus
   *     that window
   */
  public static boolean trips(MarketBarSignal last, long silentUntil, TradingCalendar calendar) {
    return calendar.isOpenDuring(last.endMillis(), silentUntil);
  }

  public static RiskAlert alert(MarketBarSignal last, long silentUntil) {
    long silence = silentUntil - last.endMillis();
    return MarketAlerts.pause(
        last.symbol(),
        RiskReason.STALE_FEED,
        String.format(
            Locale.ROOT,
            "%s: no bar for %d s after the one ending at %s, inside the session",
            last.symbol(),
            silence / 1000,
            Instant.ofEpochMilli(last.endMillis())),
        Map.of(
            // Raised the moment the silence reaches the window: observed = limit.
            MarketAlerts.OBSERVED,
            (double) silence,
            MarketAlerts.LIMIT,
            (double) silence,
            "last_bar_end",
            (double) last.endMillis()),
        MarketAlerts.barId(last.symbol(), last.endMillis()),
        silentUntil,
        last.thresholds().pauseForMillis());
  }
}
