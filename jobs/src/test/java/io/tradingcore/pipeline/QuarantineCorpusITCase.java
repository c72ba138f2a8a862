package io.tradingcore.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.codec.AvroMapping;
import io.tradingcore.kafka.KafkaClients;
import io.tradingcore.local.Deadline;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.Order;
import io.tradingcore.schemas.avro.OrderType;
import io.tradingcore.schemas.avro.PortfolioSnapshot;
import io.tradingcore.schemas.avro.QuarantineReason;
import io.tradingcore.schemas.avro.QuarantinedRecord;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.schemas.avro.TimeInForce;
import io.tradingcore.schemas.serde.AvroCodec;
import io.tradingcore.testing.JobCluster;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The quarantine corpus: through real Kafka, the real registry and the real trading job, a corpus
 * with one record of every kind the gate knows, interleaved with good bars of two symbols. Each bad
 * record must land on md.quarantine.v1 with its code, every good bar must still mark the book, and
 * the job must never restart.
 */
@Tag("slow")
class QuarantineCorpusITCase {
  private static final String PORTFOLIO = "corpus";

  /** 2024-01-08 14:30 UTC, on the minute grid: minute n ends n minutes later. */
  private static final long T0 = Instant.parse("2024-01-08T14:30:00Z").toEpochMilli();

  private static final long MINUTE = 60_000L;

  @RegisterExtension static final JobCluster cluster = JobCluster.withSlots(2);

  @Test
  void everyKindOfBadRecordIsQuarantinedWithItsCodeWhileGoodBarsFlow() throws Exception {
    JobID job = cluster.submitTradingJob(JobCluster.aaplMsftMomentum(PORTFOLIO), "corpus-it");
    Corpus corpus = new Corpus();
    corpus.publish();

    assertThat(
            Deadline.await(
                () -> reasons(quarantined()).containsAll(corpus.expectedReasons),
                Duration.ofSeconds(90)))
        .as("every code on md.quarantine.v1, got %s", reasons(quarantined()))
        .isTrue();
    assertThat(
            Deadline.await(
                () -> cluster.stack().reader().readAll(Topic.PORTFOLIO).size() >= corpus.goodBars,
                Duration.ofSeconds(90)))
        .as("every good bar marked the book")
        .isTrue();
    Deadline.awaitQuiet(
        () -> cluster.stack().reader().readAll(Topic.PORTFOLIO).size(),
        Duration.ofSeconds(3),
        Duration.ofSeconds(30));

    List<PortfolioSnapshot> snapshots = cluster.stack().reader().readAll(Topic.PORTFOLIO);
    assertThat(snapshots)
        .as("one mark per good bar: no refused bar reached the book")
        .hasSize(corpus.goodBars);

    List<QuarantinedRecord> quarantined = quarantined();
    Map<QuarantineReason, Long> counts = new TreeMap<>();
    quarantined.forEach(q -> counts.merge(q.getReason(), 1L, Long::sum));
    assertThat(counts).as("exactly the corpus's bad records").isEqualTo(corpus.expectedCounts());
    assertThat(quarantined)
        .filteredOn(q -> q.getReason() == QuarantineReason.BAD_MAGIC_BYTE)
        .singleElement()
        .satisfies(
            q -> {
              assertThat(q.getSource()).isEqualTo(Topic.BARS.topicName());
              assertThat(StandardCharsets.UTF_8.decode(q.getPayload()).toString())
                  .isEqualTo("not avro at all");
            });
    assertThat(quarantined)
        .filteredOn(q -> q.getReason() == QuarantineReason.SCHEMA_VIOLATION)
        .extracting(QuarantinedRecord::getDetectedBy)
        .containsExactlyInAnyOrder("decoder:md.bars.1m.v1", "bar-quality-gate");

    try {
      assertThat(cluster.flink().status(job)).as("still running").isEqualTo(JobStatus.RUNNING);
      assertThat(restarts(job)).as("restarts of the job").isZero();
      assertThat(webUi("/jobs/" + job + "/exceptions"))
          .as("no failure in the job's exception history")
          .contains("\"entries\":[]");
    } finally {
      cluster.flink().cancel(job);
    }
  }

  /** The corpus: 70 minutes of two symbols, the bad records in AAPL after 30 good bars. */
  private static final class Corpus {
    private final Random random = new Random(5);
    private final List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
    private final List<QuarantineReason> bad = new ArrayList<>();
    private final Set<QuarantineReason> expectedReasons = EnumSet.noneOf(QuarantineReason.class);
    private final AvroCodec<io.tradingcore.schemas.avro.Bar> codec =
        AvroCodec.forTopic(Topic.BARS, cluster.stack().registry(), false);
    private int goodBars;
    private double aapl = 180;
    private double msft = 370;

    Corpus() {
      for (int minute = 1; minute <= 70; minute++) {
        msft = walk(msft);
        good(bar("MSFT", minute, msft, 1000));
        if (minute <= 30 || minute >= 45 || minute == 31 || minute == 33 || minute == 35) {
          aapl = walk(aapl);
          good(bar("AAPL", minute, aapl, 1000));
        }
        if (minute == 30) {
          badRecords();
        }
        if (minute == 31) {
          expect(QuarantineReason.DUPLICATE, bar("AAPL", 31, aapl, 1000));
          expect(QuarantineReason.OUT_OF_ORDER, bar("AAPL", 20, aapl, 1000));
        }
        if (minute == 32) {
          expect(QuarantineReason.PRICE_JUMP, bar("AAPL", 32, aapl * 1.5, 1000));
        }
        if (minute == 34) {
          expect(QuarantineReason.IMPLAUSIBLE_VOLUME, bar("AAPL", 34, aapl, 10_000_000));
        }
      }
      // AAPL's bar at minute 45 follows nine missing minutes: it passes, and the gap is reported.
      bad.add(QuarantineReason.MISSING_BARS);
      expectedReasons.add(QuarantineReason.MISSING_BARS);
    }

    private void badRecords() {
      byte[] valid = encode(bar("AAPL", 31, aapl, 1000));
      raw(QuarantineReason.BAD_MAGIC_BYTE, "not avro at all".getBytes(StandardCharsets.UTF_8));
      byte[] unknownId = valid.clone();
      ByteBuffer.wrap(unknownId).putInt(1, 987_654);
      raw(QuarantineReason.UNKNOWN_SCHEMA_ID, unknownId);
      raw(QuarantineReason.TRUNCATED, Arrays.copyOf(valid, valid.length - 10));
      raw(
          QuarantineReason.SCHEMA_VIOLATION,
          AvroCodec.forTopic(Topic.ORDERS, cluster.stack().registry(), false)
              .encode(Topic.ORDERS.topicName(), anOrder()));
      Bar plain = bar("AAPL", 31, aapl, 1000);
      expect(
          QuarantineReason.SCHEMA_VIOLATION, with(plain, plain.volume().add(BigDecimal.ONE), null));
      expect(QuarantineReason.NOT_A_NUMBER, with(plain, null, Double.NaN));
      expect(QuarantineReason.NON_POSITIVE_PRICE, bar("AAPL", 31, 0, 1000));
      expect(
          QuarantineReason.HIGH_BELOW_LOW,
          new Bar(
              "AAPL",
              plain.startMillis(),
              plain.endMillis(),
              plain.close(),
              plain.close().subtract(BigDecimal.ONE),
              plain.close().add(BigDecimal.ONE),
              plain.close(),
              plain.volume(),
              null,
              null,
              "corpus"));
      expect(
          QuarantineReason.MISALIGNED_TIMESTAMP,
          new Bar(
              "AAPL",
              plain.startMillis() + 30_000,
              plain.endMillis() + 30_000,
              plain.open(),
              plain.high(),
              plain.low(),
              plain.close(),
              plain.volume(),
              null,
              null,
              "corpus"));
    }

    private double walk(double price) {
      return price * Math.exp(0.0005 * random.nextGaussian());
    }

    private void good(Bar bar) {
      goodBars++;
      records.add(record(bar.symbol(), encode(bar)));
    }

    private void expect(QuarantineReason reason, Bar bar) {
      bad.add(reason);
      expectedReasons.add(reason);
      records.add(record(bar.symbol(), encode(bar)));
    }

    private void raw(QuarantineReason reason, byte[] value) {
      bad.add(reason);
      expectedReasons.add(reason);
      records.add(record("AAPL", value));
    }

    private byte[] encode(Bar bar) {
      return codec.encode(Topic.BARS.topicName(), AvroMapping.toAvro(bar, Instant.now()));
    }

    Map<QuarantineReason, Long> expectedCounts() {
      Map<QuarantineReason, Long> counts = new TreeMap<>();
      bad.forEach(r -> counts.merge(r, 1L, Long::sum));
      return counts;
    }

    void publish() {
      try (KafkaProducer<byte[], byte[]> producer =
          new KafkaProducer<>(KafkaClients.producer(cluster.stack().bootstrapServers()))) {
        records.forEach(producer::send);
      }
    }

    private static ProducerRecord<byte[], byte[]> record(String symbol, byte[] value) {
      return new ProducerRecord<>(
          Topic.BARS.topicName(), symbol.getBytes(StandardCharsets.UTF_8), value);
    }
  }

  private static Bar bar(String symbol, int minute, double price, long volume) {
    BigDecimal p = BigDecimal.valueOf(price).setScale(2, RoundingMode.HALF_EVEN);
    return new Bar(
        symbol,
        T0 + (minute - 1) * MINUTE,
        T0 + minute * MINUTE,
        p,
        p,
        p,
        p,
        BigDecimal.valueOf(volume),
        null,
        null,
        "corpus");
  }

  /** An order: a record of another topic, published to the bars topic by mistake. */
  private static Order anOrder() {
    BigDecimal price = new BigDecimal("180.00000000");
    return Order.newBuilder()
        .setClientOrderId("corpus-1")
        .setPortfolio(PORTFOLIO)
        .setSequence(1)
        .setSymbol("AAPL")
        .setSide(Side.BUY)
        .setQuantity(new BigDecimal("1.00000000"))
        .setOrderType(OrderType.MARKET)
        .setLimitPrice(null)
        .setStopPrice(null)
        .setTimeInForce(TimeInForce.DAY)
        .setReferencePrice(price)
        .setDecisionTime(Instant.ofEpochMilli(T0))
        .setModelVersion("corpus")
        .setReason("misrouted")
        .build();
  }

  private static Bar with(Bar bar, BigDecimal buyVolume, Double quoteImbalance) {
    return new Bar(
        bar.symbol(),
        bar.startMillis(),
        bar.endMillis(),
        bar.open(),
        bar.high(),
        bar.low(),
        bar.close(),
        bar.volume(),
        bar.vwap(),
        bar.tradeCount(),
        bar.source(),
        buyVolume,
        quoteImbalance);
  }

  private static List<QuarantinedRecord> quarantined() {
    return cluster.stack().reader().readAll(Topic.QUARANTINE);
  }

  private static Set<QuarantineReason> reasons(List<QuarantinedRecord> records) {
    Set<QuarantineReason> reasons = EnumSet.noneOf(QuarantineReason.class);
    records.forEach(q -> reasons.add(q.getReason()));
    return reasons;
  }

  /** The job's numRestarts metric, read through the REST API as the web UI does. */
  private static long restarts(JobID job) {
    Pattern value = Pattern.compile("\"id\":\"numRestarts\",\"value\":\"(\\d+)\"");
    long[] found = {-1};
    Deadline.await(
        () -> {
          try {
            Matcher m = value.matcher(webUi("/jobs/" + job + "/metrics?get=numRestarts"));
            if (m.find()) {
              found[0] = Long.parseLong(m.group(1));
              return true;
            }
          } catch (Exception e) {
            // not reported yet
          }
          return false;
        },
        Duration.ofSeconds(30));
    return found[0];
  }

  private static String webUi(String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(cluster.flink().webUi() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
