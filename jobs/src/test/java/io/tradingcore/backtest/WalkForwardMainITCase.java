package io.tradingcore.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradingcore.backtest.report.ReportFiles;
import io.tradingcore.marketdata.UsEquityCalendar;
import io.tradingcore.testing.CliRun;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walk-forward command end to end on an embedded Flink, over synthetic AAPL and MSFT (SPY the
 * benchmark) from 13 to 21 February 2019 (Presidents' Day closed): rolling folds of two train and
 * two test days. Momentum twice (same bytes), the policy once with fold models trained before their
 * test windows.
 */
@Tag("slow")
class WalkForwardMainITCase {
  private static final List<String> COMMON =
      List.of(
          "--data", "synthetic",
          "--seed", "5",
          "--from", "2019-02-13",
          "--to", "2019-02-21",
          "--train-days", "2",
          "--test-days", "2",
          "--symbols", "AAPL,MSFT",
          "--initial-cash", "100000");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> REPORT_FILES =
      List.of(
          WalkForwardReport.JSON,
          WalkForwardReport.HTML,
          ReportFiles.JSON,
          ReportFiles.CHART,
          "folds/fold-2/test/" + BacktestRunner.ORDERS);

  @TempDir static Path dir;

  private static Run momentum;
  private static Run policy;
  private static Run policyAgain;
  private static Map<String, byte[]> policyFiles;

  @BeforeAll
  static void walkForward() throws Exception {
    momentum =
        run(dir.resolve("momentum"), "--strategy", "momentum", "--entry-grid", "0.0005,0.002");
    Path models =
        Path.of(WalkForwardMainITCase.class.getResource("/walk-forward/trained-before").toURI());
    Path out = dir.resolve("policy");
    // --overwrite in both runs: the command line is part of the report.
    policy = run(out, "--strategy", "policy", "--models", models.toString(), "--overwrite");
    policyFiles = new TreeMap<>();
    for (String file : REPORT_FILES) {
      policyFiles.put(file, Files.readAllBytes(out.resolve(file)));
    }
    // The same command again, into the same folder.
    policyAgain = run(out, "--strategy", "policy", "--models", models.toString(), "--overwrite");
  }

  @Test
  void foldsTestTheDaysAfterTheirTrainWindowsWithTheThresholdOfTheBestTrainSharpe()
      throws IOException {
    assertThat(momentum.exit).as(momentum.console + momentum.errors).isZero();
    JsonNode report = momentum.report();
    assertThat(report.at("/plan/mode").asText()).isEqualTo("rolling");
    assertThat(report.at("/plan/tested/first").asText()).isEqualTo("2019-02-15");
    assertThat(report.at("/plan/tested/last").asText()).isEqualTo("2019-02-21");
    JsonNode folds = report.get("folds");
    assertThat(folds).hasSize(2);
    assertWindow(folds.get(0).get("train"), "2019-02-13", "2019-02-14");
    assertWindow(folds.get(0).get("test"), "2019-02-15", "2019-02-19");
    assertWindow(folds.get(1).get("train"), "2019-02-15", "2019-02-19");
    assertWindow(folds.get(1).get("test"), "2019-02-20", "2019-02-21");

    BigDecimal banked = BigDecimal.ZERO;
    for (JsonNode fold : folds) {
      int number = fold.get("fold").asInt();
      // The chosen threshold is the grid's best train Sharpe, ties to the smaller.
      String best = null;
      double bestSharpe = Double.NEGATIVE_INFINITY;
      for (JsonNode candidate : fold.get("trainSharpe")) {
        JsonNode sharpe = candidate.at("/sharpe/value");
        double value = sharpe.isNull() ? Double.NEGATIVE_INFINITY : sharpe.asDouble();
        if (best == null || value > bestSharpe) {
          best = candidate.get("entryThreshold").asText();
          bestSharpe = value;
        }
      }
      assertThat(fold.get("entryThreshold").asText()).as("fold %d", number).isEqualTo(best);
      // Every train run saw only train days, the test run only test days.
      Path folder = momentum.out.resolve("folds").resolve("fold-" + number);
      for (JsonNode candidate : fold.get("trainSharpe")) {
        assertDaysWithin(
            folder.resolve("train-" + candidate.get("entryThreshold").asText()), fold.get("train"));
      }
      assertDaysWithin(folder.resolve("test"), fold.get("test"));
      banked = banked.add(new BigDecimal(fold.at("/testMetrics/pnl").asText()));
    }
    // Stitched: each fold's P&L added to the same initial cash.
    assertThat(new BigDecimal(report.at("/stitched/finalEquity").asText()))
        .isEqualByComparingTo(new BigDecimal("100000").add(banked));
    assertThat(report.at("/stitched/fills").asInt())
        .isEqualTo(
            folds.get(0).at("/testMetrics/fills").asInt()
                + folds.get(1).at("/testMetrics/fills").asInt());
    assertThat(report.at("/stitched/steps").asInt())
        .isEqualTo(
            folds.get(0).at("/testMetrics/steps").asInt()
                + folds.get(1).at("/testMetrics/steps").asInt());
    assertThat(momentum.out.resolve(WalkForwardReport.HTML)).exists();
    assertThat(momentum.out.resolve(ReportFiles.CHART)).exists();
    assertThat(momentum.console)
        .contains("Fold 1/2: train 2019-02-13..2019-02-14 (2 days), test 2019-02-15..2019-02-19")
        .contains("Fold 2/2: train 2019-02-15..2019-02-19 (2 days), test 2019-02-20..2019-02-21")
        .contains("chose entry")
        .contains("stitched out-of-sample return");
  }

  @Test
  void theSameInputsGiveTheSameReportBytes() throws IOException {
    assertThat(policy.exit).as(policy.console + policy.errors).isZero();
    assertThat(policyAgain.exit).as(policyAgain.console + policyAgain.errors).isZero();
    for (String file : REPORT_FILES) {
      byte[] again = Files.readAllBytes(policyAgain.out.resolve(file));
      if (file.endsWith(".png")) {
        assertThat(again).as(file).isEqualTo(policyFiles.get(file));
      } else {
        assertThat(new String(again, StandardCharsets.UTF_8))
            .as(file)
            .isEqualTo(new String(policyFiles.get(file), StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void thePolicyIsScoredWithEachFoldsModelOnItsTestWindowOnly() throws IOException {
    assertThat(policy.exit).as(policy.console + policy.errors).isZero();
    JsonNode folds = policy.report().get("folds");
    assertThat(folds).hasSize(2);
    assertThat(folds.get(0).at("/model/version").asText()).isEqualTo("wf-fold-1");
    assertThat(folds.get(0).at("/model/trainingRange").asText()).isEqualTo("2019-02-13/2019-02-14");
    assertThat(folds.get(1).at("/model/version").asText()).isEqualTo("wf-fold-2");
    assertThat(policy.out.resolve("folds/fold-1/train-0.0005")).doesNotExist();
    for (JsonNode fold : folds) {
      Path test = policy.out.resolve("folds/fold-" + fold.get("fold").asInt() + "/test");
      assertDaysWithin(test, fold.get("test"));
      for (JsonNode order : lines(test.resolve(BacktestRunner.ORDERS))) {
        assertThat(order.toString()).contains(fold.at("/model/version").asText());
      }
    }
  }

  private static void assertWindow(JsonNode window, String first, String last) {
    assertThat(window.get("first").asText()).isEqualTo(first);
    assertThat(window.get("last").asText()).isEqualTo(last);
  }

  /** Every book snapshot of the backtest in {@code folder} is on a day of {@code window}. */
  private static void assertDaysWithin(Path folder, JsonNode window) throws IOException {
    LocalDate first = LocalDate.parse(window.get("first").asText());
    LocalDate last = LocalDate.parse(window.get("last").asText());
    List<JsonNode> snapshots = lines(folder.resolve(BacktestRunner.SNAPSHOTS));
    assertThat(snapshots).as(folder.toString()).isNotEmpty();
    for (JsonNode snapshot : snapshots) {
      LocalDate day =
          Instant.ofEpochMilli(snapshot.get("tsEvent").asLong())
              .atZone(UsEquityCalendar.ZONE)
              .toLocalDate();
      assertThat(day).as(folder + " " + snapshot.get("tsEvent")).isBetween(first, last);
    }
  }

  private static List<JsonNode> lines(Path file) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      nodes.add(JSON.readTree(line));
    }
    return nodes;
  }

  private static Run run(Path out, String... extra) {
    List<String> args = new ArrayList<>(COMMON);
    args.addAll(List.of(extra));
    args.addAll(List.of("--out", out.toString()));
    CliRun run = WalkForwardOptionsTest.walkForward(args.toArray(String[]::new));
    return new Run(run.exit(), run.console(), run.errors(), out);
  }

  private record Run(int exit, String console, String errors, Path out) {
    JsonNode report() throws IOException {
      return JSON.readTree(out.resolve(WalkForwardReport.JSON).toFile());
    }
  }
}
