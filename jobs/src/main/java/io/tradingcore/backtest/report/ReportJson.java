package io.tradingcore.backtest.report;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradingcore.money.Decimals;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * {@code report.json}: the report for machines. Fields in a fixed order; money as exact decimal
 * strings; ratios as JSON numbers, or {@code null} with {@code undefinedBecause}; times as ISO-8601
 * UTC. The same report always gives the same bytes.
 */
public final class ReportJson {
  /** Version of this layout; bump it when a field changes meaning or goes away. */
  public static final int FORMAT_VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ReportJson() {}

  public static String render(BacktestReport report) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("formatVersion", FORMAT_VERSION);
    root.put("title", report.title());
    root.put("generatedAt", report.generatedAt());
    root.put("riskFreeRate", report.riskFreeRate());
    root.put("primary", report.primary().run().name());
    ObjectNode gates = root.putObject("gateThresholds");
    gates.put("minSharpe", report.gates().minSharpe());
    gates.put("maxDrawdown", report.gates().maxDrawdown());
    gates.put("minReturn", report.gates().minReturn());
    gates.put("minSteps", report.gates().minSteps());
    ArrayNode runs = root.putArray("runs");
    for (BacktestReport.Entry entry : report.entries()) {
      runs.add(run(entry));
    }
    ArrayNode checks = null;
    for (BacktestReport.Entry entry : report.entries()) {
      if (entry.role() == RunRole.LOOK_AHEAD_CHECK) {
        if (checks == null) {
          checks = root.putArray("lookAheadChecks");
        }
        checks.add(lookAhead(LookAheadCheck.of(report.primary(), entry)));
      }
    }
    if (report.circuitBreakers() != null) {
      root.set("circuitBreakers", circuitBreakers(report.circuitBreakers()));
    }
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return MAPPER.writer(printer).writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException("cannot render the report as JSON", e);
    }
  }

  private static ObjectNode run(BacktestReport.Entry entry) {
    BacktestRun run = entry.run();
    PerformanceMetrics m = entry.metrics();
    ObjectNode node = MAPPER.createObjectNode();
    node.put("name", run.name());
    node.put("role", entry.role().name());
    node.put("description", run.description());
    node.put("barsPerYear", run.barsPerYear());
    node.put("steps", m.steps());
    node.put("firstStep", time(run.steps().isEmpty() ? null : run.steps().get(0).timeMillis()));
    node.put(
        "lastStep",
        time(run.steps().isEmpty() ? null : run.steps().get(run.steps().size() - 1).timeMillis()));
    node.put("initialCash", money(m.initialCash()));
    node.put("finalEquity", money(m.finalEquity()));
    node.put("pnl", money(m.pnl()));

    ObjectNode returns = node.putObject("returns");
    figure(returns, "total", m.totalReturn());
    figure(returns, "annualised", m.annualisedReturn());
    figure(returns, "volatility", m.volatility());
    figure(returns, "sharpe", m.sharpe());
    figure(returns, "sortino", m.sortino());
    figure(returns, "calmar", m.calmar());

    Drawdown dd = m.drawdown();
    ObjectNode drawdown = node.putObject("drawdown");
    drawdown.put("max", dd.max());
    drawdown.put("peak", time(dd.peakMillis()));
    drawdown.put("trough", time(dd.troughMillis()));
    drawdown.put("longestSteps", dd.longestSteps());
    drawdown.put("longestStart", time(dd.longestStartMillis()));
    drawdown.put("longestEnd", time(dd.longestEndMillis()));
    drawdown.put("longestRecovered", dd.longestRecovered());

    ObjectNode trading = node.putObject("trading");
    trading.put("fills", m.fills());
    trading.put("tradedNotional", money(m.tradedNotional()));
    figure(trading, "turnover", m.turnover());
    figure(trading, "annualisedTurnover", m.annualisedTurnover());
    trading.put("closedRoundTrips", m.closedRoundTrips());
    trading.put("winningRoundTrips", m.winningRoundTrips());
    trading.put("losingRoundTrips", m.losingRoundTrips());
    figure(trading, "winRate", m.winRate());
    trading.put("grossProfit", money(m.grossProfit()));
    trading.put("grossLoss", money(m.grossLoss()));
    figure(trading, "profitFactor", m.profitFactor());
    figure(trading, "timeInMarket", m.timeInMarket());
    figure(trading, "averageGrossExposure", m.averageGrossExposure());
    trading.put("costsPaid", money(m.costsPaid()));
    figure(trading, "costsBpsOfTraded", m.costsBpsOfTraded());

    ArrayNode gates = node.putArray("gates");
    for (Gates.Result result : entry.gates()) {
      ObjectNode gate = gates.addObject();
      gate.put("gate", result.gate().name());
      gate.put("result", result.passed() ? "PASS" : "FAIL");
      gate.put("threshold", result.threshold());
      figure(gate, "figure", result.figure());
      gate.put("detail", result.detail());
    }

    ArrayNode assets = node.putArray("assets");
    for (AssetAttribution asset : m.assets().values()) {
      ObjectNode a = assets.addObject();
      a.put("symbol", asset.symbol());
      a.put("endQuantity", money(asset.endQuantity()));
      a.put("realizedPnl", money(asset.realizedPnl()));
      a.put("unrealizedPnl", money(asset.unrealizedPnl()));
      a.put("fees", money(asset.fees()));
      a.put("netPnl", money(asset.netPnl()));
      a.put("tradedNotional", money(asset.tradedNotional()));
      a.put("fills", asset.fills());
      a.put("closedRoundTrips", asset.closedRoundTrips());
    }
    node.put("unattributedPnl", money(m.unattributedPnl()));
    return node;
  }

  private static ObjectNode circuitBreakers(CircuitBreakers breakers) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("status", breakers.status());
    node.put("passes", breakers.passes());
    ArrayNode events = node.putArray("events");
    for (CircuitBreakers.Event event : breakers.events()) {
      ObjectNode e = events.addObject();
      e.put("run", event.run());
      e.put("portfolio", event.portfolio());
      e.put("raisedAt", time(event.raisedAtMillis()));
      e.put("appliedFrom", time(event.appliedFromMillis()));
      e.put("reason", event.reason());
      e.put("severity", event.severity());
      e.put("cause", event.cause());
      e.put("resumedAt", time(event.resumedAtMillis()));
    }
    return node;
  }

  private static ObjectNode lookAhead(LookAheadCheck check) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("primary", check.primary());
    node.put("delayed", check.delayed());
    node.put("verdict", check.verdict().name());
    node.put("flagged", check.verdict().flagged());
    node.put("summary", check.sentence());
    node.put("rule", LookAheadCheck.RULE);
    figure(node, "primarySharpe", check.primarySharpe());
    figure(node, "delayedSharpe", check.delayedSharpe());
    figure(node, "primaryReturn", check.primaryReturn());
    figure(node, "delayedReturn", check.delayedReturn());
    return node;
  }

  /** {@code "name": {"value": x, "undefinedBecause": null}} or value null with the reason. */
  public static void figure(ObjectNode parent, String name, Figure figure) {
    ObjectNode node = parent.putObject(name);
    if (figure.isDefined()) {
      node.put("value", figure.orThrow());
    } else {
      node.putNull("value");
    }
    node.put("undefinedBecause", figure.undefinedBecause());
  }

  /** A money amount as the report writes it: plain, without trailing zeros. */
  public static String money(BigDecimal value) {
    return Decimals.normalize(value).toPlainString();
  }

  private static String time(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis).toString();
  }
}
