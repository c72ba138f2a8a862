package io.tradingcore.backtest;

import static io.tradingcore.backtest.BacktestCli.lines;
import static io.tradingcore.backtest.BacktestCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradingcore.backtest.BacktestCli.Run;
import io.tradingcore.backtest.report.ReportFiles;
import io.tradingcore.marketdata.Tick;
import io.tradingcore.replay.BitstampTickSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backtest --data bitstamp-ticks} end to end on an embedded Flink: one day of the bundled
 * real Bitstamp BTC/USD trades as ticks, aggregated to one-minute bars by the live job's tick-bar
 * aggregation, the momentum baseline; twice, at parallelism 1 and 2.
 */
@Tag("slow")
class BacktestTicksITCase {
  private static final LocalDate DAY = LocalDate.of(2013, 11, 26);
  private static final long MINUTE = Duration.ofMinutes(1).toMillis();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private static Run serial;
  private static Run parallel;

  @BeforeAll
  static void runTwice() {
    serial = backtest(dir.resolve("serial"), 1);
    parallel = backtest(dir.resolve("parallel"), 2);
  }

  @Test
  void theSameTicksGiveTheSameOrdersAndFillsAtAnyParallelism() throws IOException {
    assertThat(serial.exit()).as(serial.errors()).isZero();
    assertThat(parallel.exit()).as(parallel.errors()).isZero();
    JsonNode one = JSON.readTree(serial.out().resolve(BacktestRunner.MANIFEST).toFile());
    JsonNode two = JSON.readTree(parallel.out().resolve(BacktestRunner.MANIFEST).toFile());

    assertThat(one.get("orders").asLong()).as("orders").isGreaterThan(5);
    assertThat(one.get("fills").asLong()).as("fills").isGreaterThan(5);
    assertThat(two.get("ordersSha256")).isEqualTo(one.get("ordersSha256"));
    assertThat(two.get("fillsSha256")).isEqualTo(one.get("fillsSha256"));
    assertThat(two.get("finalEquity")).isEqualTo(one.get("finalEquity"));
  }

  /**
   * The bars come from the ticks: an order's first fill is at the open of the first tick bar that
   * starts at or after its decision, that is the price of the first trade at or after the decision
   * time, and it is reported at that bar's start.
   */
  @Test
  void ordersFillAtTheFirstTradeOfTheNextTickBar() throws IOException {
    List<Tick> trades = new ArrayList<>();
    try (BitstampTickSource source = BitstampTickSource.fromClasspath(bad -> {})) {
      for (Optional<Tick> t = source.next(); t.isPresent(); t = source.next()) {
        if (t.get().size().signum() > 0) {
          trades.add(t.get());
        }
      }
    }
    List<JsonNode> orders = lines(serial.out().resolve(BacktestRunner.ORDERS));
    List<JsonNode> reports = lines(serial.out().resolve(BacktestRunner.REPORTS));
    Set<String> checked = new HashSet<>();
    for (JsonNode order : orders) {
      String id = order.get("clientOrderId").asText();
      long decision = order.get("decisionTime").asLong();
      Optional<JsonNode> firstFill =
          reports.stream()
              .filter(r -> r.get("clientOrderId").asText().equals(id))
              .filter(r -> r.get("lastQuantity").decimalValue().signum() > 0)
              .findFirst();
      if (firstFill.isEmpty()) {
        continue;
      }
      Tick next =
          trades.stream().filter(t -> t.eventTimeMillis() >= decision).findFirst().orElseThrow();
      assertThat(firstFill.get().get("lastPrice").decimalValue())
          .as("first fill of %s, decided at %d", id, decision)
          .isEqualByComparingTo(next.price());
      assertThat(firstFill.get().get("tsEvent").asLong())
          .as("reported at the start of the tick bar holding that trade")
          .isEqualTo(next.eventTimeMillis() / MINUTE * MINUTE);
      checked.add(id);
    }
    assertThat(checked).as("orders with a fill").hasSizeGreaterThan(5);
  }

  @Test
  void printsProgressOverTheTickBarsAndWritesTheReport() {
    assertThat(serial.console())
        .contains("Backtesting BTCUSD on ")
        .contains(" ticks (Bitstamp BTC/USD trades")
        .containsPattern("bars ([\\d,]+) / \\1 \\(100\\.0 %\\)")
        .contains("orders, ");
    assertThat(serial.out().resolve(ReportFiles.JSON)).isNotEmptyFile();
    assertThat(serial.out().resolve(ReportFiles.HTML)).isNotEmptyFile();
  }

  private static Run backtest(Path out, int parallelism) {
    return run(List.of(
            "--data",
            "bitstamp-ticks",
            "--from",
            DAY.toString(),
            "--to",
            DAY.toString(),
            "--strategy",
            "momentum",
            "--out",
            out.toString(),
            "--parallelism",
            String.valueOf(parallelism)))
        .withOut(out);
  }
}
