package io.tradingcore.backtest.report;

import static io.tradingcore.backtest.report.Runs.dec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingcore.execution.CostModel;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.schemas.avro.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Baselines on three one-minute steps over two sessions, with a flat 10 bp cost (no impact) and
 * initial cash 1,000; worked out by hand.
 *
 * <pre>
 *            A open  A close   B open  B close
 * day 1 14:30   10      11        20      19
 * day 1 14:31   11      12        19      18
 * day 2 14:30   12      12.5      18      20
 *
 * first step, both baselines: 500 per symbol, 1.001 reserved for the cost rate
 *   A: floor(500 / 10.01) = 49, 490 + fee 0.49;  B: floor(500 / 20.02) = 24, 480 + fee 0.48
 *   cash 1000 − 490.49 − 480.48 = 29.03
 *   equity 29.03 + 49·11 + 24·19 = 1024.03, then 29.03 + 49·12 + 24·18 = 1049.03
 * buy-and-hold, day 2: 29.03 + 49·12.5 + 24·20 = 1121.53
 * equal-weight, day 2 open: equity 29.03 + 49·12 + 24·18 = 1049.03, 524.515 per symbol
 *   A: floor(524.515 / 12.012) = 43 → sell 6 @ 12 = 72, fee 0.072 → 0.07
 *   B: floor(524.515 / 18.018) = 29 → buy 5 @ 18 = 90, fee 0.09
 *   cash 29.03 + 72 − 0.07 − 90 − 0.09 = 10.87; equity 10.87 + 43·12.5 + 29·20 = 1128.37
 * </pre>
 */
class BaselinesTest {
  private static final CostModel TEN_BP = new CostModel(dec("10"), dec("0"), dec("100000"));
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final long DAY_1_OPEN = Instant.parse("2019-02-11T14:30:00Z").toEpochMilli();
  private static final long DAY_2_OPEN = Instant.parse("2019-02-12T14:30:00Z").toEpochMilli();
  private static final long MINUTE = 60_000;

  private static final List<Bar> BARS =
      List.of(
          bar("A", DAY_1_OPEN, "10", "11"),
          bar("B", DAY_1_OPEN, "20", "19"),
          bar("B", DAY_1_OPEN + MINUTE, "19", "18"),
          bar("A", DAY_1_OPEN + MINUTE, "11", "12"),
          bar("A", DAY_2_OPEN, "12", "12.5"),
          bar("B", DAY_2_OPEN, "18", "20"));

  private final Baselines baselines =
      new Baselines(
          PriceSeries.of(BARS),
          dec("1000"),
          TEN_BP,
          LotSizes.WHOLE_UNITS,
          BarsPerYear.US_EQUITY_MINUTES);

  @Test
  void buysEqualCashOfEachSymbolAtTheFirstOpenAndHolds() {
    BacktestRun run = baselines.buyAndHold();

    assertThat(run.name()).isEqualTo("buy-and-hold");
    assertThat(run.steps())
        .extracting(EquityPoint::equity)
        .usingElementComparator(BigDecimal::compareTo)
        .containsExactly(dec("1024.03"), dec("1049.03"), dec("1121.53"));
    assertThat(run.steps())
        .extracting(EquityPoint::timeMillis)
        .containsExactly(DAY_1_OPEN + MINUTE, DAY_1_OPEN + 2 * MINUTE, DAY_2_OPEN + MINUTE);
    assertThat(run.fills())
        .containsExactly(
            new Fill(DAY_1_OPEN, "A", Side.BUY, dec("49"), dec("10"), dec("0.49")),
            new Fill(DAY_1_OPEN, "B", Side.BUY, dec("24"), dec("20"), dec("0.48")));
    // Gross exposure at the last step: 49·12.5 + 24·20.
    assertThat(run.steps().get(2).grossExposure()).isEqualByComparingTo("1092.5");
  }

  @Test
  void rebalancesToEqualWeightsAtEachDaysFirstOpen() {
    BacktestRun run = baselines.equalWeight(NEW_YORK);

    assertThat(run.steps())
        .extracting(EquityPoint::equity)
        .usingElementComparator(BigDecimal::compareTo)
        .containsExactly(dec("1024.03"), dec("1049.03"), dec("1128.37"));
    assertThat(run.fills()).hasSize(4);
    // Sells before buys.
    assertThat(run.fills().subList(2, 4))
        .containsExactly(
            new Fill(DAY_2_OPEN, "A", Side.SELL, dec("6"), dec("12"), dec("0.07")),
            new Fill(DAY_2_OPEN, "B", Side.BUY, dec("5"), dec("18"), dec("0.09")));
    PerformanceMetrics m = PerformanceMetrics.of(run);
    assertThat(m.costsPaid()).isEqualByComparingTo("1.13");
    assertThat(m.unattributedPnl()).isEqualByComparingTo("0");
  }

  @Test
  void refusesBarsItCannotAlign() {
    assertThatThrownBy(() -> PriceSeries.of(List.of())).hasMessageContaining("at least one bar");
    assertThatThrownBy(
            () ->
                PriceSeries.of(
                    List.of(bar("A", DAY_1_OPEN, "10", "11"), bar("A", DAY_1_OPEN, "10", "12"))))
        .hasMessageContaining("two bars of A end at");
    assertThatThrownBy(
            () ->
                PriceSeries.of(
                    List.of(bar("A", DAY_1_OPEN, "10", "11"), bar("B", DAY_2_OPEN, "10", "11"))))
        .hasMessageContaining("B has no bar at the first step");
  }

  /** A symbol missing at a step keeps its last close there, and the day waits to rebalance. */
  @Test
  void carriesTheLastCloseOfASymbolWithoutABar() {
    List<Bar> gappy =
        List.of(
            bar("A", DAY_1_OPEN, "10", "11"),
            bar("B", DAY_1_OPEN, "20", "19"),
            bar("A", DAY_2_OPEN, "12", "12.5"),
            bar("A", DAY_2_OPEN + MINUTE, "12.5", "13"),
            bar("B", DAY_2_OPEN + MINUTE, "19", "20"));
    BacktestRun run =
        new Baselines(PriceSeries.of(gappy), dec("1000"), TEN_BP, LotSizes.WHOLE_UNITS, 98_280)
            .equalWeight(NEW_YORK);

    // Day 2, first step: B has no bar, so no rebalance; B stays at 19: 29.03 + 612.5 + 456.
    assertThat(run.steps().get(1).equity()).isEqualByComparingTo("1097.53");
    // Second step: every symbol has a bar, the day's first complete one → rebalanced there.
    assertThat(run.fills()).hasSizeGreaterThan(2);
    assertThat(run.fills().get(2).timeMillis()).isEqualTo(DAY_2_OPEN + MINUTE);
  }

  private static Bar bar(String symbol, long start, String open, String close) {
    BigDecimal o = dec(open);
    BigDecimal c = dec(close);
    return new Bar(
        symbol, start, start + MINUTE, o, o.max(c), o.min(c), c, dec("100"), null, null, "test");
  }
}
