package io.tradingcore.backtest.report;

import io.tradingcore.marketdata.MarketSessions;
import io.tradingcore.marketdata.TradingCalendar;
import java.util.List;

/**
 * Steps in a year, the annualisation factor of every per-step figure: a Sharpe ratio of per-step
 * returns is multiplied by √(steps a year), a return compounded to a year.
 */
public final class BarsPerYear {
  /** One-minute bars of the US regular session: 252 trading days × 390 minutes = 98,280. */
  public static final double US_EQUITY_MINUTES = 252.0 * 390.0;

  /** One-minute bars of a market that never closes (crypto): 365 days × 1,440 minutes = 525,600. */
  public static final double CRYPTO_MINUTES = 365.0 * 1440.0;

  /** Daily bars of US equities: 252 trading days. */
  public static final double US_EQUITY_DAYS = 252.0;

  private BarsPerYear() {}

  /**
   * One-minute bars a year of a portfolio trading {@code symbols}: {@link #CRYPTO_MINUTES} when
   * every one of them trades round the clock, else {@link #US_EQUITY_MINUTES}.
   */
  public static double ofMinuteBars(MarketSessions sessions, List<String> symbols) {
    boolean roundTheClock =
        !symbols.isEmpty()
            && symbols.stream().allMatch(s -> sessions.of(s) == TradingCalendar.ROUND_THE_CLOCK);
    return roundTheClock ? CRYPTO_MINUTES : US_EQUITY_MINUTES;
  }
}
