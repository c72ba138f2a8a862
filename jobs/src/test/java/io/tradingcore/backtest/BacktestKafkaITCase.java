package io.tradingcore.backtest;

import static io.tradingcore.backtest.BacktestCli.assertSameOrdersAndFills;
import static io.tradingcore.backtest.BacktestCli.firstDifference;
import static io.tradingcore.backtest.BacktestCli.lines;
import static io.tradingcore.backtest.BacktestCli.manifest;
import static io.tradingcore.backtest.BacktestCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradingcore.backtest.BacktestCli.Run;
import io.tradingcore.codec.AvroMapping;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.Tick;
import io.tradingcore.replay.BitstampTickSource;
import io.tradingcore.replay.SyntheticBarSource;
import io.tradingcore.schemas.Topic;
import io.tradingcore.testing.KafkaTestStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code backtest --data kafka:BOOTSTRAP} against a real broker and registry: one synthetic session
 * of AAPL, MSFT and SPY published to {@code md.bars.1m.v1} (three partitions, keyed by symbol) in
 * the registry wire format, read back by the job's bounded Kafka source.
 */
@Tag("slow")
class BacktestKafkaITCase {
  private static final long SEED = 5;
  private static final LocalDate DAY = LocalDate.of(2019, 2, 12);
  private static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "SPY");

  /** Bars the whole topic marks: AAPL's and MSFT's 390 of the session. */
  private static final long SESSION_MARKS = 780;

  @TempDir static Path dir;

  private static KafkaTestStack kafka;

  @BeforeAll
  static void publishOneSession() throws Exception {
    kafka = KafkaTestStack.start();
    List<io.tradingcore.schemas.avro.Bar> bars = new ArrayList<>();
    try (SyntheticBarSource source =
        new SyntheticBarSource(
            SyntheticBarSource.Config.of(SYMBOLS)
                .withSeed(SEED)
                .withStartDate(DAY)
                .withTradingDays(1))) {
      for (Optional<Bar> bar = source.next(); bar.isPresent(); bar = source.next()) {
        bars.add(AvroMapping.toAvro(bar.get(), Instant.EPOCH));
      }
    }
    kafka.publish(Topic.BARS, bars, b -> b.getSymbol().toString());
  }

  @AfterAll
  static void stop() throws IOException {
    if (kafka != null) {
      kafka.close();
    }
  }

  /**
   * Three partitions read in parallel give the orders the same bars give from a list: the job
   * orders every input in event time, each symbol's bars stay in one partition in time order.
   */
  @Test
  void aTopicRangeGivesTheOrdersOfTheSameBarsFromAListAtAnyParallelism() throws IOException {
    Run serial = fromKafka("kafka-1");
    Run parallel =
        backtest(dir.resolve("kafka-2"), 2, "--data", "kafka:" + kafka.bootstrapServers());
    Run list =
        backtest(
            dir.resolve("list"),
            1,
            "--data",
            "synthetic",
            "--seed",
            String.valueOf(SEED),
            "--from",
            DAY.toString(),
            "--to",
            DAY.toString());

    for (Run run : List.of(serial, parallel, list)) {
      assertThat(run.exit()).as(run.errors()).isZero();
    }
    System.out.print(serial.console());
    JsonNode one = manifest(serial);
    assertThat(one.get("orders").asLong()).as("orders").isGreaterThan(3);
    assertThat(one.get("barsMarked").asLong())
        .as("AAPL and MSFT, one session")
        .isEqualTo(SESSION_MARKS);
    JsonNode two = manifest(parallel);
    assertThat(two.get("ordersSha256"))
        .as("orders: %s", firstDifference(serial, parallel, BacktestRunner.ORDERS))
        .isEqualTo(one.get("ordersSha256"));
    assertThat(two.get("fillsSha256"))
        .as("fills: %s", firstDifference(serial, parallel, BacktestRunner.REPORTS))
        .isEqualTo(one.get("fillsSha256"));
    // Through Kafka a price comes back at the scale the codec wrote (169.9, not 169.90): the same
    // numbers, other bytes. Without trailing zeros, orders and fills are the list run's.
    assertSameOrdersAndFills(serial, list);
    assertThat(serial.console())
        .contains("Backtesting AAPL,MSFT on 1,170 offsets of md.bars.1m.v1")
        .containsPattern("bars 780, market time 2019-02-12 \\d\\d:\\d\\d UTC");
  }

  @Test
  void aPartitionRangeReadsOnlyItsOffsets() throws IOException {
    // Every partition that holds bars stops halfway: fewer bars, an earlier end.
    KafkaRange whole =
        KafkaRange.resolve(
            kafka.bootstrapServers(),
            Topic.BARS.topicName(),
            KafkaRange.End.parse("from", "earliest", true),
            KafkaRange.End.parse("to", "latest", false),
            Duration.ofSeconds(30));
    StringJoiner halfway = new StringJoiner(",");
    whole.to().forEach((partition, end) -> halfway.add(partition + "=" + end / 2));
    Run head = fromKafka("head", "--to-offsets", halfway.toString());

    assertThat(head.exit()).as(head.errors()).isZero();
    long marked = manifest(head).get("barsMarked").asLong();
    assertThat(marked).isPositive().isLessThan(SESSION_MARKS);
    List<JsonNode> snapshots = lines(head.out().resolve(BacktestRunner.SNAPSHOTS));
    assertThat(snapshots).isNotEmpty();
  }

  /**
   * A ticks topic goes through the live job's tick-bar aggregation: the first 3,000 Bitstamp trades
   * from {@code md.ticks.v1} give the orders and fills the same trades give from a file.
   */
  @Test
  void aTicksTopicGivesTheOrdersOfTheSameTicksFromAFile() throws Exception {
    List<Tick> ticks = new ArrayList<>();
    try (BitstampTickSource source = BitstampTickSource.fromClasspath(bad -> {})) {
      for (Optional<Tick> t = source.next(); t.isPresent() && ticks.size() < 3_000; ) {
        ticks.add(t.get());
        t = source.next();
      }
    }
    StringBuilder csv = new StringBuilder("timestamp,price,amount\n");
    for (Tick tick : ticks) {
      csv.append(tick.eventTimeMillis() / 1_000)
          .append(',')
          .append(tick.price().toPlainString())
          .append(',')
          .append(tick.size().toPlainString())
          .append('\n');
    }
    Path file = Files.writeString(dir.resolve("trades.csv"), csv);
    kafka.publish(
        Topic.TICKS,
        ticks.stream().map(t -> AvroMapping.toAvro(t, Instant.EPOCH)).toList(),
        t -> t.getSymbol().toString());

    Run fromKafka =
        run(List.of(
                "--data",
                "kafka:" + kafka.bootstrapServers(),
                "--topic",
                Topic.TICKS.topicName(),
                "--registry-url",
                kafka.registryUrl(),
                "--symbols",
                "BTCUSD",
                "--benchmark",
                "BTCUSD",
                "--lot",
                "BTCUSD=0.0001",
                "--strategy",
                "momentum",
                "--out",
                dir.resolve("ticks-kafka").toString()))
            .withOut(dir.resolve("ticks-kafka"));
    Run fromFile =
        run(List.of(
                "--data",
                "bitstamp-ticks:" + file,
                "--strategy",
                "momentum",
                "--out",
                dir.resolve("ticks-file").toString()))
            .withOut(dir.resolve("ticks-file"));

    assertThat(fromKafka.exit()).as(fromKafka.errors()).isZero();
    assertThat(fromFile.exit()).as(fromFile.errors()).isZero();
    assertThat(manifest(fromKafka).get("orders").asLong()).as("orders").isGreaterThan(3);
    assertSameOrdersAndFills(fromKafka, fromFile);
  }

  @Test
  void refusesRangesAndTopicsItCannotRead() {
    Run empty = fromKafka("empty", "--from-offsets", "latest");
    Run partition = fromKafka("partition", "--to-offsets", "7=1");
    Run backwards = fromKafka("backwards", "--from-offsets", "0=10", "--to-offsets", "0=5");
    Run topic = fromKafka("topic", "--topic", "md.features.v1");

    assertThat(empty.errors())
        .contains("holds no record (--from-offsets latest, --to-offsets latest)");
    assertThat(partition.errors())
        .contains("partition 7 of '7=1': md.bars.1m.v1 has partitions 0..2");
    assertThat(backwards.errors())
        .contains("partition 0: --to-offsets (5) is before --from-offsets (10)");
    assertThat(topic.errors())
        .contains(
            "--topic must be md.bars.1m.v1 (bars) or md.ticks.v1 (ticks), got 'md.features.v1'");
    for (Run run : List.of(empty, partition, backwards, topic)) {
      assertThat(run.exit()).isNotZero();
    }
  }

  /** The whole topic, or the range {@code options} give, at parallelism 1 into {@code name}. */
  private static Run fromKafka(String name, String... options) {
    List<String> data = new ArrayList<>(List.of("--data", "kafka:" + kafka.bootstrapServers()));
    data.addAll(List.of(options));
    return backtest(dir.resolve(name), 1, data.toArray(String[]::new));
  }

  private static Run backtest(Path out, int parallelism, String... data) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--registry-url",
                kafka.registryUrl(),
                "--symbols",
                "AAPL,MSFT",
                "--strategy",
                "momentum",
                "--out",
                out.toString(),
                "--parallelism",
                String.valueOf(parallelism)));
    args.addAll(List.of(data));
    return run(args).withOut(out);
  }
}
