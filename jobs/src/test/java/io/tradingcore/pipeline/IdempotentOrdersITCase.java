package io.tradingcore.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.bridge.BridgeConfig;
import io.tradingcore.bridge.BrokerBridge;
import io.tradingcore.bridge.PaperBroker;
import io.tradingcore.features.FeatureWindows;
import io.tradingcore.jobs.TradingJob;
import io.tradingcore.jobs.TradingJobConfig;
import io.tradingcore.jobs.TradingJobMain;
import io.tradingcore.kafka.KafkaClients;
import io.tradingcore.kafka.KafkaEndpoints;
import io.tradingcore.kafka.OrderDelivery;
import io.tradingcore.kafka.RegistrySettings;
import io.tradingcore.local.Deadline;
import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.replay.ReplaySpeed;
import io.tradingcore.replay.Replayer;
import io.tradingcore.replay.SyntheticBarSource;
import io.tradingcore.risk.RiskLimits;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.ExecutionReport;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.strategy.MomentumParameters;
import io.tradingcore.testing.JobCluster;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The idempotent order mode on real parts: the job writes {@code orders.v1} at least once, each
 * order at once; the broker bridge places each client order id once however often it reads it.
 */
@Tag("slow")
class IdempotentOrdersITCase {
  private static final String PORTFOLIO = "fast";
  private static final BigDecimal INITIAL_CASH = new BigDecimal("100000");
  private static final Duration WAIT = Duration.ofSeconds(60);

  @RegisterExtension static final JobCluster cluster = JobCluster.withSlots(2);

  @Test
  void ordersAreVisibleBeforeAnyCheckpointAndARepeatIsPlacedOnce() throws Exception {
    TradingJobConfig config =
        new TradingJobConfig(
            List.of(
                new PortfolioSpec(
                    PORTFOLIO,
                    List.of("AAPL", "MSFT"),
                    INITIAL_CASH,
                    new RiskLimits(
                            new BigDecimal("1000"), new BigDecimal("50000"), new BigDecimal("1000"))
                        .with(Map.of("max_correlation", "1")),
                    LotSizes.WHOLE_UNITS)),
            FeatureWindows.DEFAULT,
            MomentumParameters.DEFAULT,
            Duration.ofSeconds(5),
            Duration.ofSeconds(5));
    KafkaEndpoints kafka =
        new KafkaEndpoints(cluster.stack().bootstrapServers(), registry(), "idempotent-orders-it")
            .withOrderDelivery(OrderDelivery.IDEMPOTENT);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    // No checkpoint completes during the test: exactly-once orders would never become visible.
    TradingJobMain.configure(env, Duration.ofHours(1));
    new TradingJob(config).build(env, kafka.bars(), kafka.fills(), TradingJob.Sinks.kafka(kafka));
    StreamGraph graph = env.getStreamGraph();
    graph.setJobName("idempotent-orders-it");
    JobID job = cluster.flink().submit(graph);
    assertThat(Deadline.await(() -> cluster.flink().statusOrFailed(job) == JobStatus.RUNNING, WAIT))
        .isTrue();

    BrokerBridge bridge =
        new BrokerBridge(
            BridgeConfig.of(cluster.stack().bootstrapServers(), registry()),
            new PaperBroker(INITIAL_CASH));
    Replayer replayer =
        new Replayer(
            cluster.stack().bootstrapServers(), cluster.stack().registry(), new ReplaySpeed(3000));
    replayer.from(
        new SyntheticBarSource(
            SyntheticBarSource.Config.of(List.of("AAPL", "MSFT")).withSeed(7).withTradingDays(1)));
    try (bridge;
        replayer) {
      daemon("bridge", bridge);
      daemon("replayer", replayer);
      assertThat(replayer.awaitFinished(60, TimeUnit.SECONDS)).isTrue();
      // The first order of each symbol comes from the data alone; how many follow depends on how
      // fast fills come back (nothing new is sent while an order of the symbol is working), so
      // on a loaded machine the replay may end after just those two.
      assertThat(Deadline.await(() -> orderRecords().size() >= 2, WAIT))
          .as(
              () ->
                  "orders visible without a checkpoint ("
                      + orderRecords().size()
                      + " orders, reports "
                      + reportStatuses()
                      + ")")
          .isTrue();
      Deadline.awaitQuiet(() -> orderRecords().size(), Duration.ofSeconds(3), WAIT);
      assertThat(completedCheckpoints(job)).as("no checkpoint completed").isZero();

      // What a replay after a failure would write: every order again, byte for byte.
      List<ConsumerRecord<byte[], byte[]>> orders = orderRecords();
      republish(orders);
      long received = orders.size() * 2L;
      assertThat(Deadline.await(() -> bridge.stats().ordersReceived() >= received, WAIT))
          .as(
              "the bridge read every order twice (%d of %d)",
              bridge.stats().ordersReceived(), received)
          .isTrue();
      assertThat(bridge.stats().ordersSkippedAsKnown()).isEqualTo(orders.size());
      assertThat(bridge.stats().reportsRepublished())
          .as("each known order's reports published again, as the broker has them")
          .isGreaterThanOrEqualTo(orders.size());
    } finally {
      cluster.flink().cancel(job);
    }

    List<ExecutionReport> reports = cluster.stack().reader().readAll(Topic.FILLS);
    // A known order's reports go out again under the same ids (the job drops the copies).
    Map<String, Set<ExecutionReport>> copies =
        reports.stream()
            .collect(Collectors.groupingBy(r -> r.getExecutionId().toString(), Collectors.toSet()));
    assertThat(copies.values()).allSatisfy(same -> assertThat(same).hasSize(1));
    Map<String, Long> accepted =
        copies.values().stream()
            .map(same -> same.iterator().next())
            .filter(r -> r.getStatus() == ExecutionStatus.ACCEPTED)
            .collect(
                Collectors.groupingBy(r -> r.getClientOrderId().toString(), Collectors.counting()));
    assertThat(accepted)
        .as("one broker order per client order id")
        .hasSize(orderRecords().size() / 2);
    assertThat(accepted.values()).containsOnly(1L);
  }

  private static Map<String, Long> reportStatuses() {
    return cluster.stack().reader().<ExecutionReport>readAll(Topic.FILLS).stream()
        .collect(
            Collectors.groupingBy(
                r -> r.getStatus() + (r.getText() == null ? "" : " (" + r.getText() + ")"),
                Collectors.counting()));
  }

  private static List<ConsumerRecord<byte[], byte[]>> orderRecords() {
    return cluster.stack().reader().readRaw(Topic.ORDERS);
  }

  private static void republish(List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(KafkaClients.producer(cluster.stack().bootstrapServers()))) {
      for (ConsumerRecord<byte[], byte[]> record : records) {
        producer
            .send(new ProducerRecord<>(Topic.ORDERS.topicName(), record.key(), record.value()))
            .get(30, TimeUnit.SECONDS);
      }
    }
  }

  private static long completedCheckpoints(JobID job) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            cluster.flink().webUi()
                                + "/jobs/"
                                + job.toHexString()
                                + "/checkpoints"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    Matcher completed = Pattern.compile("\"completed\"\\s*:\\s*(\\d+)").matcher(response.body());
    assertThat(completed.find()).as("checkpoint counts in %s", response.body()).isTrue();
    return Long.parseLong(completed.group(1));
  }

  private static RegistrySettings registry() {
    return RegistrySettings.of(cluster.stack().registryUrl(), false);
  }

  private static void daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }
}
