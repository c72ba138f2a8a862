package io.tradingcore.backtest.report;

import io.tradingcore.codec.AvroMapping;
import io.tradingcore.execution.CostModel;
import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.portfolio.Book;
import io.tradingcore.portfolio.BookSnapshot;
import io.tradingcore.replay.SyntheticBarSource;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.schemas.avro.SnapshotTrigger;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Renders a report from a synthetic market so a reviewer can see one without running a backtest: a
 * toy trend rule (long a fixed notional while the close is above its moving average, flat below)
 * traded through the position book's own {@link Book}, its {@code portfolio.v1} snapshots and fill
 * reports fed to {@link RunRecorder} exactly as the runner will; the same rule with a shorter
 * average as the baseline strategy, the rule with its signal one bar late as the look-ahead check,
 * and buy-and-hold and equal-weight from the same bars. The rule is a demo, not the job's strategy.
 */
@Command(
    name = "report-demo",
    mixinStandardHelpOptions = true,
    description = "Writes report.json, report.html and equity.png for a synthetic demo backtest.")
public final class ReportDemo implements Callable<Integer> {
  static final String PORTFOLIO = "demo";
  static final BigDecimal INITIAL_CASH = new BigDecimal("100000");
  private static final BigDecimal NOTIONAL = new BigDecimal("40000");
  private static final double BAND = 0.0005;

  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      description = "Folder for the three files (default: ${DEFAULT-VALUE}).",
      defaultValue = "target/backtest-report-demo")
  Path out;

  @Option(
      names = "--days",
      description =
          "NYSE sessions of synthetic one-minute bars, 1 to 260 (default: ${DEFAULT-VALUE}).",
      defaultValue = "52")
  int days;

  @Option(
      names = "--seed",
      description = "Seed of the synthetic market (default: ${DEFAULT-VALUE}).",
      defaultValue = "42")
  long seed;

  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    System.exit(new CommandLine(new ReportDemo()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (days < 1 || days > 260) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--days must be between 1 and 260, got " + days);
    }
    BacktestReport report = report(days, seed);
    ReportFiles.write(report, out);
    PerformanceMetrics primary = report.primary().metrics();
    System.out.printf(
        "%s: %,d steps, return %s, Sharpe %s, max drawdown %.3f %%; wrote %s%n",
        report.primary().run().name(),
        primary.steps(),
        primary.totalReturn(),
        primary.sharpe(),
        primary.drawdown().max() * 100,
        out.toAbsolutePath());
    return 0;
  }

  /** The demo report over {@code days} sessions of AAPL and MSFT. */
  public static BacktestReport report(int days, long seed) {
    List<Bar> bars =
        SyntheticBarSource.allBars(
            SyntheticBarSource.Config.of(List.of("AAPL", "MSFT"))
                .withSeed(seed)
                .withTradingDays(days));
    Baselines baselines =
        new Baselines(
            PriceSeries.of(bars),
            INITIAL_CASH,
            CostModel.DEFAULT,
            LotSizes.WHOLE_UNITS,
            BarsPerYear.US_EQUITY_MINUTES);
    return BacktestReport.builder("Demo backtest: synthetic AAPL + MSFT, one-minute bars")
        .generatedAt("report-demo --days " + days + " --seed " + seed)
        .primary(trendRun("trend-ma60", "demo trend rule, MA60", bars, 60, 0))
        .baseline(trendRun("trend-ma15", "baseline strategy: the demo rule on MA15", bars, 15, 0))
        .lookAheadCheck(
            trendRun("trend-ma60-delayed", "the primary with its signal one bar late", bars, 60, 1))
        .baseline(baselines.buyAndHold())
        .baseline(baselines.equalWeight(ZoneId.of("America/New_York")))
        .build();
  }

  /**
   * The trend rule through the book, recorded as the runner records the job: decided at a bar's
   * close ({@code delay} bars later for the look-ahead check), filled at the next bar's open.
   */
  public static BacktestRun trendRun(
      String name, String description, List<Bar> bars, int window, int delay) {
    RunRecorder recorder =
        new RunRecorder(PORTFOLIO, name, INITIAL_CASH, BarsPerYear.US_EQUITY_MINUTES)
            .description(description);
    Map<Long, List<Bar>> byEnd = new TreeMap<>();
    for (Bar bar : bars) {
      byEnd.computeIfAbsent(bar.endMillis(), t -> new ArrayList<>()).add(bar);
    }
    Map<String, List<BigDecimal>> closes = new TreeMap<>();
    Map<String, List<Boolean>> signals = new TreeMap<>();
    Map<String, BigDecimal> pending = new TreeMap<>();
    Book book = Book.open(PORTFOLIO, INITIAL_CASH);
    long sequence = 0;
    int fills = 0;
    for (List<Bar> step : byEnd.values()) {
      for (Bar bar : step) {
        book = book.mark(bar.symbol(), bar.close());
        recorder.accept(
            AvroMapping.toAvro(
                new BookSnapshot(++sequence, SnapshotTrigger.MARK, bar.endMillis(), book)));
      }
      // The paper broker fills an order on the first bar after its decision, at the open; its
      // report (stamped with that bar's start) reaches the book after the bar's mark.
      for (Bar bar : step) {
        BigDecimal trade = pending.remove(bar.symbol());
        if (trade == null || trade.signum() == 0) {
          continue;
        }
        Side side = trade.signum() > 0 ? Side.BUY : Side.SELL;
        BigDecimal fee = CostModel.DEFAULT.fee(trade.abs(), bar.open());
        ExecutionReport report =
            new ExecutionReport(
                name + "-" + (++fills),
                name + "-order-" + fills,
                PORTFOLIO,
                bar.symbol(),
                side,
                ExecutionStatus.FILLED,
                trade.abs(),
                bar.open(),
                trade.abs(),
                BigDecimal.ZERO,
                fee,
                bar.startMillis());
        book = book.applyFill(bar.symbol(), side, trade.abs(), bar.open(), fee);
        recorder.accept(report);
        recorder.accept(
            AvroMapping.toAvro(
                new BookSnapshot(
                    ++sequence, SnapshotTrigger.FILL, bar.startMillis(), book, report)));
      }
      for (Bar bar : step) {
        List<BigDecimal> history = closes.computeIfAbsent(bar.symbol(), s -> new ArrayList<>());
        history.add(bar.close());
        List<Boolean> signal = signals.computeIfAbsent(bar.symbol(), s -> new ArrayList<>());
        signal.add(
            signal(history, window, signal.isEmpty() ? null : signal.get(signal.size() - 1)));
        int at = signal.size() - 1 - delay;
        if (at < 0 || signal.get(at) == null) {
          continue;
        }
        BigDecimal held = book.positionOf(bar.symbol());
        BigDecimal target =
            signal.get(at)
                ? (held.signum() > 0 ? held : NOTIONAL.divide(bar.close(), 0, RoundingMode.DOWN))
                : BigDecimal.ZERO;
        pending.put(bar.symbol(), target.subtract(held));
      }
    }
    return recorder.toRun();
  }

  /** Long above the band around the moving average, flat below it, the last signal inside. */
  private static Boolean signal(List<BigDecimal> closes, int window, Boolean previous) {
    if (closes.size() < window) {
      return null;
    }
    double sum = 0;
    for (int i = closes.size() - window; i < closes.size(); i++) {
      sum += closes.get(i).doubleValue();
    }
    double average = sum / window;
    double close = closes.get(closes.size() - 1).doubleValue();
    if (close > average * (1 + BAND)) {
      return true;
    }
    if (close < average * (1 - BAND)) {
      return false;
    }
    return previous != null && previous;
  }
}
