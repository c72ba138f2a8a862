package io.tradingcore.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.codec.AvroMapping;
import io.tradingcore.features.FeatureWindows;
import io.tradingcore.features.cross.CrossAssetParameters;
import io.tradingcore.jobs.StrategyChoice;
import io.tradingcore.jobs.TradingJob;
import io.tradingcore.jobs.TradingJobConfig;
import io.tradingcore.jobs.TradingJobMain;
import io.tradingcore.kafka.KafkaClients;
import io.tradingcore.kafka.KafkaEndpoints;
import io.tradingcore.kafka.RegistrySettings;
import io.tradingcore.local.Deadline;
import io.tradingcore.marketdata.GateParameters;
import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.marketdata.Tick;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.risk.RiskLimits;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.PortfolioSnapshot;
import io.tradingcore.schemas.avro.QuarantineReason;
import io.tradingcore.schemas.avro.QuarantinedRecord;
import io.tradingcore.schemas.avro.SnapshotTrigger;
import io.tradingcore.schemas.serde.AvroCodec;
import io.tradingcore.strategy.MomentumParameters;
import io.tradingcore.testing.JobCluster;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ticks through real Kafka into the trading job: on a two-partition {@code md.ticks.v1} whose
 * second partition never sees a record, bars built from the first still come out (idleness lets
 * event time advance), reach the book through the quality gate as marks, and a tick for a bar
 * already emitted lands in {@code md.quarantine.v1} as LATE.
 */
@Tag("slow")
class TickAggregationITCase {
  private static final String PORTFOLIO = "ticks-it";
  private static final long T0 = Instant.parse("2024-03-01T14:30:00Z").toEpochMilli();
  private static final long SECOND = 1_000;
  private static final long MINUTE = 60 * SECOND;
  private static final int TICKED_MINUTES = 5;
  private static final int ACTIVE_PARTITION = 0;

  @RegisterExtension static final JobCluster cluster = JobCluster.withSlots(1);

  @BeforeAll
  static void start() throws Exception {
    recreateWithTwoPartitions(Topic.TICKS);
  }

  @Test
  void barsComeOutDespiteAnIdlePartitionAndALateTickIsQuarantined() throws Exception {
    TradingJobConfig config =
        new TradingJobConfig(
            List.of(
                new PortfolioSpec(
                    PORTFOLIO,
                    List.of("AAPL"),
                    new BigDecimal("100000"),
                    RiskLimits.DEFAULT,
                    LotSizes.WHOLE_UNITS)),
            FeatureWindows.DEFAULT,
            MomentumParameters.DEFAULT,
            Duration.ofSeconds(5),
            Duration.ofSeconds(2),
            GateParameters.DEFAULT,
            CrossAssetParameters.DEFAULT,
            Duration.ofSeconds(1),
            StrategyChoice.momentum());
    KafkaEndpoints kafka =
        new KafkaEndpoints(
            cluster.stack().bootstrapServers(),
            RegistrySettings.of(cluster.stack().registryUrl(), true),
            "ticks-it");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    TradingJobMain.configure(env, Duration.ofMillis(500));
    new TradingJob(config)
        .build(env, kafka.bars(), kafka.ticks(), kafka.fills(), TradingJob.Sinks.kafka(kafka));
    StreamGraph graph = env.getStreamGraph();
    graph.setJobName("ticks-it");
    JobID job = cluster.flink().submit(graph);
    try {
      assertThat(
              Deadline.await(
                  () -> cluster.flink().statusOrFailed(job) == JobStatus.RUNNING,
                  Duration.ofSeconds(60)))
          .as("job running")
          .isTrue();

      List<Tick> ticks = new ArrayList<>();
      for (int minute = 0; minute < TICKED_MINUTES; minute++) {
        for (int second = 5; second < 60; second += 10) {
          ticks.add(
              Tick.trade(
                  "AAPL",
                  T0 + minute * MINUTE + second * SECOND,
                  new BigDecimal(100 + minute + "." + second),
                  BigDecimal.TEN));
        }
      }
      publish(ticks);

      // The watermark trails the last tick (minute 4, :55) by a second: minutes 0–3 close.
      List<Long> expectedEnds =
          List.of(T0 + MINUTE, T0 + 2 * MINUTE, T0 + 3 * MINUTE, T0 + 4 * MINUTE);
      assertThat(
              Deadline.await(() -> markTimes().containsAll(expectedEnds), Duration.ofSeconds(60)))
          .as("bars from ticks marked in the book (marks at %s)", markTimes())
          .isTrue();

      publish(List.of(Tick.trade("AAPL", T0 + 30 * SECOND, new BigDecimal("99"), BigDecimal.ONE)));
      assertThat(
              Deadline.await(
                  () ->
                      cluster.stack().reader().<QuarantinedRecord>readAll(Topic.QUARANTINE).stream()
                          .anyMatch(
                              q ->
                                  q.getReason() == QuarantineReason.LATE
                                      && q.getSource().equals(Topic.TICKS.topicName())),
                  Duration.ofSeconds(30)))
          .as("the late tick was quarantined")
          .isTrue();
      assertThat(cluster.flink().statusOrFailed(job)).isEqualTo(JobStatus.RUNNING);
      assertThat(markTimes())
          .as("the late tick reopened nothing: one mark per bar")
          .containsExactlyElementsOf(expectedEnds);
    } finally {
      cluster.flink().cancel(job);
    }
  }

  private static List<Long> markTimes() {
    return cluster.stack().reader().<PortfolioSnapshot>readAll(Topic.PORTFOLIO).stream()
        .filter(s -> s.getTrigger() == SnapshotTrigger.MARK)
        .map(s -> s.getTsEvent().toEpochMilli())
        .toList();
  }

  /** Every tick to the one active partition; the other stays empty for the whole test. */
  private static void publish(List<Tick> ticks) throws Exception {
    AvroCodec<io.tradingcore.schemas.avro.Tick> codec =
        AvroCodec.forTopic(Topic.TICKS, cluster.stack().registry(), false);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(KafkaClients.producer(cluster.stack().bootstrapServers()))) {
      for (Tick tick : ticks) {
        producer
            .send(
                new ProducerRecord<>(
                    Topic.TICKS.topicName(),
                    ACTIVE_PARTITION,
                    tick.symbol().getBytes(StandardCharsets.UTF_8),
                    codec.encode(Topic.TICKS.topicName(), AvroMapping.toAvro(tick, Instant.now()))))
            .get(10, TimeUnit.SECONDS);
      }
    }
  }

  private static void recreateWithTwoPartitions(Topic topic) throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.stack().bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      admin.deleteTopics(Set.of(topic.topicName())).all().get(30, TimeUnit.SECONDS);
      // Deletion completes asynchronously on the broker: retry creation until the name is free.
      assertThat(
              Deadline.await(
                  () -> {
                    try {
                      admin
                          .createTopics(List.of(new NewTopic(topic.topicName(), 2, (short) 1)))
                          .all()
                          .get(10, TimeUnit.SECONDS);
                      return true;
                    } catch (ExecutionException e) {
                      if (e.getCause() instanceof TopicExistsException) {
                        return false;
                      }
                      throw new IllegalStateException(e);
                    } catch (InterruptedException | TimeoutException e) {
                      throw new IllegalStateException(e);
                    }
                  },
                  Duration.ofSeconds(30)))
          .as("%s recreated with two partitions", topic.topicName())
          .isTrue();
    }
  }
}
