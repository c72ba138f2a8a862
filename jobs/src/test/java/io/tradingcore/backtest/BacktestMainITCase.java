package io.tradingcore.backtest;

import static io.tradingcore.backtest.BacktestCli.lines;
import static io.tradingcore.backtest.BacktestCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradingcore.backtest.BacktestCli.Run;
import io.tradingcore.backtest.report.ReportFiles;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.replay.SyntheticBarSource;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backtest command end to end on an embedded Flink: three runs over the same three synthetic
 * sessions of AAPL and MSFT (SPY the benchmark), the momentum baseline, a 10 bp fee without impact
 * (two with the look-ahead check, one without), and one session with the bundled policy, where the
 * look-ahead check and the baseline strategy both run beside it.
 */
@Tag("slow")
class BacktestMainITCase {
  private static final long SEED = 11;
  private static final LocalDate FROM = LocalDate.of(2019, 2, 11);
  private static final LocalDate TO = LocalDate.of(2019, 2, 13);
  private static final List<String> ARGS =
      List.of(
          "--data", "synthetic",
          "--seed", String.valueOf(SEED),
          "--from", FROM.toString(),
          "--to", TO.toString(),
          "--symbols", "AAPL,MSFT",
          "--strategy", "momentum",
          "--initial-cash", "100000",
          "--fee-bps", "10",
          "--impact-bps", "0");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private static Run first;
  private static Run second;
  private static Run parallel;
  private static Run policy;

  @BeforeAll
  static void runFourTimes() throws Exception {
    first = backtest(dir.resolve("first"), 1);
    // Without the extra runs: the primary's records must not change.
    second = backtest(dir.resolve("second"), 1, "--no-checks");
    parallel = backtest(dir.resolve("parallel"), 2);
    Path policyOut = dir.resolve("policy");
    policy =
        run(List.of(
                "--data", "synthetic",
                "--seed", String.valueOf(SEED),
                "--from", FROM.toString(),
                "--to", FROM.toString(),
                "--symbols", "AAPL,MSFT",
                "--strategy", "policy",
                "--out", policyOut.toString()))
            .withOut(policyOut);
  }

  @Test
  void sameInputConfigurationAndSeedGiveTheSameOrdersByteForByte() throws IOException {
    assertThat(first.exit()).as(first.console() + first.errors()).isZero();
    assertThat(second.exit()).as(second.console() + second.errors()).isZero();
    assertThat(parallel.exit()).as(parallel.console() + parallel.errors()).isZero();
    byte[] orders = Files.readAllBytes(first.out().resolve(BacktestRunner.ORDERS));
    byte[] fills = Files.readAllBytes(first.out().resolve(BacktestRunner.REPORTS));

    assertThat(lines(first.out().resolve(BacktestRunner.ORDERS)))
        .as("orders")
        .hasSizeGreaterThan(3);
    assertThat(Files.readAllBytes(second.out().resolve(BacktestRunner.ORDERS))).isEqualTo(orders);
    assertThat(Files.readAllBytes(second.out().resolve(BacktestRunner.REPORTS))).isEqualTo(fills);
    // Parallelism 2 splits the features and breakers over two subtasks: still the same bytes.
    assertThat(Files.readAllBytes(parallel.out().resolve(BacktestRunner.ORDERS))).isEqualTo(orders);
    assertThat(Files.readAllBytes(parallel.out().resolve(BacktestRunner.REPORTS))).isEqualTo(fills);
    assertThat(Files.readAllBytes(parallel.out().resolve(BacktestRunner.SNAPSHOTS)))
        .isEqualTo(Files.readAllBytes(first.out().resolve(BacktestRunner.SNAPSHOTS)));
    // The look-ahead check's own records are as deterministic.
    for (String file : BacktestRunner.EXTRA_RUN_FILES) {
      assertThat(Files.readAllBytes(parallel.out().resolve("look-ahead").resolve(file)))
          .as("look-ahead/%s at parallelism 2", file)
          .isEqualTo(Files.readAllBytes(first.out().resolve("look-ahead").resolve(file)));
    }
  }

  @Test
  void theExtraRunsLeaveThePrimarysRecordsByteForByteAsTheyAre() throws IOException {
    assertThat(second.out().resolve(ExtraRun.LOOK_AHEAD.folder())).as("--no-checks").doesNotExist();
    assertThat(first.out().resolve(ExtraRun.LOOK_AHEAD.folder())).isDirectory();
    for (String file :
        List.of(
            BacktestRunner.ORDERS,
            BacktestRunner.REPORTS,
            BacktestRunner.SNAPSHOTS,
            BacktestRunner.RISK_EVENTS,
            BacktestRunner.QUARANTINE)) {
      assertThat(Files.readAllBytes(first.out().resolve(file)))
          .as("%s with and without the look-ahead check", file)
          .isEqualTo(Files.readAllBytes(second.out().resolve(file)));
    }
    JsonNode report = JSON.readTree(second.out().resolve(ReportFiles.JSON).toFile());
    assertThat(names(report)).containsExactly("backtest-momentum", "buy-and-hold", "equal-weight");
  }

  @Test
  void theLookAheadCheckTradesTheSameStrategyOneBarLateBesideTheMomentumPrimary()
      throws IOException {
    JsonNode report = JSON.readTree(first.out().resolve(ReportFiles.JSON).toFile());
    // A momentum primary is the baseline strategy: the report says so, and runs no copy of it.
    assertThat(names(report))
        .containsExactly(
            "backtest-momentum", "buy-and-hold", "equal-weight", "backtest-momentum-one-bar-late");
    assertThat(report.at("/runs/0/description").asText())
        .contains("the primary run is the baseline strategy");
    assertThat(report.at("/runs/3/role").asText()).isEqualTo("LOOK_AHEAD_CHECK");
    assertThat(report.at("/lookAheadChecks/0/delayed").asText())
        .isEqualTo("backtest-momentum-one-bar-late");
    assertThat(report.at("/lookAheadChecks/0/verdict").asText()).isNotEmpty();
    assertThat(Files.readString(first.out().resolve(ReportFiles.HTML)))
        .contains("<h2>Look-ahead check</h2>", "Rule: Flagged when");

    Path late = first.out().resolve(ExtraRun.LOOK_AHEAD.folder());
    List<JsonNode> lateOrders = lines(late.resolve(BacktestRunner.ORDERS));
    List<JsonNode> orders = lines(first.out().resolve(BacktestRunner.ORDERS));
    assertThat(lateOrders).as("the late run trades").hasSizeGreaterThan(3);
    // Until the first trade both runs are in the same state: the late run's first order is the
    // primary's first, decided on the same features (same reason, price and size) one bar later.
    JsonNode firstOrder = orders.get(0);
    JsonNode firstLate = lateOrders.get(0);
    assertThat(firstLate.get("decisionTime").asLong())
        .isEqualTo(firstOrder.get("decisionTime").asLong() + 60_000);
    for (String field : List.of("symbol", "side", "quantity", "referencePrice", "reason")) {
      assertThat(firstLate.get(field)).as(field).isEqualTo(firstOrder.get(field));
    }
    JsonNode manifest = JSON.readTree(first.out().resolve(BacktestRunner.MANIFEST).toFile());
    assertThat(manifest.at("/extraRuns/look-ahead/ordersSha256").asText())
        .isEqualTo(BacktestRunner.sha256(late.resolve(BacktestRunner.ORDERS)));
    assertThat(manifest.at("/extraRuns/look-ahead/orders").asLong()).isEqualTo(lateOrders.size());
    assertThat(first.console())
        .contains("with the look-ahead check (features one bar late)")
        .contains("look-ahead check (features one bar late): " + lateOrders.size() + " orders")
        .contains("look-ahead verdict: ");
  }

  @Test
  void besideAPolicyTheReportHasTheBaselineStrategyAndTheLookAheadCheck() throws IOException {
    assertThat(policy.exit()).as(policy.console() + policy.errors()).isZero();
    JsonNode report = JSON.readTree(policy.out().resolve(ReportFiles.JSON).toFile());
    List<String> roles = new ArrayList<>();
    report.get("runs").forEach(r -> roles.add(r.get("role").asText()));

    assertThat(names(report).get(0)).startsWith("backtest-policy-");
    assertThat(names(report)).contains("baseline-momentum", names(report).get(0) + "-one-bar-late");
    assertThat(roles)
        .containsExactly("PRIMARY", "BASELINE", "BASELINE", "BASELINE", "LOOK_AHEAD_CHECK");
    for (ExtraRun run : ExtraRun.values()) {
      for (String file : BacktestRunner.EXTRA_RUN_FILES) {
        assertThat(policy.out().resolve(run.folder()).resolve(file))
            .as("%s/%s", run, file)
            .exists();
      }
    }
    // The baseline strategy trades the same day; its records are its own.
    assertThat(lines(policy.out().resolve("baseline-momentum").resolve(BacktestRunner.ORDERS)))
        .isNotEmpty()
        .allSatisfy(o -> assertThat(o.get("modelVersion").asText()).startsWith("momentum"));
    assertThat(policy.console())
        .contains("with the look-ahead check (features one bar late) and the baseline strategy")
        .contains("baseline strategy (momentum): ");
  }

  @Test
  void ordersFillAtTheNextBarsOpenNeverOnTheDecisionBar() throws IOException {
    Map<String, Bar> barsBySymbolAndStart = new HashMap<>();
    Map<String, TreeMap<Long, Bar>> barsBySymbol = new HashMap<>();
    for (Bar bar :
        SyntheticBarSource.allBars(
            SyntheticBarSource.Config.of(List.of("AAPL", "MSFT", "SPY"))
                .withSeed(SEED)
                .withStartDate(FROM)
                .withTradingDays(3))) {
      barsBySymbolAndStart.put(bar.symbol() + "@" + bar.startMillis(), bar);
      barsBySymbol.computeIfAbsent(bar.symbol(), s -> new TreeMap<>()).put(bar.startMillis(), bar);
    }
    Map<String, JsonNode> orders = new HashMap<>();
    for (JsonNode order : lines(first.out().resolve(BacktestRunner.ORDERS))) {
      orders.put(order.get("clientOrderId").asText(), order);
    }
    Map<String, Integer> fillsOfOrder = new HashMap<>();
    int checked = 0;
    for (JsonNode report : lines(first.out().resolve(BacktestRunner.REPORTS))) {
      BigDecimal quantity = report.get("lastQuantity").decimalValue();
      if (quantity.signum() == 0) {
        continue;
      }
      JsonNode order = orders.get(report.get("clientOrderId").asText());
      long decision = order.get("decisionTime").asLong();
      String symbol = report.get("symbol").asText();
      Bar bar = barsBySymbolAndStart.get(symbol + "@" + report.get("tsEvent").asLong());
      assertThat(bar).as("the bar a fill is stamped with: %s", report).isNotNull();
      // The decision bar ends at the decision time; a fill comes from a bar that starts there or
      // later, never from the bar the decision was taken on.
      assertThat(bar.startMillis())
          .as("fill bar start vs decision %s", report)
          .isGreaterThanOrEqualTo(decision);
      if (fillsOfOrder.merge(order.get("clientOrderId").asText(), 1, Integer::sum) == 1) {
        Bar next = barsBySymbol.get(symbol).ceilingEntry(decision).getValue();
        assertThat(bar).as("an order's first fill is on the next bar").isEqualTo(next);
      }
      // A market order fills at the bar's open, and so does the gate's flattening limit order
      // when the open is at or better than its limit (else at the limit); the fee is 10 bp of
      // the notional, half-up to cents.
      BigDecimal price = bar.open();
      if (order.get("orderType").asText().equals("LIMIT")) {
        BigDecimal limit = order.get("limitPrice").decimalValue();
        boolean buy = order.get("side").asText().equals("BUY");
        boolean openIsGoodEnough = buy ? price.compareTo(limit) <= 0 : price.compareTo(limit) >= 0;
        price = openIsGoodEnough ? price : limit;
      } else {
        assertThat(order.get("orderType").asText()).isEqualTo("MARKET");
      }
      assertThat(report.get("lastPrice").decimalValue()).isEqualByComparingTo(price);
      BigDecimal fee =
          quantity
              .multiply(price)
              .multiply(new BigDecimal("10"))
              .divide(new BigDecimal("10000"))
              .setScale(2, RoundingMode.HALF_UP);
      assertThat(report.get("fee").decimalValue())
          .as("fee of %s", report)
          .isEqualByComparingTo(fee);
      checked++;
    }
    assertThat(checked).as("fills checked").isGreaterThan(3);
  }

  @Test
  void writesTheReportWithBaselinesAndASummary() throws IOException {
    for (String file : BacktestRunner.FILES) {
      assertThat(first.out().resolve(file)).as(file).exists();
    }
    for (String file :
        List.of(
            BacktestRunner.ORDERS,
            BacktestRunner.REPORTS,
            BacktestRunner.SNAPSHOTS,
            ReportFiles.JSON,
            ReportFiles.HTML,
            ReportFiles.CHART)) {
      assertThat(first.out().resolve(file)).as(file).isNotEmptyFile();
    }
    JsonNode report = JSON.readTree(first.out().resolve(ReportFiles.JSON).toFile());
    assertThat(report.toString()).contains("backtest-momentum", "buy-and-hold", "equal-weight");
    JsonNode manifest = JSON.readTree(first.out().resolve(BacktestRunner.MANIFEST).toFile());
    assertThat(manifest.get("ordersSha256").asText())
        .isEqualTo(BacktestRunner.sha256(first.out().resolve(BacktestRunner.ORDERS)));
    assertThat(first.console())
        .contains("Backtesting AAPL,MSFT on ")
        .contains("bars 2,340 / 2,340 (100.0 %)")
        .contains("orders, ")
        .contains(ReportFiles.HTML);
  }

  @Test
  void refusesBadOptionsNamingTheOptionAndTheFix() throws Exception {
    Run run =
        run(
            List.of(
                "--data",
                "parquet:x",
                "--from",
                "2019-02-13",
                "--to",
                "2019-02-11",
                "--fee-bps",
                "-1",
                "--out",
                dir.resolve("bad").toString()));

    assertThat(run.exit()).isNotZero();
    assertThat(run.errors())
        .contains("--data must be synthetic, csv:FOLDER")
        .contains("--to 2019-02-11 is before --from 2019-02-13; swap them")
        .contains("--fee-bps must be zero or more, got -1");
  }

  @Test
  void refusesSymbolsTheCsvFolderHasNoFileFor() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("csv"));
    Files.writeString(folder.resolve("AAPL_1min.csv"), "");
    Run run =
        run(
            List.of(
                "--data",
                "csv:" + folder,
                "--symbols",
                "AAPL,MSFT",
                "--out",
                dir.resolve("csv-out").toString()));

    assertThat(run.exit()).isNotZero();
    assertThat(run.errors())
        .contains("--symbols AAPL,MSFT,SPY (the benchmark included) with --data csv:")
        .contains("choose --symbols and --benchmark among those");
  }

  @Test
  void refusesUnknownChecksAndContradictoryCheckOptions() {
    Run unknown = run(List.of("--checks", "look-ahead,lookahead", "--fee-bps", "-1"));
    Run both = run(List.of("--checks", "look-ahead", "--no-checks"));

    assertThat(unknown.exit()).isNotZero();
    assertThat(unknown.errors())
        .contains(
            "--checks takes look-ahead, baseline (comma-separated; --no-checks for none), got"
                + " 'lookahead'")
        .contains("--fee-bps must be zero or more, got -1");
    assertThat(both.exit()).isNotZero();
    assertThat(both.errors()).contains("--checks and --no-checks contradict each other");
  }

  private static Run backtest(Path out, int parallelism, String... more) throws Exception {
    List<String> args = new ArrayList<>(ARGS);
    args.addAll(List.of("--out", out.toString(), "--parallelism", String.valueOf(parallelism)));
    args.addAll(List.of(more));
    return run(args).withOut(out);
  }

  private static List<String> names(JsonNode report) {
    List<String> names = new ArrayList<>();
    report.get("runs").forEach(r -> names.add(r.get("name").asText()));
    return names;
  }
}
