package io.tradingcore.replay;

import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.UsEquityCalendar;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A range of market dates, both ends inclusive ({@code null}: unbounded), and the date a bar
 * belongs to: the New York date its minute starts on. The backtest, the walk-forward and the
 * feature export cut their histories by it, so a walk-forward fold's train window and the export of
 * that window hold the same bars.
 */
public record MarketDays(LocalDate from, LocalDate to) {

  /** Every day. */
  public static final MarketDays ALL = new MarketDays(null, null);

  /** The New York date {@code bar} starts on. */
  public static LocalDate of(Bar bar) {
    return Instant.ofEpochMilli(bar.startMillis()).atZone(UsEquityCalendar.ZONE).toLocalDate();
  }

  public boolean contains(Bar bar) {
    LocalDate day = of(bar);
    return (from == null || !day.isBefore(from)) && (to == null || !day.isAfter(to));
  }

  /** The NYSE trading days of {@code from..to}, both inclusive. */
  public static List<LocalDate> tradingDays(LocalDate from, LocalDate to) {
    return from.datesUntil(to.plusDays(1)).filter(UsEquityCalendar.INSTANCE::isTradingDay).toList();
  }
}
