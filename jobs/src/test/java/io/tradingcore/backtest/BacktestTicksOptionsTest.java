package io.tradingcore.backtest;

import static io.tradingcore.backtest.BacktestCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.backtest.BacktestCli.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code backtest --data bitstamp-ticks[:FILE]} refuses bad input before any job starts. */
class BacktestTicksOptionsTest {
  @TempDir Path dir;

  @Test
  void refusesAMissingTicksFile() {
    Run run = backtest("--data", "bitstamp-ticks:" + dir.resolve("nope.csv"));

    assertThat(run.exit()).isNotZero();
    assertThat(run.errors())
        .contains("--data bitstamp-ticks:" + dir.resolve("nope.csv"))
        .contains("is not a file; give a CSV of trades (unix seconds, price, amount)");
  }

  @Test
  void refusesSymbolsOtherThanBitcoin() {
    Run run = backtest("--data", "bitstamp-ticks", "--symbols", "AAPL");

    assertThat(run.exit()).isNotZero();
    assertThat(run.errors())
        .contains("--data bitstamp-ticks has one symbol, BTCUSD; got --symbols AAPL");
  }

  @Test
  void refusesARangeWithoutTicks() {
    Run run = backtest("--data", "bitstamp-ticks", "--from", "2014-01-01", "--to", "2014-01-02");

    assertThat(run.exit()).isNotZero();
    assertThat(run.errors())
        .contains("no ticks of BTCUSD in Bitstamp BTC/USD trades 2013-11-25..12-01")
        .contains("from 2014-01-01 to 2014-01-02; widen --from/--to or check --data");
  }

  @Test
  void readsATicksFileInTheBitstampLayout() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("trades.csv"),
            "timestamp,price,amount\n1385337600,800.5,0.1\nnot,a,trade\n1385337660,801,0.2\n");

    Run run = backtest("--data", "bitstamp-ticks:" + file, "--from", "2013-11-26");

    assertThat(run.exit()).isNotZero();
    assertThat(run.errors())
        .as("both trades are of 2013-11-25")
        .contains("no ticks of BTCUSD in Bitstamp-layout trades in " + file)
        .contains("from 2013-11-26");
  }

  @Test
  void namesTheTickSourceAmongTheChoices() {
    Run run = backtest("--data", "ticks");

    assertThat(run.exit()).isNotZero();
    assertThat(run.errors())
        .contains(
            "bitstamp-ticks, bitstamp-ticks:FILE, kafka:BOOTSTRAP or features:FOLDER, got 'ticks'");
  }

  @Test
  void refusesKafkaRangeOptionsWithoutAKafkaInput() {
    Run run = backtest("--data", "bitstamp-ticks", "--topic", "md.ticks.v1", "--to-offsets", "0=5");

    assertThat(run.exit()).isNotZero();
    assertThat(run.errors())
        .contains("--topic chooses a Kafka range; it needs --data kafka:BROKERS")
        .contains("--to-offsets chooses a Kafka range; it needs --data kafka:BROKERS")
        .doesNotContain("--from-offsets chooses");
  }

  private Run backtest(String... data) {
    List<String> args =
        new ArrayList<>(List.of("--strategy", "momentum", "--out", dir.resolve("out").toString()));
    args.addAll(List.of(data));
    return run(args);
  }
}
