package io.tradingcore.marketdata;

import java.io.Serializable;
import java.time.Instant;
import java.time.ZonedDateTime;

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

  /**
   * The first session open strictly after {@code epochMillis}: when an operator who resumes trading
   * at the next session open acts (the backtest's {@code --resume-halts next-session}). This
   * default is for a market without opening bells: the next New York midnight, where the risk gate
   * and the daily-loss breaker start a new trading day.
   */
  default long nextSessionOpen(long epochMillis) {
    ZonedDateTime now = Instant.ofEpochMilli(epochMillis).atZone(UsEquityCalendar.ZONE);
    return now.toLocalDate()
        .plusDays(1)
        .atStartOfDay(UsEquityCalendar.ZONE)
        .toInstant()
        .toEpochMilli();
  }

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
