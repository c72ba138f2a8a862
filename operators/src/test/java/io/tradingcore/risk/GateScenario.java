package io.tradingcore.risk;

import static io.tradingcore.testing.TestFeatures.features;

import io.tradingcore.execution.CostModel;
import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.execution.Order;
import io.tradingcore.features.BarFeatures;
import io.tradingcore.features.cross.CorrelationMatrix;
import io.tradingcore.features.cross.ObservedSymbol;
import io.tradingcore.features.cross.PortfolioObservation;
import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.marketdata.MarketSessions;
import io.tradingcore.marketdata.TradingCalendar;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.schemas.avro.ControlCommand;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import io.tradingcore.schemas.avro.TradingState;
import io.tradingcore.strategy.TargetPosition;
import io.tradingcore.testing.TestBars;
import io.tradingcore.testing.TestReports;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scripted risk-gate scenario for one portfolio, read like a trading day:
 *
 * <pre>{@code
 * GateScenario gate = GateScenario.trading("AAPL", "MSFT").limit("max_drawdown", "0.02");
 * gate.bar(1, "AAPL", "100", "MSFT", "50");
 * Order order = gate.target("AAPL", "40").orElseThrow();
 * gate.fill(order, "100");
 * }</pre>
 *
 * Bars are minutes from {@link TestBars#T0} (a Monday, 09:31 New York); every symbol is fresh and
 * aligned on each bar. Orders and events the gate raises are collected.
 */
final class GateScenario implements PortfolioRisk.Output {
  private final List<String> symbols;
  private final Map<String, String> limits = new LinkedHashMap<>();
  private BigDecimal cash = new BigDecimal("100000");
  private LotSizes lots = LotSizes.WHOLE_UNITS;
  private MarketSessions sessions = MarketSessions.all(TradingCalendar.ROUND_THE_CLOCK);
  private PortfolioRisk risk;

  private final Map<String, BigDecimal> closes = new LinkedHashMap<>();
  private final Map<String, Double> correlations = new LinkedHashMap<>();
  private int minute;
  private int commands;

  final List<Order> orders = new ArrayList<>();
  final List<RiskAlert> alerts = new ArrayList<>();
  final List<Denial> violations = new ArrayList<>();

  private GateScenario(List<String> symbols) {
    this.symbols = List.copyOf(symbols);
  }

  static GateScenario trading(String... symbols) {
    return new GateScenario(List.of(symbols));
  }

  GateScenario limit(String name, String value) {
    requireNotStarted();
    limits.put(name, value);
    return this;
  }

  GateScenario cash(String initialCash) {
    requireNotStarted();
    cash = new BigDecimal(initialCash);
    return this;
  }

  GateScenario lots(LotSizes lotSizes) {
    requireNotStarted();
    lots = lotSizes;
    return this;
  }

  GateScenario sessions(MarketSessions marketSessions) {
    requireNotStarted();
    sessions = marketSessions;
    return this;
  }

  /** Aligned correlation of two symbols' returns on the bars that follow. */
  GateScenario correlation(String a, String b, double value) {
    correlations.put(a + "|" + b, value);
    correlations.put(b + "|" + a, value);
    return this;
  }

  PortfolioSpec spec() {
    return new PortfolioSpec("main", symbols, cash, RiskLimits.of(limits), lots);
  }

  PortfolioRisk risk() {
    if (risk == null) {
      risk = new PortfolioRisk(spec(), sessions, PortfolioRisk.open(spec()));
    }
    return risk;
  }

  /** The bar ending at minute {@code n} with the given closes ({@code symbol, close, …}). */
  GateScenario bar(int n, String... symbolsAndCloses) {
    return barAt(TestBars.minute(n), symbolsAndCloses);
  }

  GateScenario barAt(long endMillis, String... symbolsAndCloses) {
    Map<String, BigDecimal> previous = new LinkedHashMap<>(closes);
    for (int i = 0; i < symbolsAndCloses.length; i += 2) {
      closes.put(symbolsAndCloses[i], new BigDecimal(symbolsAndCloses[i + 1]));
    }
    minute = (int) ((endMillis - TestBars.T0) / TestBars.ONE_MINUTE);
    List<ObservedSymbol> observed = new ArrayList<>();
    for (String symbol : symbols) {
      BigDecimal close = closes.get(symbol);
      if (close == null) {
        continue;
      }
      BigDecimal before = previous.getOrDefault(symbol, close);
      double logReturn = Math.log(close.doubleValue() / before.doubleValue());
      BarFeatures f =
          features(symbol)
              .endingAt(endMillis)
              .close(close.toPlainString())
              .logReturn(logReturn)
              .build();
      observed.add(new ObservedSymbol(symbol, f, true, false, 0, true, logReturn, 0, 0, 0, 1));
    }
    int n = observed.size();
    double[] matrix = new double[n * (n - 1) / 2];
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        Double c = correlations.get(observed.get(i).symbol() + "|" + observed.get(j).symbol());
        matrix[CorrelationMatrix.upperIndex(n, i, j)] = c == null ? 0 : c;
      }
    }
    risk()
        .onObservation(
            new PortfolioObservation("main", endMillis, "SPY", true, observed, matrix), this);
    return this;
  }

  long now() {
    return TestBars.minute(minute);
  }

  BigDecimal close(String symbol) {
    return closes.get(symbol);
  }

  /**
   * The strategy asks for {@code quantity} of {@code symbol} at this bar's close; the new order.
   */
  java.util.Optional<Order> target(String symbol, String quantity) {
    int before = orders.size();
    risk()
        .onTarget(
            new TargetPosition(
                "main",
                symbol,
                now(),
                new BigDecimal(quantity),
                closes.getOrDefault(symbol, BigDecimal.ZERO),
                "test@1",
                "scenario"),
            this);
    return orders.size() > before
        ? java.util.Optional.of(orders.get(orders.size() - 1))
        : java.util.Optional.empty();
  }

  /** The whole order filled at {@code price}, with the design's cost model fee. */
  GateScenario fill(Order order, String price) {
    BigDecimal fee = CostModel.DEFAULT.fee(order.quantity(), new BigDecimal(price));
    risk().onFill(TestReports.filled(order, price, fee.toPlainString()), this);
    return this;
  }

  GateScenario report(ExecutionReport report) {
    risk().onFill(report, this);
    return this;
  }

  GateScenario command(ControlCommand command) {
    risk()
        .onCommand(
            new OperatorCommand(
                "cmd-" + ++commands, "main", command, null, null, "alice", "test", now()),
            this);
    return this;
  }

  GateScenario setLimit(String name, String value) {
    RiskParameter parameter = RiskParameter.named(name);
    risk()
        .onCommand(
            new OperatorCommand(
                "cmd-" + ++commands,
                "main",
                ControlCommand.SET_LIMIT,
                parameter,
                parameter.parse(value),
                "alice",
                "test",
                now()),
            this);
    return this;
  }

  GateScenario breaker(RiskReason reason, Severity severity, String symbol, long until) {
    return breakerAt(now(), reason, severity, symbol, until);
  }

  /** A breaker event raised at event time {@code time}, which may be ahead of the gate's clock. */
  GateScenario breakerAt(
      long time, RiskReason reason, Severity severity, String symbol, long until) {
    risk()
        .onBreaker(
            RiskAlert.raised(
                "breaker",
                "main",
                symbol,
                reason,
                severity,
                "scripted",
                until > 0 ? Map.of("until", (double) until) : Map.of(),
                null,
                time),
            this);
    return this;
  }

  TradingState state() {
    return risk().state().tradingState;
  }

  BigDecimal position(String symbol) {
    return risk().state().book.positionOf(symbol);
  }

  BigDecimal equity() {
    return risk().state().book.equity();
  }

  Denial lastViolation() {
    return violations.isEmpty() ? null : violations.get(violations.size() - 1);
  }

  List<RiskAlert> alerts(RiskReason reason) {
    return alerts.stream().filter(a -> a.reason() == reason).toList();
  }

  @Override
  public void order(Order order) {
    orders.add(order);
  }

  @Override
  public void alert(RiskAlert alert) {
    alerts.add(alert);
  }

  @Override
  public void violation(Denial denial) {
    violations.add(denial);
  }

  private void requireNotStarted() {
    if (risk != null) {
      throw new IllegalStateException("configure the scenario before its first bar");
    }
  }
}
