package io.tradingcore.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.bridge.BridgeConfig;
import io.tradingcore.bridge.BrokerBridge;
import io.tradingcore.bridge.PaperBroker;
import io.tradingcore.execution.ClientOrderIds;
import io.tradingcore.execution.CostModel;
import io.tradingcore.features.BarFeatures;
import io.tradingcore.features.FeatureWindows;
import io.tradingcore.jobs.TradingJob;
import io.tradingcore.jobs.TradingJobConfig;
import io.tradingcore.jobs.TradingJobMain;
import io.tradingcore.kafka.KafkaClients;
import io.tradingcore.kafka.KafkaEndpoints;
import io.tradingcore.kafka.RegistrySettings;
import io.tradingcore.local.Deadline;
import io.tradingcore.local.RunMonitor;
import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.replay.ReplaySpeed;
import io.tradingcore.replay.Replayer;
import io.tradingcore.replay.SyntheticBarSource;
import io.tradingcore.risk.RiskLimits;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.Bar;
import io.tradingcore.schemas.avro.ExecutionReport;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.avro.FeatureScope;
import io.tradingcore.schemas.avro.FeatureVector;
import io.tradingcore.schemas.avro.Order;
import io.tradingcore.schemas.avro.PortfolioSnapshot;
import io.tradingcore.schemas.avro.PositionSnapshot;
import io.tradingcore.schemas.avro.QuarantineReason;
import io.tradingcore.schemas.avro.QuarantinedRecord;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.schemas.serde.AvroCodec;
import io.tradingcore.strategy.MomentumParameters;
import io.tradingcore.testing.JobCluster;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
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
 * The whole loop on real parts: embedded Kafka, the HTTP schema registry, a Flink MiniCluster
 * running the trading job, the broker bridge with its paper broker, and synthetic market data.
 */
@Tag("slow")
class TradingPipelineITCase {
  private static final String PORTFOLIO = "it";
  private static final BigDecimal INITIAL_CASH = new BigDecimal("100000");

  /** Below what the strategy asks for (10,000 / ~170 = 58 AAPL), so the cap must bite. */
  private static final BigDecimal MAX_POSITION = new BigDecimal("40");

  private static final byte[] POISON = "not avro at all".getBytes(StandardCharsets.UTF_8);

  @RegisterExtension static final JobCluster cluster = JobCluster.withSlots(2);

  @Test
  void syntheticBarsBecomeOrdersFillsAndAnExactBook() throws Exception {
    TradingJobConfig config =
        new TradingJobConfig(
            List.of(
                new PortfolioSpec(
                    PORTFOLIO,
                    List.of("AAPL", "MSFT"),
                    INITIAL_CASH,
                    // AAPL and MSFT correlate above the default 0.7 on these days: the loop under
                    // test needs both to trade, so the correlation limit is lifted here.
                    new RiskLimits(new BigDecimal("1000"), new BigDecimal("50000"), MAX_POSITION)
                        .with(Map.of("max_correlation", "1")),
                    LotSizes.WHOLE_UNITS)),
            FeatureWindows.DEFAULT,
            MomentumParameters.DEFAULT,
            Duration.ofSeconds(5),
            Duration.ofSeconds(5));
    KafkaEndpoints kafka =
        new KafkaEndpoints(
            cluster.stack().bootstrapServers(),
            RegistrySettings.of(cluster.stack().registryUrl(), true),
            "pipeline-it");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    TradingJobMain.configure(env, Duration.ofMillis(500));
    new TradingJob(config).build(env, kafka.bars(), kafka.fills(), TradingJob.Sinks.kafka(kafka));
    StreamGraph graph = env.getStreamGraph();
    graph.setJobName("pipeline-it");
    JobID job = cluster.flink().submit(graph);
    assertThat(
            Deadline.await(
                () -> cluster.flink().statusOrFailed(job) == JobStatus.RUNNING,
                Duration.ofSeconds(60)))
        .as("job running")
        .isTrue();
    assertThat(webUi("/jobs/overview")).contains(job.toHexString()).contains("RUNNING");

    BrokerBridge bridge =
        new BrokerBridge(
            BridgeConfig.of(
                cluster.stack().bootstrapServers(),
                RegistrySettings.of(cluster.stack().registryUrl(), true)),
            new PaperBroker(INITIAL_CASH));
    RunMonitor monitor =
        new RunMonitor(
            cluster.stack().bootstrapServers(),
            cluster.stack().registry(),
            PORTFOLIO,
            INITIAL_CASH,
            0L);
    Replayer replayer =
        new Replayer(
            cluster.stack().bootstrapServers(), cluster.stack().registry(), new ReplaySpeed(3000));
    replayer.from(
        new SyntheticBarSource(
            SyntheticBarSource.Config.of(List.of("AAPL", "MSFT")).withSeed(7).withTradingDays(1)));
    try (bridge;
        monitor;
        replayer) {
      daemon("bridge", bridge);
      daemon("monitor", monitor);
      publishPoisonBar();
      daemon("replayer", replayer);

      assertThat(replayer.awaitFinished(60, TimeUnit.SECONDS)).as("replay finished").isTrue();
      long bars = replayer.barsPublished();
      assertThat(bars).isEqualTo(2 * 390);
      assertThat(Deadline.await(() -> monitor.marks() >= bars, Duration.ofSeconds(60)))
          .as("every bar marked in the book (%d of %d)", monitor.marks(), bars)
          .isTrue();
      Deadline.awaitQuiet(
          () -> monitor.orders() + monitor.fills() + monitor.rejects(),
          Duration.ofSeconds(3),
          Duration.ofSeconds(60));
      assertThat(cluster.flink().statusOrFailed(job))
          .as("the poison record did not stop the job")
          .isEqualTo(JobStatus.RUNNING);

      // A fill report published twice must be applied once.
      republishFirstFill();
      assertThat(
              Deadline.await(
                  () ->
                      cluster.stack().reader().<QuarantinedRecord>readAll(Topic.QUARANTINE).stream()
                          .anyMatch(q -> q.getReason() == QuarantineReason.DUPLICATE),
                  Duration.ofSeconds(30)))
          .as("the duplicate report was refused")
          .isTrue();
    } finally {
      cluster.flink().cancel(job);
    }

    List<Order> orders = cluster.stack().reader().readAll(Topic.ORDERS);
    List<ExecutionReport> published = cluster.stack().reader().readAll(Topic.FILLS);
    List<ExecutionReport> reports = distinctByExecutionId(published);
    assertThat(published).as("one report was published twice").hasSize(reports.size() + 1);
    List<PortfolioSnapshot> snapshots = cluster.stack().reader().readAll(Topic.PORTFOLIO);
    List<Bar> bars = cluster.stack().reader().readAll(Topic.BARS);

    assertThat(orders)
        .as(
            "the strategy traded; the gate said: %s",
            denials(cluster.stack().reader().readAll(Topic.RISK_EVENTS)))
        .hasSizeGreaterThanOrEqualTo(6);
    assertOrdersAreNumberedDeterministicAndUnique(orders);
    assertEveryOrderFilledOnceOnTheNextBarsOpen(orders, reports, bars);
    assertBookIsExactAtEveryStep(snapshots);
    assertBookMatchesTheFills(snapshots, reports);
    assertPositionsStayWithinTheLimit(snapshots, orders);
    assertPoisonWasQuarantined(cluster.stack().reader().readAll(Topic.QUARANTINE));
    assertEveryAcceptedBarHasAFeatureVector(cluster.stack().reader().readAll(Topic.FEATURES));
  }

  private static void assertEveryAcceptedBarHasAFeatureVector(List<FeatureVector> all) {
    List<FeatureVector> vectors =
        all.stream().filter(v -> v.getScope() == FeatureScope.ASSET).toList();
    // Every bar but the poison one reached the features, once (at least once: the sink is
    // at-least-once and nothing failed in this run).
    assertThat(vectors).hasSize(2 * 390);
    assertThat(vectors)
        .extracting(v -> v.getEntity() + "@" + v.getBarEnd().toEpochMilli())
        .doesNotHaveDuplicates();
    FeatureVector last = vectors.get(vectors.size() - 1);
    assertThat(last.getFeatureSet()).isEqualTo(BarFeatures.FEATURE_SET);
    assertThat(last.getNames()).containsExactlyElementsOf(BarFeatures.NAMES);
    assertThat(last.getValues()).hasSize(BarFeatures.NAMES.size());
    assertThat(last.getWarm()).isTrue();
    // And one vector of cross-asset features per decided bar end of the portfolio.
    List<FeatureVector> portfolio =
        all.stream().filter(v -> v.getScope() == FeatureScope.PORTFOLIO).toList();
    assertThat(portfolio).isNotEmpty().allMatch(v -> v.getEntity().equals(PORTFOLIO));
    assertThat(portfolio.get(0).getNames()).contains("correlation.AAPL.MSFT");
  }

  private static List<String> denials(List<io.tradingcore.schemas.avro.RiskEvent> events) {
    return events.stream().map(e -> e.getReason() + ": " + e.getCause()).toList();
  }

  private static void assertOrdersAreNumberedDeterministicAndUnique(List<Order> orders) {
    List<Order> bySequence =
        orders.stream().sorted(Comparator.comparingLong(Order::getSequence)).toList();
    for (int i = 0; i < bySequence.size(); i++) {
      Order order = bySequence.get(i);
      assertThat(order.getSequence()).as("sequence steps by one").isEqualTo(i + 1L);
      assertThat(order.getClientOrderId())
          .isEqualTo(
              ClientOrderIds.of(
                  order.getPortfolio(),
                  order.getDecisionTime().toEpochMilli(),
                  order.getSymbol(),
                  order.getSequence()));
      assertThat(order.getModelVersion()).isEqualTo("momentum@1");
      assertThat(order.getQuantity()).isPositive();
    }
    assertThat(orders.stream().map(Order::getClientOrderId).distinct()).hasSameSizeAs(orders);
  }

  private static void assertEveryOrderFilledOnceOnTheNextBarsOpen(
      List<Order> orders, List<ExecutionReport> reports, List<Bar> bars) {
    Map<String, List<Bar>> barsBySymbol = new HashMap<>();
    for (Bar bar : bars) {
      barsBySymbol.computeIfAbsent(bar.getSymbol(), s -> new java.util.ArrayList<>()).add(bar);
    }
    barsBySymbol.values().forEach(list -> list.sort(Comparator.comparing(Bar::getStartTime)));
    Map<String, Order> ordersById = new HashMap<>();
    orders.forEach(o -> ordersById.put(o.getClientOrderId(), o));

    Map<String, Integer> fillsPerOrder = new HashMap<>();
    for (ExecutionReport report : reports) {
      assertThat(ordersById)
          .as("reports only answer committed orders")
          .containsKey(report.getClientOrderId());
      if (report.getStatus() != ExecutionStatus.FILLED) {
        continue;
      }
      fillsPerOrder.merge(report.getClientOrderId(), 1, Integer::sum);
      Order order = ordersById.get(report.getClientOrderId());
      List<Bar> symbolBars = barsBySymbol.get(order.getSymbol());
      // Found independently of the fill rule: the bar the decision was taken on ends at the
      // decision time, and the fill must be on the very next bar of that symbol.
      int decisionBar = -1;
      for (int i = 0; i < symbolBars.size(); i++) {
        if (symbolBars.get(i).getEndTime().equals(order.getDecisionTime())) {
          decisionBar = i;
        }
      }
      assertThat(decisionBar).as("decision bar of %s", order.getClientOrderId()).isNotNegative();
      Bar next = symbolBars.get(decisionBar + 1);
      assertThat(report.getLastPrice())
          .as("fill at the open of the bar after the decision bar")
          .isEqualByComparingTo(next.getOpen());
      assertThat(report.getTsEvent()).isEqualTo(next.getStartTime());
      assertThat(report.getTsEvent()).isAfterOrEqualTo(symbolBars.get(decisionBar).getEndTime());
      assertThat(report.getLastQuantity()).isEqualByComparingTo(order.getQuantity());
      assertThat(report.getFee())
          .isEqualByComparingTo(CostModel.DEFAULT.fee(order.getQuantity(), report.getLastPrice()));
    }
    assertThat(fillsPerOrder.values()).as("never filled twice").allMatch(n -> n == 1);
    // Only an order decided on the very last bar can be left without a fill.
    assertThat(fillsPerOrder.size()).isGreaterThanOrEqualTo(orders.size() - 2);
  }

  private static void assertBookIsExactAtEveryStep(List<PortfolioSnapshot> snapshots) {
    assertThat(snapshots).isNotEmpty();
    List<PortfolioSnapshot> ordered =
        snapshots.stream()
            .sorted(Comparator.comparingLong(PortfolioSnapshot::getSequence))
            .toList();
    for (int i = 0; i < ordered.size(); i++) {
      PortfolioSnapshot s = ordered.get(i);
      assertThat(s.getSequence()).isEqualTo(i + 1L);
      BigDecimal marketValue = BigDecimal.ZERO;
      for (PositionSnapshot p : s.getPositions()) {
        assertThat(p.getMarketValue())
            .isEqualByComparingTo(p.getQuantity().multiply(p.getMarketPrice()));
        marketValue = marketValue.add(p.getQuantity().multiply(p.getMarketPrice()));
      }
      assertThat(s.getEquity())
          .as("equity = cash + Σ position × price at snapshot %d", s.getSequence())
          .isEqualByComparingTo(s.getCash().add(marketValue));
      assertThat(s.getEquity().subtract(INITIAL_CASH))
          .as("P&L identity at snapshot %d", s.getSequence())
          .isEqualByComparingTo(s.getRealizedPnl().add(s.getUnrealizedPnl()).subtract(s.getFees()));
    }
  }

  private static void assertBookMatchesTheFills(
      List<PortfolioSnapshot> snapshots, List<ExecutionReport> reports) {
    PortfolioSnapshot last =
        snapshots.stream()
            .max(Comparator.comparingLong(PortfolioSnapshot::getSequence))
            .orElseThrow();
    Map<String, BigDecimal> positions = new TreeMap<>();
    BigDecimal cash = INITIAL_CASH;
    for (ExecutionReport r : reports) {
      if (r.getLastQuantity().signum() == 0) {
        continue;
      }
      BigDecimal signed =
          r.getSide() == Side.BUY ? r.getLastQuantity() : r.getLastQuantity().negate();
      positions.merge(r.getSymbol(), signed, BigDecimal::add);
      cash = cash.subtract(signed.multiply(r.getLastPrice())).subtract(r.getFee());
    }
    assertThat(last.getCash()).isEqualByComparingTo(cash);
    for (PositionSnapshot p : last.getPositions()) {
      assertThat(p.getQuantity())
          .as("position of %s", p.getSymbol())
          .isEqualByComparingTo(positions.getOrDefault(p.getSymbol(), BigDecimal.ZERO));
    }
  }

  private static void assertPositionsStayWithinTheLimit(
      List<PortfolioSnapshot> snapshots, List<Order> orders) {
    BigDecimal largest = BigDecimal.ZERO;
    for (PortfolioSnapshot s : snapshots) {
      for (PositionSnapshot p : s.getPositions()) {
        assertThat(p.getQuantity().abs()).isLessThanOrEqualTo(MAX_POSITION);
        largest = largest.max(p.getQuantity().abs());
      }
    }
    assertThat(orders)
        .allSatisfy(o -> assertThat(o.getQuantity()).isLessThanOrEqualTo(MAX_POSITION));
    assertThat(largest)
        .as("the cap was reached, so the limit was really exercised")
        .isEqualByComparingTo(MAX_POSITION);
  }

  private static void assertPoisonWasQuarantined(List<QuarantinedRecord> quarantined) {
    assertThat(quarantined)
        .anySatisfy(
            q -> {
              assertThat(q.getReason()).isEqualTo(QuarantineReason.BAD_MAGIC_BYTE);
              assertThat(q.getSource()).isEqualTo(Topic.BARS.topicName());
              assertThat(StandardCharsets.UTF_8.decode(q.getPayload()).toString())
                  .isEqualTo(new String(POISON, StandardCharsets.UTF_8));
            });
  }

  private static List<ExecutionReport> distinctByExecutionId(List<ExecutionReport> reports) {
    Map<String, ExecutionReport> byId = new LinkedHashMap<>();
    reports.forEach(r -> byId.putIfAbsent(r.getExecutionId(), r));
    return List.copyOf(byId.values());
  }

  private static void republishFirstFill() {
    AvroCodec<ExecutionReport> codec =
        AvroCodec.forTopic(Topic.FILLS, cluster.stack().registry(), false);
    ConsumerRecord<byte[], byte[]> fill =
        cluster.stack().reader().readRaw(Topic.FILLS).stream()
            .filter(r -> codec.decode(r.value()).getLastQuantity().signum() > 0)
            .findFirst()
            .orElseThrow();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(KafkaClients.producer(cluster.stack().bootstrapServers()))) {
      producer.send(new ProducerRecord<>(Topic.FILLS.topicName(), fill.key(), fill.value()));
    }
  }

  private static void publishPoisonBar() {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(KafkaClients.producer(cluster.stack().bootstrapServers()))) {
      producer.send(
          new ProducerRecord<>(
              Topic.BARS.topicName(), "AAPL".getBytes(StandardCharsets.UTF_8), POISON));
    }
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

  private static void daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }
}
