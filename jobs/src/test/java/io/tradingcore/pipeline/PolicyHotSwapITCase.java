package io.tradingcore.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.bridge.BridgeConfig;
import io.tradingcore.bridge.BrokerBridge;
import io.tradingcore.bridge.PaperBroker;
import io.tradingcore.features.FeatureWindows;
import io.tradingcore.jobs.ModelReleases;
import io.tradingcore.jobs.PublishModelMain;
import io.tradingcore.jobs.StrategyChoice;
import io.tradingcore.jobs.TradingJob;
import io.tradingcore.jobs.TradingJobConfig;
import io.tradingcore.jobs.TradingJobMain;
import io.tradingcore.kafka.KafkaClients;
import io.tradingcore.kafka.KafkaEndpoints;
import io.tradingcore.kafka.RegistrySettings;
import io.tradingcore.local.Deadline;
import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.policy.ModelRelease;
import io.tradingcore.policy.PolicyModel;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.replay.ReplaySpeed;
import io.tradingcore.replay.Replayer;
import io.tradingcore.replay.SyntheticBarSource;
import io.tradingcore.risk.RiskLimits;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.FeatureContract;
import io.tradingcore.schemas.avro.ModelUpdate;
import io.tradingcore.schemas.avro.Order;
import io.tradingcore.schemas.avro.RiskEvent;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.serde.AvroCodec;
import io.tradingcore.strategy.MomentumParameters;
import io.tradingcore.testing.JobCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * Hot swap through {@code models.v1} on real parts: a running job scoring test-a gets test-b
 * published (swap), then a model declaring the wrong feature order (refused: test-b keeps
 * deciding), then test-a again (rollback) — all without a restart.
 */
@Tag("slow")
class PolicyHotSwapITCase {
  private static final Path MODELS = Path.of("../operators/src/test/resources/policy");
  private static final String PORTFOLIO = "swap";
  private static final BigDecimal CASH = new BigDecimal("100000");

  @RegisterExtension static final JobCluster cluster = JobCluster.withSlots(2);

  @Test
  void releasesSwapRollBackAndABadOneIsRefusedWithoutARestart() throws Exception {
    long testStart = System.currentTimeMillis();
    TradingJobConfig config =
        new TradingJobConfig(
                List.of(
                    new PortfolioSpec(
                        PORTFOLIO,
                        List.of("AAPL", "MSFT"),
                        CASH,
                        new RiskLimits(
                            new BigDecimal("1000"), new BigDecimal("50000"), new BigDecimal("200")),
                        LotSizes.WHOLE_UNITS)),
                FeatureWindows.DEFAULT,
                MomentumParameters.DEFAULT,
                Duration.ofSeconds(5),
                // The empty tick topic must go idle early, or it holds event time back.
                Duration.ofSeconds(1))
            .withStrategy(
                StrategyChoice.policy(
                    ModelReleases.fromFile(MODELS.resolve("test-a.onnx")),
                    PolicyModel.Settings.DEFAULT));
    KafkaEndpoints kafka =
        new KafkaEndpoints(
                cluster.stack().bootstrapServers(),
                RegistrySettings.of(cluster.stack().registryUrl(), true),
                "swap-it")
            .startingFrom(testStart);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    TradingJobMain.configure(env, Duration.ofMillis(500));
    new TradingJob(config)
        .build(
            env,
            kafka.bars(),
            kafka.ticks(),
            kafka.fills(),
            kafka.models(),
            TradingJob.Sinks.kafka(kafka));
    StreamGraph graph = env.getStreamGraph();
    graph.setJobName("swap-it");
    JobID job = cluster.flink().submit(graph);
    assertThat(
            Deadline.await(
                () -> cluster.flink().statusOrFailed(job) == JobStatus.RUNNING,
                Duration.ofSeconds(60)))
        .isTrue();

    BrokerBridge bridge =
        new BrokerBridge(
            BridgeConfig.of(
                cluster.stack().bootstrapServers(),
                RegistrySettings.of(cluster.stack().registryUrl(), true)),
            new PaperBroker(CASH));
    Replayer replayer =
        new Replayer(
            cluster.stack().bootstrapServers(), cluster.stack().registry(), new ReplaySpeed(1000));
    replayer.from(
        new SyntheticBarSource(
            SyntheticBarSource.Config.of(List.of("AAPL", "MSFT", "SPY"))
                .withSeed(11)
                .withTradingDays(1)));
    try (bridge;
        replayer) {
      daemon("bridge", bridge);
      daemon("replayer", replayer);

      awaitBars(replayer, 3 * 130);
      assertThat(publish("test-b")).contains("Published ppo-lstm@test-b to models.v1");
      // publish-model refuses it locally; a release made by another tool reaches the job.
      assertThat(publishRefused("wrong-order")).contains("wrong feature order");
      publishBypassingTheCheck("wrong-order");
      awaitEvents(2);
      awaitBars(replayer, 3 * 260);
      publish("test-a");
      awaitEvents(3);

      assertThat(replayer.awaitFinished(60, TimeUnit.SECONDS)).isTrue();
      assertThat(cluster.flink().statusOrFailed(job))
          .as("no restart, no failure")
          .isEqualTo(JobStatus.RUNNING);
    } finally {
      cluster.flink().cancel(job);
    }

    List<RiskEvent> events = policyEvents();
    assertThat(events)
        .extracting(RiskEvent::getReason)
        .containsExactly(
            RiskReason.MODEL_ACTIVATED, RiskReason.MODEL_REFUSED, RiskReason.MODEL_ACTIVATED);
    assertThat(events.get(0).getCause()).isEqualTo("ppo-lstm@test-b now decides (was test-a)");
    assertThat(events.get(1).getCause())
        .contains("refused ppo-lstm@wrong-order", "wrong feature order", "test-b keeps deciding");
    assertThat(events.get(2).getCause()).isEqualTo("ppo-lstm@test-a now decides (was test-b)");

    // Each order carries the version that decided it: test-a, then test-b from a bar after the
    // swap, then test-a again after the rollback; never the refused model. The swap's watermark
    // bounds where the switch can be: every bar at or before it was scored by the old model.
    long swap = events.get(0).getTsEvent().toEpochMilli();
    long rollback = events.get(2).getTsEvent().toEpochMilli();
    assertThat(swap).as("the swap happened at a market time").isPositive();
    List<Order> orders =
        cluster.stack().reader().<Order>readAll(Topic.ORDERS).stream()
            .sorted(Comparator.comparing(o -> o.getDecisionTime()))
            .toList();
    assertThat(orders).isNotEmpty();
    int changes = 0;
    for (int i = 0; i < orders.size(); i++) {
      Order order = orders.get(i);
      long decided = order.getDecisionTime().toEpochMilli();
      assertThat(order.getModelVersion()).isIn("test-a", "test-b");
      if (decided <= swap) {
        assertThat(order.getModelVersion()).as("decided before the swap").isEqualTo("test-a");
      }
      if (decided > swap && decided <= rollback && changes > 0) {
        assertThat(order.getModelVersion()).as("decided after the swap").isEqualTo("test-b");
      }
      if (i > 0 && !order.getModelVersion().equals(orders.get(i - 1).getModelVersion())) {
        changes++;
      }
    }
    assertThat(changes).as("test-a, test-b, test-a at most").isLessThanOrEqualTo(2);
  }

  private static String publish(String model) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int exit =
        PublishModelMain.commandLine(
                new PublishModelMain(new PrintStream(out, true, StandardCharsets.UTF_8)))
            .execute(
                MODELS.resolve(model + ".onnx").toString(),
                "--bootstrap-servers",
                cluster.stack().bootstrapServers(),
                "--registry-url",
                cluster.stack().registryUrl());
    String console = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(console).isZero();
    return console;
  }

  private static String publishRefused(String model) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CommandLine cli = PublishModelMain.commandLine(new PublishModelMain());
    cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    int exit =
        cli.execute(
            MODELS.resolve(model + ".onnx").toString(),
            "--bootstrap-servers",
            cluster.stack().bootstrapServers(),
            "--registry-url",
            cluster.stack().registryUrl());
    assertThat(exit).isEqualTo(1);
    return err.toString(StandardCharsets.UTF_8);
  }

  private static void publishBypassingTheCheck(String model) throws Exception {
    byte[] onnx = Files.readAllBytes(MODELS.resolve(model + ".onnx"));
    ModelUpdate update =
        ModelUpdate.newBuilder()
            .setModelName("ppo-lstm")
            .setVersion(model)
            .setOnnx(ByteBuffer.wrap(onnx))
            .setSha256(ModelRelease.sha256(onnx))
            .setContract(
                FeatureContract.newBuilder()
                    .setSymbols(List.of())
                    .setFeatureNames(List.of())
                    .setFeatureSetVersion("1")
                    .setNormalizationMean(List.of())
                    .setNormalizationStd(List.of())
                    .setActions(List.of())
                    .build())
            .setCreatedAt(Instant.now())
            .build();
    byte[] value =
        AvroCodec.<ModelUpdate>forTopic(Topic.MODELS, cluster.stack().registry(), true)
            .encode(Topic.MODELS.topicName(), update);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(KafkaClients.producer(cluster.stack().bootstrapServers()))) {
      producer
          .send(
              new ProducerRecord<>(
                  Topic.MODELS.topicName(), "ppo-lstm".getBytes(StandardCharsets.UTF_8), value))
          .get(30, TimeUnit.SECONDS);
    }
  }

  private static List<RiskEvent> policyEvents() {
    return cluster.stack().reader().<RiskEvent>readAll(Topic.RISK_EVENTS).stream()
        .filter(
            e ->
                e.getReason() == RiskReason.MODEL_ACTIVATED
                    || e.getReason() == RiskReason.MODEL_REFUSED)
        .toList();
  }

  private static void awaitEvents(int count) {
    assertThat(Deadline.await(() -> policyEvents().size() >= count, Duration.ofSeconds(60)))
        .as("%d model events", count)
        .isTrue();
  }

  private static void awaitBars(Replayer replayer, long bars) {
    assertThat(Deadline.await(() -> replayer.barsPublished() >= bars, Duration.ofSeconds(60)))
        .isTrue();
  }

  private static void daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }
}
