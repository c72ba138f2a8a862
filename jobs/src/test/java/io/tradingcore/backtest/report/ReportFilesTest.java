package io.tradingcore.backtest.report;

import static io.tradingcore.backtest.report.Runs.buy;
import static io.tradingcore.backtest.report.Runs.dec;
import static io.tradingcore.backtest.report.Runs.equity;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three files of a report made of hand-made runs. */
class ReportFilesTest {
  @TempDir Path folder;

  /** The five-step series of {@link PerformanceMetricsTest}, holding 1 AAA from the start. */
  private static BacktestRun policy() {
    return equity("policy", "110", "99", "108.9", "119.79", "101.8215")
        .description("the <policy> & its \"state\"")
        .fill(buy(1, "AAA", "1", "10", "0.01"))
        .mark("AAA", dec("11.8315"))
        .build();
  }

  private static BacktestReport report() {
    return BacktestReport.builder("Hand-made report")
        .gates(new Gates(1.0, 0.2, 0.01, 5))
        .generatedAt("test input")
        .baseline(equity("flat", "100", "100", "100", "100", "100").build())
        .primary(policy())
        .lookAheadCheck(equity("policy-delayed", "101", "102", "101", "103", "104").build())
        .build();
  }

  @Test
  void writesJsonWithFieldsInOrderExactMoneyAndReasonsForWhatIsUndefined() throws Exception {
    ReportFiles.write(report(), folder);
    String text = Files.readString(folder.resolve("report.json"));
    JsonNode json = new ObjectMapper().readTree(text);

    assertThat(text).doesNotContain("NaN", "Infinity");
    assertThat(json.get("primary").asText()).isEqualTo("policy");
    List<String> names = new ArrayList<>();
    json.get("runs").forEach(r -> names.add(r.get("name").asText()));
    // The primary first, then the others as added.
    assertThat(names).containsExactly("policy", "flat", "policy-delayed");
    JsonNode policy = json.get("runs").get(0);
    List<String> fields = new ArrayList<>();
    policy.fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .startsWith("name", "role", "description", "barsPerYear", "steps", "firstStep")
        .endsWith("gates", "assets", "unattributedPnl");
    assertThat(policy.get("role").asText()).isEqualTo("PRIMARY");
    assertThat(policy.get("finalEquity").isTextual()).isTrue();
    assertThat(policy.get("finalEquity").asText()).isEqualTo("101.8215");
    assertThat(policy.get("pnl").asText()).isEqualTo("1.8215");
    assertThat(policy.at("/returns/sharpe/value").asDouble())
        .isEqualTo(PerformanceMetrics.of(policy()).sharpe().orThrow());
    assertThat(policy.at("/returns/sharpe/undefinedBecause").isNull()).isTrue();
    assertThat(policy.at("/drawdown/max").asDouble()).isEqualTo(0.15);
    assertThat(policy.at("/drawdown/longestSteps").asInt()).isEqualTo(2);
    assertThat(policy.at("/firstStep").asText()).isEqualTo("2019-02-11T21:00:00Z");
    JsonNode asset = policy.get("assets").get(0);
    assertThat(asset.get("symbol").asText()).isEqualTo("AAA");
    // 11.8315 − 10 − 0.01 fee.
    assertThat(asset.get("netPnl").asText()).isEqualTo("1.8215");
    assertThat(policy.get("unattributedPnl").asText()).isEqualTo("0");

    JsonNode flat = json.get("runs").get(1);
    assertThat(flat.at("/returns/sharpe/value").isNull()).isTrue();
    assertThat(flat.at("/returns/sharpe/undefinedBecause").asText())
        .isEqualTo("returns never vary (standard deviation 0)");
    assertThat(flat.at("/trading/profitFactor/undefinedBecause").asText())
        .isEqualTo("no closed round trip");
  }

  @Test
  void judgesTheGatesOfEveryRun() throws Exception {
    ReportFiles.write(report(), folder);
    JsonNode json = new ObjectMapper().readTree(folder.resolve("report.json").toFile());

    // policy: Sharpe 1.275 ≥ 1 PASS; drawdown 15 % ≤ 20 % PASS; return 1.8215 % ≥ 1 % PASS.
    assertThat(json.at("/runs/0/gates"))
        .extracting(g -> g.get("gate").asText() + " " + g.get("result").asText())
        .containsExactly("SHARPE PASS", "MAX_DRAWDOWN PASS", "RETURN PASS");
    // flat: Sharpe undefined FAIL; no drawdown PASS; return 0 FAIL.
    assertThat(json.at("/runs/1/gates"))
        .extracting(g -> g.get("result").asText())
        .containsExactly("FAIL", "PASS", "FAIL");
    assertThat(json.at("/runs/1/gates/0/detail").asText()).contains("Sharpe ratio undefined");
  }

  @Test
  void writesTheLookAheadVerdictWithItsRuleAndFigures() throws Exception {
    ReportFiles.write(report(), folder);
    JsonNode check =
        new ObjectMapper()
            .readTree(folder.resolve("report.json").toFile())
            .at("/lookAheadChecks/0");

    assertThat(check.get("primary").asText()).isEqualTo("policy");
    assertThat(check.get("delayed").asText()).isEqualTo("policy-delayed");
    // +4 % late against +1.8215 % and a higher Sharpe ratio by more than 1.
    assertThat(check.get("verdict").asText()).isEqualTo("LATE_RUN_DOES_MUCH_BETTER");
    assertThat(check.get("flagged").asBoolean()).isTrue();
    assertThat(check.get("rule").asText()).isEqualTo(LookAheadCheck.RULE);
    assertThat(check.at("/primaryReturn/value").asDouble()).isEqualTo(0.018215);
    assertThat(check.at("/delayedReturn/value").asDouble()).isEqualTo(0.04);
    assertThat(check.at("/delayedSharpe/value").asDouble())
        .isGreaterThan(check.at("/primarySharpe/value").asDouble() + LookAheadCheck.SHARPE_MARGIN);
  }

  @Test
  void failsTheReturnGateOfARunShorterThanItsSteps() {
    PerformanceMetrics m = PerformanceMetrics.of(policy());

    List<Gates.Result> results = Gates.DESIGN.judge(m);

    // 1.8215 % is above +1 %, but over 5 steps, not 20,000.
    assertThat(results.get(2).passed()).isFalse();
    assertThat(results.get(2).detail())
        .isEqualTo("the run has 5 steps, fewer than the 20,000 the gate needs");
    assertThat(results.get(1).passed()).isFalse();
    assertThat(results.get(1).threshold()).isEqualTo("≤ 2 %");
  }

  @Test
  void writesHtmlWithEveryRunGateAndAssetEscaped() throws Exception {
    ReportFiles.write(report(), folder);
    String html = Files.readString(folder.resolve("report.html"));

    assertThat(html)
        .contains("<title>Hand-made report</title>")
        .contains("policy", "flat", "policy-delayed")
        .contains("look-ahead check (one bar late)")
        .contains("Sharpe ratio", "max drawdown", "≥ 1 % over ≥ 5 steps")
        .contains("<span class=\"pass\">PASS</span> 1.275")
        .contains("<span class=\"fail\">FAIL</span> <span class=\"na\">n/a</span>")
        .contains("Attribution: policy", "<td>AAA</td>")
        // policy-delayed: 104 / 100 − 1 = +4 %.
        .contains("With its features one bar late (policy-delayed): Sharpe ")
        // +4 % late against +1.8215 %, with a much higher Sharpe ratio: flagged, rule shown.
        .contains(
            "<span class=\"fail\">LATE_RUN_DOES_MUCH_BETTER</span> FLAGGED: one bar late,"
                + " policy does much better")
        .contains("Rule: Flagged when the run one bar late does much better")
        .contains("+4.000 %")
        .contains("the &lt;policy&gt; &amp; its &quot;state&quot;")
        .contains("<img src=\"equity.png\"")
        .doesNotContain("<script", "http://", "https://");
  }

  @Test
  void writesTheSameJsonAndHtmlBytesForTheSameRuns() throws Exception {
    Path again = Files.createDirectory(folder.resolve("again"));
    ReportFiles.write(report(), folder);
    ReportFiles.write(report(), again);

    for (String file : List.of("report.json", "report.html")) {
      assertThat(Files.readAllBytes(again.resolve(file)))
          .as(file)
          .isEqualTo(Files.readAllBytes(folder.resolve(file)));
    }
  }

  @Test
  void drawsADecodableChartOfTheReportsSize() throws Exception {
    ReportFiles.write(report(), folder);

    BufferedImage image = ImageIO.read(folder.resolve("equity.png").toFile());

    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isEqualTo(EquityChart.WIDTH);
    assertThat(image.getHeight()).isEqualTo(EquityChart.HEIGHT);
    // The primary's curve is drawn in its colour somewhere.
    boolean primaryDrawn = false;
    for (int x = 0; x < image.getWidth() && !primaryDrawn; x++) {
      for (int y = 0; y < image.getHeight(); y++) {
        if ((image.getRGB(x, y) & 0xffffff) == 0x1f4e9c) {
          primaryDrawn = true;
          break;
        }
      }
    }
    assertThat(primaryDrawn).isTrue();
  }

  /** Fewer than two steps: every file is still written, with n/a where a figure needs more. */
  @Test
  void writesAllThreeFilesForRunsOfNoneOrOneStep() throws Exception {
    BacktestReport tiny =
        BacktestReport.builder("Tiny")
            .primary(equity("empty").build())
            .baseline(equity("one", "101").build())
            .build();

    ReportFiles.write(tiny, folder);

    JsonNode json = new ObjectMapper().readTree(folder.resolve("report.json").toFile());
    assertThat(json.at("/runs/0/steps").asInt()).isZero();
    assertThat(json.at("/runs/0/firstStep").isNull()).isTrue();
    assertThat(json.at("/runs/0/finalEquity").asText()).isEqualTo("100");
    assertThat(json.at("/runs/0/gates/1/figure/undefinedBecause").asText()).isEqualTo("no steps");
    assertThat(json.at("/runs/1/returns/sharpe/undefinedBecause").asText())
        .isEqualTo("1 step return(s): at least 2 are needed");
    assertThat(Files.readString(folder.resolve("report.html"))).contains("empty", "one", "n/a");
    assertThat(ImageIO.read(folder.resolve("equity.png").toFile()).getWidth())
        .isEqualTo(EquityChart.WIDTH);
  }

  @Test
  void refusesAReportWithoutExactlyOnePrimaryOrWithTwoRunsOfOneName() {
    BacktestRun flat = equity("flat", "100").build();

    assertThatThrownBy(() -> BacktestReport.builder("r").baseline(flat).build())
        .hasMessageContaining("exactly one primary run, got 0");
    assertThatThrownBy(() -> BacktestReport.builder("r").primary(flat).baseline(flat).build())
        .hasMessageContaining("two runs are named 'flat'");
  }
}
