package io.tradingcore.backtest.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code report.html}: one self-contained page (inline style, no script, nothing fetched) with the
 * gates, every run's metrics side by side, the per-asset attribution and the chart, which it links
 * as {@code equity.png} beside it. The same report always gives the same bytes.
 */
public final class ReportHtml {
  /** The chart's file name, next to the page. */
  public static final String CHART_FILE = "equity.png";

  private static final String STYLE =
      """
      body{font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;margin:24px auto;\
      max-width:1240px;color:#1d2733;padding:0 16px}
      h1{font-size:24px;margin-bottom:4px}h2{font-size:18px;margin-top:32px;\
      border-bottom:1px solid #dfe3e8;padding-bottom:4px}
      .sub{color:#5b6775;margin-top:0}
      table{border-collapse:collapse;margin:8px 0;font-size:14px}
      th,td{padding:5px 12px;border-bottom:1px solid #eceff2;text-align:right;vertical-align:top}
      th:first-child,td:first-child{text-align:left}
      thead th{background:#f5f7f9;font-weight:600}
      .primary{background:#eef3fb}
      .pass{color:#1e7e34;font-weight:600}.fail{color:#b02a37;font-weight:600}
      .na{color:#8a96a3}.why{color:#8a96a3;font-size:11px;max-width:220px;margin-left:auto}
      .role{font-weight:400;color:#5b6775;font-size:12px}
      img{max-width:100%;border:1px solid #eceff2}
      dl{font-size:13px}dt{font-weight:600;margin-top:6px}dd{margin-left:16px;color:#3a4654}
      """;

  private ReportHtml() {}

  public static String render(BacktestReport report) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.append("<title>").append(escape(report.title())).append("</title>\n");
    html.append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
    html.append("<h1>").append(escape(report.title())).append("</h1>\n");
    BacktestReport.Entry primary = report.primary();
    html.append("<p class=\"sub\">Primary run <b>")
        .append(escape(primary.run().name()))
        .append("</b>, ")
        .append(String.format(Locale.ROOT, "%,d", primary.metrics().steps()))
        .append(" steps");
    if (!primary.run().steps().isEmpty()) {
      html.append(" from ")
          .append(time(primary.run().steps().get(0).timeMillis()))
          .append(" to ")
          .append(time(primary.run().steps().get(primary.run().steps().size() - 1).timeMillis()));
    }
    html.append(String.format(Locale.ROOT, "; risk-free rate %s", percent(report.riskFreeRate())));
    if (!report.generatedAt().isEmpty()) {
      html.append("; ").append(escape(report.generatedAt()));
    }
    html.append(".</p>\n<ul>\n");
    for (BacktestReport.Entry entry : report.entries()) {
      html.append("<li><b>")
          .append(escape(entry.run().name()))
          .append("</b> (")
          .append(escape(entry.role().label()))
          .append(")");
      if (!entry.run().description().isEmpty()) {
        html.append(": ").append(escape(entry.run().description()));
      }
      html.append("</li>\n");
    }
    html.append("</ul>\n");

    gates(html, report);
    html.append("<h2>Equity and drawdown</h2>\n<img src=\"")
        .append(CHART_FILE)
        .append("\" width=\"")
        .append(EquityChart.WIDTH)
        .append("\" alt=\"equity curves of every run above their drawdowns\">\n");
    lookAhead(html, report);
    circuitBreakers(html, report.circuitBreakers());
    metrics(html, report);
    for (BacktestReport.Entry entry : report.entries()) {
      attribution(html, entry);
    }
    definitions(html);
    html.append("</body>\n</html>\n");
    return html.toString();
  }

  private static void gates(StringBuilder html, BacktestReport report) {
    html.append("<h2>Gates</h2>\n<table>\n<thead><tr><th>gate</th><th>threshold</th>");
    header(html, report);
    html.append("</tr></thead>\n<tbody>\n");
    List<Gates.Result> first = report.entries().get(0).gates();
    for (int g = 0; g < first.size(); g++) {
      html.append("<tr><td>")
          .append(gateName(first.get(g).gate()))
          .append("</td><td>")
          .append(escape(first.get(g).threshold()))
          .append("</td>");
      for (BacktestReport.Entry entry : report.entries()) {
        Gates.Result result = entry.gates().get(g);
        html.append(cellOpen(entry))
            .append(
                result.passed()
                    ? "<span class=\"pass\">PASS</span> "
                    : "<span class=\"fail\">FAIL</span> ")
            .append(
                result.gate() == Gates.Gate.SHARPE
                    ? ratio(result.figure())
                    : result.gate() == Gates.Gate.MAX_DRAWDOWN
                        ? percent(result.figure())
                        : signedPercent(result.figure()));
        if (!result.detail().isEmpty() && result.figure().isDefined()) {
          html.append("<div class=\"why\">").append(escape(result.detail())).append("</div>");
        }
        html.append("</td>");
      }
      html.append("</tr>\n");
    }
    html.append("</tbody>\n</table>\n");
  }

  /** Whether the portfolio breakers ran, and every event of theirs a run acted on. */
  private static void circuitBreakers(StringBuilder html, CircuitBreakers breakers) {
    if (breakers == null) {
      return;
    }
    html.append("<h2>Portfolio circuit breakers</h2>\n<p>")
        .append(escape(breakers.status()))
        .append(
            String.format(
                Locale.ROOT, "; %d pass%s", breakers.passes(), breakers.passes() == 1 ? "" : "es"))
        .append(".</p>\n");
    if (breakers.events().isEmpty()) {
      html.append("<p class=\"sub\">No portfolio breaker tripped in any run.</p>\n");
      return;
    }
    html.append(
        "<table>\n<thead><tr><th>run</th><th>portfolio</th><th>raised at</th><th>applied from</th>"
            + "<th>breaker</th><th>severity</th><th>cause</th><th>resumed at</th></tr></thead>\n"
            + "<tbody>\n");
    for (CircuitBreakers.Event event : breakers.events()) {
      html.append("<tr><td>")
          .append(escape(event.run()))
          .append("</td><td>")
          .append(escape(event.portfolio()))
          .append("</td><td>")
          .append(time(event.raisedAtMillis()))
          .append("</td><td>")
          .append(time(event.appliedFromMillis()))
          .append("</td><td>")
          .append(escape(event.reason()))
          .append("</td><td>")
          .append(escape(event.severity()))
          .append("</td><td>")
          .append(escape(event.cause()))
          .append("</td><td>")
          .append(event.resumedAtMillis() == null ? "never" : time(event.resumedAtMillis()))
          .append("</td></tr>\n");
    }
    html.append("</tbody>\n</table>\n");
  }

  /** The primary beside each run of it with features one bar late, the verdict and its rule. */
  private static void lookAhead(StringBuilder html, BacktestReport report) {
    for (BacktestReport.Entry entry : report.entries()) {
      if (entry.role() != RunRole.LOOK_AHEAD_CHECK) {
        continue;
      }
      LookAheadCheck check = LookAheadCheck.of(report.primary(), entry);
      html.append("<h2>Look-ahead check</h2>\n<p><span class=\"")
          .append(check.verdict().flagged() ? "fail" : "pass")
          .append("\">")
          .append(check.verdict().name())
          .append("</span> ")
          .append(escape(check.sentence()))
          .append("</p>\n<p>")
          .append(escape(check.primary()))
          .append(": Sharpe ")
          .append(ratio(check.primarySharpe()))
          .append(", return ")
          .append(signedPercent(check.primaryReturn()))
          .append(". With its features one bar late (")
          .append(escape(check.delayed()))
          .append("): Sharpe ")
          .append(ratio(check.delayedSharpe()))
          .append(", return ")
          .append(signedPercent(check.delayedReturn()))
          .append(".</p>\n<p class=\"sub\">Rule: ")
          .append(escape(LookAheadCheck.RULE))
          .append(
              " A strategy that reads only the past loses a little to the extra bar; one that"
                  + " gains much, or whose edge vanishes, may be reading a bar it could not have"
                  + " had.</p>\n");
    }
  }

  private static void metrics(StringBuilder html, BacktestReport report) {
    html.append("<h2>Metrics</h2>\n<table>\n<thead><tr><th>metric</th>");
    header(html, report);
    html.append("</tr></thead>\n<tbody>\n");
    row(html, report, "steps", m -> String.format(Locale.ROOT, "%,d", m.steps()));
    row(html, report, "initial cash", m -> money(m.initialCash()));
    row(html, report, "final equity", m -> money(m.finalEquity()));
    row(html, report, "P&amp;L", m -> money(m.pnl()));
    row(html, report, "total return", m -> signedPercent(m.totalReturn()));
    row(html, report, "annualised return", m -> signedPercent(m.annualisedReturn()));
    row(html, report, "volatility (annualised)", m -> percent(m.volatility()));
    row(html, report, "Sharpe ratio", m -> ratio(m.sharpe()));
    row(html, report, "Sortino ratio", m -> ratio(m.sortino()));
    row(html, report, "Calmar ratio", m -> ratio(m.calmar()));
    row(html, report, "max drawdown", m -> percent(m.drawdown().max()));
    row(
        html,
        report,
        "longest drawdown",
        m ->
            String.format(Locale.ROOT, "%,d steps", m.drawdown().longestSteps())
                + (m.drawdown().longestSteps() == 0
                    ? ""
                    : m.drawdown().longestRecovered() ? ", recovered" : ", not recovered"));
    row(html, report, "fills", m -> String.format(Locale.ROOT, "%,d", m.fills()));
    row(html, report, "traded notional", m -> money(m.tradedNotional()));
    row(html, report, "turnover", m -> ratio(m.turnover()));
    row(html, report, "turnover a year", m -> ratio(m.annualisedTurnover()));
    row(
        html,
        report,
        "closed round trips (won / lost)",
        m ->
            String.format(
                Locale.ROOT,
                "%,d (%,d / %,d)",
                m.closedRoundTrips(),
                m.winningRoundTrips(),
                m.losingRoundTrips()));
    row(html, report, "win rate", m -> percent(m.winRate()));
    row(html, report, "profit factor", m -> ratio(m.profitFactor()));
    row(html, report, "time in market", m -> percent(m.timeInMarket()));
    row(html, report, "average gross exposure / equity", m -> ratio(m.averageGrossExposure()));
    row(html, report, "costs paid", m -> money(m.costsPaid()));
    row(html, report, "costs (bp of traded)", m -> ratio(m.costsBpsOfTraded()));
    html.append("</tbody>\n</table>\n");
  }

  private static void attribution(StringBuilder html, BacktestReport.Entry entry) {
    PerformanceMetrics m = entry.metrics();
    html.append("<h2>Attribution: ").append(escape(entry.run().name())).append("</h2>\n");
    if (m.assets().isEmpty()) {
      html.append("<p class=\"na\">No fills.</p>\n");
      return;
    }
    html.append(
        "<table>\n<thead><tr><th>symbol</th><th>end quantity</th><th>realised</th>"
            + "<th>unrealised</th><th>fees</th><th>net P&amp;L</th><th>share of P&amp;L</th>"
            + "<th>traded</th><th>fills</th><th>round trips</th></tr></thead>\n<tbody>\n");
    for (AssetAttribution a : m.assets().values()) {
      String share =
          m.pnl().signum() == 0
              ? "<span class=\"na\">n/a</span>"
              : percent(a.netPnl().divide(m.pnl(), java.math.MathContext.DECIMAL64).doubleValue());
      html.append("<tr><td>")
          .append(escape(a.symbol()))
          .append("</td><td>")
          .append(ReportJson.money(a.endQuantity()))
          .append("</td><td>")
          .append(money(a.realizedPnl()))
          .append("</td><td>")
          .append(money(a.unrealizedPnl()))
          .append("</td><td>")
          .append(money(a.fees()))
          .append("</td><td>")
          .append(money(a.netPnl()))
          .append("</td><td>")
          .append(share)
          .append("</td><td>")
          .append(money(a.tradedNotional()))
          .append("</td><td>")
          .append(a.fills())
          .append("</td><td>")
          .append(a.closedRoundTrips())
          .append("</td></tr>\n");
    }
    html.append("<tr><td>unattributed</td><td></td><td></td><td></td><td></td><td>")
        .append(money(m.unattributedPnl()))
        .append("</td><td></td><td></td><td></td><td></td></tr>\n</tbody>\n</table>\n");
  }

  private static void definitions(StringBuilder html) {
    html.append(
        """
        <h2>Definitions</h2>
        <dl>
        <dt>Step return</dt><dd>r<sub>i</sub> = (E<sub>i</sub> − E<sub>i−1</sub>) / \
        E<sub>i−1</sub>, E<sub>0</sub> = initial cash; Y = steps a year.</dd>
        <dt>Sharpe, Sortino</dt><dd>(mean r − rf/Y) / σ × √Y with the sample σ (n − 1); \
        Sortino divides by √(Σ min(0, r − rf/Y)² / n).</dd>
        <dt>Max drawdown, duration</dt><dd>max (1 − E / high-water mark), the mark starting at \
        the initial cash; duration = most consecutive steps below the mark.</dd>
        <dt>Annualised return, Calmar</dt><dd>(E<sub>n</sub> / initial cash)<sup>Y/n</sup> − 1; \
        Calmar = annualised return / max drawdown.</dd>
        <dt>Turnover</dt><dd>Σ |fill notional| / mean equity; a year: × Y / n.</dd>
        <dt>Round trips</dt><dd>flat to flat per symbol; net P&amp;L after fees decides a win; \
        profit factor = gross profit / gross loss.</dd>
        <dt>Exposure</dt><dd>time in market = share of steps holding a position; average gross \
        exposure = mean Σ|market value| / equity.</dd>
        <dt>Gates</dt><dd>judged on every run; the primary run is the one that must pass.</dd>
        </dl>
        """);
  }

  private static void header(StringBuilder html, BacktestReport report) {
    for (BacktestReport.Entry entry : report.entries()) {
      html.append(entry.role() == RunRole.PRIMARY ? "<th class=\"primary\">" : "<th>")
          .append(escape(entry.run().name()))
          .append("<br><span class=\"role\">")
          .append(escape(entry.role().label()))
          .append("</span></th>");
    }
  }

  private static void row(
      StringBuilder html,
      BacktestReport report,
      String label,
      Function<PerformanceMetrics, String> value) {
    html.append("<tr><td>").append(label).append("</td>");
    for (BacktestReport.Entry entry : report.entries()) {
      html.append(cellOpen(entry)).append(value.apply(entry.metrics())).append("</td>");
    }
    html.append("</tr>\n");
  }

  private static String cellOpen(BacktestReport.Entry entry) {
    return entry.role() == RunRole.PRIMARY ? "<td class=\"primary\">" : "<td>";
  }

  private static String ratio(Figure figure) {
    return figure.isDefined()
        ? String.format(Locale.ROOT, "%.3f", figure.orThrow())
        : undefined(figure);
  }

  private static String percent(Figure figure) {
    return figure.isDefined() ? percent(figure.orThrow()) : undefined(figure);
  }

  private static String signedPercent(Figure figure) {
    return figure.isDefined()
        ? String.format(Locale.ROOT, "%+.3f %%", figure.orThrow() * 100)
        : undefined(figure);
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.3f %%", fraction * 100);
  }

  private static String undefined(Figure figure) {
    return "<span class=\"na\">n/a</span><div class=\"why\">"
        + escape(figure.undefinedBecause())
        + "</div>";
  }

  private static String money(BigDecimal value) {
    return String.format(Locale.ROOT, "%,.2f", value.setScale(2, RoundingMode.HALF_EVEN));
  }

  private static String time(long millis) {
    return Instant.ofEpochMilli(millis).toString();
  }

  private static String gateName(Gates.Gate gate) {
    return switch (gate) {
      case SHARPE -> "Sharpe ratio";
      case MAX_DRAWDOWN -> "max drawdown";
      case RETURN -> "return";
    };
  }

  /** {@code text} safe inside HTML text and attribute values. */
  public static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
