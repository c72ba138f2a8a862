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
 * sessions of AAPL and MSFT (SPY the benchmark), the momentum baseline, a 10 bp fee without impact.
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

  @BeforeAll
  static void runThreeTimes() throws Exception {
    first = backtest(dir.resolve("first"), 1);
    second = backtest(dir.resolve("second"), 1);
    parallel = backtest(dir.resolve("parallel"), 2);
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

  private static Run backtest(Path out, int parallelism) throws Exception {
    List<String> args = new ArrayList<>(ARGS);
    args.addAll(List.of("--out", out.toString(), "--parallelism", String.valueOf(parallelism)));
    return run(args).withOut(out);
  }
}
