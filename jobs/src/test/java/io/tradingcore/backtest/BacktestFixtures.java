package io.tradingcore.backtest;

import io.tradingcore.execution.CostModel;
import io.tradingcore.execution.PaperFillModel;
import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.marketdata.MarketSessions;
import io.tradingcore.marketdata.TradingCalendar;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.risk.RiskLimits;
import java.math.BigDecimal;
import java.util.List;

/** The portfolio, sessions and fill model the backtest's unit tests share. */
final class BacktestFixtures {
  /** AAPL and MSFT, $100,000, at most 500 shares or $25,000 an order and 100 shares a position. */
  static final PortfolioSpec MAIN =
      new PortfolioSpec(
          "main",
          List.of("AAPL", "MSFT"),
          new BigDecimal("100000"),
          new RiskLimits(new BigDecimal("500"), new BigDecimal("25000"), new BigDecimal("100")),
          LotSizes.WHOLE_UNITS);

  static final MarketSessions ROUND_THE_CLOCK = MarketSessions.all(TradingCalendar.ROUND_THE_CLOCK);

  /** 10 bp a fill, no impact, any share of a bar's volume. */
  static final PaperFillModel TEN_BPS =
      new PaperFillModel(
          new CostModel(BigDecimal.TEN, BigDecimal.ZERO, new BigDecimal("100000")),
          BigDecimal.ONE,
          ROUND_THE_CLOCK);

  private BacktestFixtures() {}
}
