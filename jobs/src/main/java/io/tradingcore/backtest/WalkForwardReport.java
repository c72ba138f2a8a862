package io.tradingcore.backtest;

import static io.tradingcore.backtest.report.ReportHtml.escape;
import static io.tradingcore.backtest.report.ReportJson.figure;
import static io.tradingcore.backtest.report.ReportJson.money;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tradingcore.backtest.EntryThresholdGrid.Candidate;
import io.tradingcore.backtest.WalkForwardPlan.Fold;
import io.tradingcore.backtest.WalkForwardPlan.Window;
import io.tradingcore.backtest.report.BacktestReport;
import io.tradingcore.backtest.report.BacktestRun;
import io.tradingcore.backtest.report.EquityPoint;
import io.tradingcore.backtest.report.Figure;
import io.tradingcore.backtest.report.PerformanceMetrics;
import io.tradingcore.backtest.report.ReportFiles;
import io.tradingcore.policy.TrainingRange;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The walk-forward's report: {@value #JSON} and {@value #HTML} with every fold (train and test
 * windows, what was fitted, the test window's metrics) and the stitched out-of-sample run, plus the
 * stitched run's full backtest report ({@code report.json}, {@code report.html}, {@code
 * equity.png}) beside them. The same folds give the same bytes.
 *
 * <p>Stitching: every fold's test run starts flat with the same initial cash; the stitched run adds
 * each fold's equity curve to the P&L the earlier folds made (profits banked, not reinvested),
 * which is exact in decimals and matches the momentum sizing (a fixed notional per symbol).
 * Positions a fold holds at the end of its test window count at their last mark. The stitched run
 * carries equity steps only: fills and round trips are per fold.
 */
public final class WalkForwardReport {
  public static final String JSON = "walk-forward.json";
  public static final String HTML = "walk-forward.html";

  /** Version of the JSON layout; bump it when a field changes meaning or goes away. */
  public static final int FORMAT_VERSION = 1;

  static final String STITCHING =
      "each fold's test run starts flat with the same initial cash; the stitched run adds each"
          + " fold's P&L to what the earlier folds made (banked, not reinvested)";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * What was fitted on a fold's train window: an entry threshold chosen from the grid (momentum),
   * or the fold's model and the range it was trained on (policy).
   */
  public record Fit(
      BigDecimal entryThreshold,
      List<Candidate> candidates,
      String modelFile,
      String modelVersion,
      TrainingRange trainingRange) {
    public static Fit momentum(Candidate chosen, List<Candidate> candidates) {
      return new Fit(chosen.threshold(), List.copyOf(candidates), null, null, null);
    }

    public static Fit policy(String file, String version, TrainingRange range) {
      return new Fit(null, List.of(), file, version, range);
    }

    /** {@code entry 0.0005} or {@code model <version> (trained 2019-02-11/2019-02-12)}. */
    public String describe() {
      return entryThreshold != null
          ? "entry " + entryThreshold.toPlainString()
          : "model " + modelVersion + " (trained " + trainingRange + ")";
    }
  }

  /** A fold, what it fitted and its test window's run. */
  public record FoldResult(Fold fold, Fit fit, BacktestRun test) {
    public PerformanceMetrics metrics() {
      return PerformanceMetrics.of(test);
    }
  }

  private WalkForwardReport() {}

  /**
   * The out-of-sample run: the folds' test runs end to end, each shifted by the P&L of the folds
   * before it (see the class comment).
   */
  public static BacktestRun stitch(
      List<FoldResult> folds, BigDecimal initialCash, double barsPerYear, String description) {
    BacktestRun.Builder stitched =
        BacktestRun.builder("walk-forward", initialCash, barsPerYear).description(description);
    BigDecimal banked = BigDecimal.ZERO;
    for (FoldResult fold : folds) {
      if (fold.test().initialCash().compareTo(initialCash) != 0) {
        throw new IllegalArgumentException(
            "fold "
                + fold.fold().number()
                + " started with "
                + fold.test().initialCash()
                + ", not "
                + initialCash);
      }
      for (EquityPoint step : fold.test().steps()) {
        stitched.step(step.timeMillis(), step.equity().add(banked), step.grossExposure());
      }
      banked = banked.add(fold.metrics().pnl());
    }
    return stitched.build();
  }

  /** Writes {@value #JSON}, {@value #HTML} and the stitched run's report files into {@code out}. */
  public static void write(
      WalkForwardPlan plan,
      String strategy,
      List<BigDecimal> entryGrid,
      List<FoldResult> folds,
      BacktestReport stitched,
      String command,
      Path out)
      throws IOException {
    ReportFiles.write(stitched, out);
    Files.writeString(
        out.resolve(JSON),
        json(plan, strategy, entryGrid, folds, stitched, command),
        StandardCharsets.UTF_8);
    Files.writeString(
        out.resolve(HTML), html(plan, strategy, folds, stitched, command), StandardCharsets.UTF_8);
  }

  static String json(
      WalkForwardPlan plan,
      String strategy,
      List<BigDecimal> entryGrid,
      List<FoldResult> folds,
      BacktestReport stitched,
      String command) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("formatVersion", FORMAT_VERSION);
    root.put("title", stitched.title());
    root.put("command", command);
    root.put("strategy", strategy);
    ObjectNode planNode = root.putObject("plan");
    planNode.put("mode", plan.anchored() ? "anchored" : "rolling");
    planNode.put("trainDays", plan.trainDays());
    planNode.put("testDays", plan.testDays());
    window(planNode.putObject("range"), new Window(plan.days()));
    window(planNode.putObject("tested"), plan.tested());
    root.put("stitching", STITCHING);
    if (strategy.equals("momentum")) {
      ArrayNode grid = root.putArray("entryGrid");
      entryGrid.forEach(t -> grid.add(t.toPlainString()));
    }
    ArrayNode foldNodes = root.putArray("folds");
    for (FoldResult result : folds) {
      ObjectNode node = foldNodes.addObject();
      node.put("fold", result.fold().number());
      window(node.putObject("train"), result.fold().train());
      window(node.putObject("test"), result.fold().test());
      Fit fit = result.fit();
      if (fit.entryThreshold() != null) {
        node.put("entryThreshold", fit.entryThreshold().toPlainString());
        ArrayNode candidates = node.putArray("trainSharpe");
        for (Candidate c : fit.candidates()) {
          ObjectNode candidate = candidates.addObject();
          candidate.put("entryThreshold", c.threshold().toPlainString());
          figure(candidate, "sharpe", c.sharpe());
        }
      } else {
        ObjectNode model = node.putObject("model");
        model.put("file", fit.modelFile());
        model.put("version", fit.modelVersion());
        model.put("trainingRange", fit.trainingRange().toString());
      }
      metrics(node.putObject("testMetrics"), result.metrics());
    }
    ObjectNode total = root.putObject("stitched");
    metrics(total, stitched.primary().metrics());
    // The stitched run has no fills of its own (see the class comment): the folds' together.
    total.put("fills", folds.stream().mapToInt(f -> f.metrics().fills()).sum());
    total.put("costsPaid", money(costsPaid(folds)));
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return MAPPER.writer(printer).writeValueAsString(root) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException("cannot render the walk-forward report as JSON", e);
    }
  }

  private static void window(ObjectNode node, Window window) {
    node.put("first", window.first().toString());
    node.put("last", window.last().toString());
    node.put("tradingDays", window.days().size());
  }

  private static void metrics(ObjectNode node, PerformanceMetrics m) {
    node.put("steps", m.steps());
    node.put("initialCash", money(m.initialCash()));
    node.put("finalEquity", money(m.finalEquity()));
    node.put("pnl", money(m.pnl()));
    figure(node, "totalReturn", m.totalReturn());
    figure(node, "sharpe", m.sharpe());
    node.put("maxDrawdown", m.drawdown().max());
    node.put("fills", m.fills());
    node.put("costsPaid", money(m.costsPaid()));
  }

  private static BigDecimal costsPaid(List<FoldResult> folds) {
    BigDecimal costs = BigDecimal.ZERO;
    for (FoldResult fold : folds) {
      costs = costs.add(fold.metrics().costsPaid());
    }
    return costs;
  }

  static String html(
      WalkForwardPlan plan,
      String strategy,
      List<FoldResult> folds,
      BacktestReport stitched,
      String command) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.append("<title>").append(escape(stitched.title())).append("</title>\n");
    html.append(
        "<style>body{font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;"
            + "margin:24px auto;max-width:1240px;color:#1d2733;padding:0 16px}"
            + "table{border-collapse:collapse;font-size:14px}"
            + "th,td{padding:5px 12px;border-bottom:1px solid #eceff2;text-align:right}"
            + "th:first-child,td:first-child{text-align:left}thead th{background:#f5f7f9}"
            + ".total{font-weight:600;background:#eef3fb}.sub{color:#5b6775}"
            + "img{max-width:100%;border:1px solid #eceff2}</style>\n</head>\n<body>\n");
    html.append("<h1>").append(escape(stitched.title())).append("</h1>\n");
    html.append("<p class=\"sub\">")
        .append(escape(command))
        .append("</p>\n<p>")
        .append(escape(strategy))
        .append(", ")
        .append(plan.anchored() ? "anchored" : "rolling")
        .append(" folds: train ")
        .append(plan.trainDays())
        .append(" trading days, test ")
        .append(plan.testDays())
        .append("; tested ")
        .append(escape(plan.tested().toString()))
        .append(". Stitching: ")
        .append(escape(STITCHING))
        .append(".</p>\n");
    html.append(
        "<table>\n<thead><tr><th>fold</th><th>train</th><th>test</th><th>fitted</th>"
            + "<th>test return</th><th>Sharpe</th><th>max drawdown</th><th>fills</th>"
            + "<th>P&amp;L</th><th>final equity</th></tr></thead>\n<tbody>\n");
    for (FoldResult result : folds) {
      Fold fold = result.fold();
      html.append("<tr><td><a href=\"folds/fold-")
          .append(fold.number())
          .append("/test/report.html\">")
          .append(fold.number())
          .append("</a></td><td>")
          .append(escape(fold.train().toString()))
          .append("</td><td>")
          .append(escape(fold.test().toString()))
          .append("</td><td>")
          .append(escape(result.fit().describe()))
          .append("</td>");
      row(html, result.metrics(), result.metrics().fills());
    }
    html.append("<tr class=\"total\"><td colspan=\"4\">stitched out-of-sample run</td>");
    row(
        html,
        stitched.primary().metrics(),
        folds.stream().mapToInt(f -> f.metrics().fills()).sum());
    html.append("</tbody>\n</table>\n");
    html.append(
        "<p><a href=\"report.html\">The stitched run's full report</a> (metrics, gates,"
            + " buy-and-hold over the tested days).</p>\n");
    html.append("<img src=\"").append(ReportFiles.CHART).append("\" alt=\"equity\">\n");
    html.append("</body>\n</html>\n");
    return html.toString();
  }

  private static void row(StringBuilder html, PerformanceMetrics m, int fills) {
    html.append("<td>")
        .append(percent(m.totalReturn()))
        .append("</td><td>")
        .append(
            m.sharpe().isDefined()
                ? String.format(Locale.ROOT, "%.2f", m.sharpe().orThrow())
                : "n/a")
        .append("</td><td>")
        .append(String.format(Locale.ROOT, "%.3f %%", m.drawdown().max() * 100))
        .append("</td><td>")
        .append(fills)
        .append("</td><td>")
        .append(money(m.pnl()))
        .append("</td><td>")
        .append(money(m.finalEquity()))
        .append("</td></tr>\n");
  }

  static String percent(Figure figure) {
    return figure.isDefined()
        ? String.format(Locale.ROOT, "%+.3f %%", figure.orThrow() * 100)
        : "n/a";
  }
}
