package io.tradingcore.backtest;

import io.tradingcore.execution.CostModel;
import io.tradingcore.execution.PaperFillModel;
import io.tradingcore.marketdata.MarketSessions;
import java.math.BigDecimal;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The simulated venue's options of {@code backtest} and {@code walk-forward}: costs and the share
 * of a bar's volume an order may take, defaulting to the paper broker's.
 */
public final class FillModelOptions {
  @Option(
      names = "--fee-bps",
      description = "Base transaction cost per fill, in basis points (default: ${DEFAULT-VALUE}).")
  BigDecimal feeBps = CostModel.DEFAULT.baseBps();

  @Option(
      names = "--impact-bps",
      description =
          "Market impact added to the fee, in basis points at a $100,000 fill and pro rata below"
              + " (default: ${DEFAULT-VALUE}).")
  BigDecimal impactBps = CostModel.DEFAULT.impactBps();

  @Option(
      names = "--participation",
      description =
          "Largest share of a bar's volume one order may fill on that bar, in (0, 1] (default:"
              + " ${DEFAULT-VALUE}).")
  BigDecimal participation = PaperFillModel.DEFAULT_PARTICIPATION;

  /** Adds an error for each option out of range. */
  void check(List<String> errors) {
    if (feeBps.signum() < 0) {
      errors.add("--fee-bps must be zero or more, got " + feeBps.toPlainString());
    }
    if (impactBps.signum() < 0) {
      errors.add("--impact-bps must be zero or more, got " + impactBps.toPlainString());
    }
    if (participation.signum() <= 0 || participation.compareTo(BigDecimal.ONE) > 0) {
      errors.add(
          "--participation must be in (0, 1], e.g. 0.10 for 10 % of a bar's volume, got "
              + participation.toPlainString());
    }
  }

  /** The paper fill model these options describe, over the job's trading sessions. */
  PaperFillModel fillModel(MarketSessions sessions) {
    return new PaperFillModel(
        new CostModel(feeBps, impactBps, CostModel.DEFAULT.impactScale()), participation, sessions);
  }
}
