package io.tradingcore.backtest.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The demo end to end: a synthetic backtest recorded from the book's own snapshots, written to
 * {@code jobs/target/backtest-report-demo/} for a reviewer to open.
 */
class ReportDemoTest {
  @Test
  void writesTheDemoReportIntoTarget() throws Exception {
    Path out = Paths.get("target", "backtest-report-demo");
    int exit = new CommandLine(new ReportDemo()).execute("--out", out.toString(), "--days", "10");

    assertThat(exit).isZero();
    JsonNode json = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    // Ten NYSE sessions of 390 one-minute bars, every run on the same steps.
    assertThat(json.get("runs")).hasSize(5);
    for (JsonNode run : json.get("runs")) {
      assertThat(run.get("steps").asInt()).as(run.get("name").asText()).isEqualTo(3_900);
      // Fills replayed through Position explain the book's equity to the cent and beyond.
      assertThat(run.get("unattributedPnl").asText()).as(run.get("name").asText()).isEqualTo("0");
    }
    assertThat(json.at("/runs/0/trading/fills").asInt()).isPositive();
    assertThat(Files.readString(out.resolve("report.html")))
        .contains("trend-ma60", "buy-and-hold", "equal-weight", "trend-ma60-delayed");
    assertThat(out.resolve("equity.png")).isNotEmptyFile();
  }

  @Test
  void refusesDaysOutOfRange() {
    CommandLine cli = new CommandLine(new ReportDemo());
    java.io.StringWriter err = new java.io.StringWriter();
    cli.setErr(new java.io.PrintWriter(err));

    assertThat(cli.execute("--days", "0")).isNotZero();
    assertThat(err.toString()).contains("--days must be between 1 and 260, got 0");
  }
}
