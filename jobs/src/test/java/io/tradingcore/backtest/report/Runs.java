package io.tradingcore.backtest.report;

import io.tradingcore.schemas.avro.Side;
import java.math.BigDecimal;
import java.time.Instant;

/** Named times and small hand-made runs for the report's tests. */
final class Runs {
  /** Daily steps: one step a year is 252 steps, as for daily US-equity bars. */
  static final double DAILY = BarsPerYear.US_EQUITY_DAYS;

  static final long DAY_1 = Instant.parse("2019-02-11T21:00:00Z").toEpochMilli();
  static final long ONE_DAY = 24L * 60 * 60 * 1000;

  private Runs() {}

  static long day(int n) {
    return DAY_1 + (n - 1) * ONE_DAY;
  }

  static BigDecimal dec(String value) {
    return new BigDecimal(value);
  }

  /** A run from 100 with the given equity after each daily step, flat, no fills. */
  static BacktestRun.Builder equity(String name, String... equities) {
    BacktestRun.Builder run = BacktestRun.builder(name, dec("100"), DAILY);
    for (int i = 0; i < equities.length; i++) {
      run.step(day(i + 1), dec(equities[i]), BigDecimal.ZERO);
    }
    return run;
  }

  static Fill buy(int day, String symbol, String quantity, String price, String fee) {
    return new Fill(day(day), symbol, Side.BUY, dec(quantity), dec(price), dec(fee));
  }

  static Fill sell(int day, String symbol, String quantity, String price, String fee) {
    return new Fill(day(day), symbol, Side.SELL, dec(quantity), dec(price), dec(fee));
  }
}
