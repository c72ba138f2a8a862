package io.tradingcore.jobs;

import io.tradingcore.marketdata.MarketSessions;
import io.tradingcore.risk.RiskLimits;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;

/**
 * The trading job's risk settings beyond each portfolio's own limits.
 *
 * @param sessions the trading calendar of each symbol: the gate refuses orders outside it and the
 *     stale-feed breaker counts silence only inside it
 * @param marketLimits the job-wide thresholds of the market-data breakers (their scope is every
 *     portfolio trading a symbol)
 * @param controlKeys the secrets file control.v1 commands are verified with, or {@code null} when
 *     the job reads no control topic
 */
public record RiskSettings(MarketSessions sessions, RiskLimits marketLimits, String controlKeys)
    implements Serializable {

  /** Crypto pairs that trade round the clock unless {@code --round-the-clock} says otherwise. */
  public static final List<String> DEFAULT_ROUND_THE_CLOCK = List.of("BTCUSD", "ETHUSD");

  /**
   * US equities' NYSE session for every symbol but {@link #DEFAULT_ROUND_THE_CLOCK}, default
   * thresholds, no control topic.
   */
  public static final RiskSettings DEFAULT =
      new RiskSettings(
          MarketSessions.usEquitiesWithRoundTheClock(DEFAULT_ROUND_THE_CLOCK),
          RiskLimits.DEFAULT,
          null);

  public RiskSettings {
    if (sessions == null || marketLimits == null) {
      throw new IllegalArgumentException("trading sessions and market limits are required");
    }
  }

  public RiskSettings withControlKeys(Path keys) {
    return new RiskSettings(sessions, marketLimits, keys == null ? null : keys.toString());
  }
}
