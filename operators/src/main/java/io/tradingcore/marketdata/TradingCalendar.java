package io.tradingcore.marketdata;

import java.io.Serializable;

/**
 * When a market trades. The risk gate refuses orders outside a symbol's session, and the stale-feed
 * breaker only counts silence inside it.
 */
public interface TradingCalendar extends Serializable {

  /** A market that never closes (crypto). */
  TradingCalendar ROUND_THE_CLOCK = new RoundTheClock();

  /** The New York Stock Exchange's regular session: {@link UsEquityCalendar#INSTANCE}. */
  static TradingCalendar usEquities() {
    return UsEquityCalendar.INSTANCE;
  }

  /** A short name for messages, e.g. {@code us-equities}, {@code 24x7}. */
  String name();

  /** Whether the market is in its regular session at {@code epochMillis} (open ≤ t < close). */
  boolean isOpen(long epochMillis);

  /**
   * Whether the market is open at any instant of {@code [fromMillis, toMillis)}: a gap in a feed
   * that lies wholly outside the session is not stale data.
   */
  boolean isOpenDuring(long fromMillis, long toMillis);

  /** The 24/7 calendar. */
  final class RoundTheClock implements TradingCalendar {
    private static final long serialVersionUID = 1L;

    private RoundTheClock() {}

    @Override
    public String name() {
      return "24x7";
    }

    @Override
    public boolean isOpen(long epochMillis) {
      return true;
    }

    @Override
    public boolean isOpenDuring(long fromMillis, long toMillis) {
      return toMillis > fromMillis;
    }

    private Object readResolve() {
      return ROUND_THE_CLOCK;
    }
  }
}
