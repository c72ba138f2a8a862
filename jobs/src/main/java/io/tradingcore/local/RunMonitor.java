package io.tradingcore.local;

import io.tradingcore.kafka.KafkaClients;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.ExecutionReport;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.avro.PortfolioSnapshot;
import io.tradingcore.schemas.avro.SnapshotTrigger;
import io.tradingcore.schemas.serde.AvroCodec;
import io.tradingcore.schemas.serde.DecodeException;
import io.tradingcore.schemas.serde.RegistryClient;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the run's output topics as any consumer would (orders read committed), and keeps what a
 * person wants to see: orders, fills, equity, return and the deepest drawdown so far.
 */
public final class RunMonitor implements Runnable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunMonitor.class);

  private final String bootstrapServers;
  private final RegistryClient registry;
  private final String portfolio;
  private final BigDecimal initialCash;

  private final AtomicLong orders = new AtomicLong();
  private final AtomicLong fills = new AtomicLong();
  private final AtomicLong rejects = new AtomicLong();
  private final AtomicLong marks = new AtomicLong();
  private final AtomicLong riskEvents = new AtomicLong();
  private final AtomicLong quarantined = new AtomicLong();
  private volatile PortfolioSnapshot last;
  private long lastSequence;
  private volatile BigDecimal peakEquity;
  private volatile double maxDrawdown;
  private volatile boolean running = true;
  private volatile KafkaConsumer<byte[], byte[]> consumer;

  private final long startFromMillis;

  /**
   * @param startFromMillis records written before this instant (earlier runs on a shared Kafka) are
   *     not counted
   */
  public RunMonitor(
      String bootstrapServers,
      RegistryClient registry,
      String portfolio,
      BigDecimal initialCash,
      long startFromMillis) {
    this.startFromMillis = startFromMillis;
    this.bootstrapServers = bootstrapServers;
    this.registry = registry;
    this.portfolio = portfolio;
    this.initialCash = initialCash;
    this.peakEquity = initialCash;
  }

  @Override
  public void run() {
    AvroCodec<ExecutionReport> reports = AvroCodec.forTopic(Topic.FILLS, registry, true);
    AvroCodec<PortfolioSnapshot> snapshots = AvroCodec.forTopic(Topic.PORTFOLIO, registry, true);
    try (KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(properties())) {
      consumer = kafka;
      Map<String, Long> starts = new HashMap<>();
      for (Topic topic :
          List.of(
              Topic.ORDERS, Topic.FILLS, Topic.PORTFOLIO, Topic.RISK_EVENTS, Topic.QUARANTINE)) {
        starts.put(topic.topicName(), startFromMillis);
      }
      KafkaClients.assignFrom(kafka, starts);
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : kafka.poll(Duration.ofMillis(200))) {
          try {
            count(record, reports, snapshots);
          } catch (DecodeException e) {
            // Someone else's garbage on a topic must not blind the progress display; the job
            // quarantines what it cannot read, so here it is only worth a line in the log.
            LOG.warn(
                "Progress display skips an undecodable record on {}: {}",
                record.topic(),
                e.getMessage());
          }
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop.
    }
  }

  private void count(
      ConsumerRecord<byte[], byte[]> record,
      AvroCodec<ExecutionReport> reports,
      AvroCodec<PortfolioSnapshot> snapshots) {
    String topic = record.topic();
    if (topic.equals(Topic.ORDERS.topicName())) {
      orders.incrementAndGet();
    } else if (topic.equals(Topic.FILLS.topicName())) {
      ExecutionReport report = reports.decode(record.value());
      if (report.getLastQuantity().signum() > 0) {
        fills.incrementAndGet();
      }
      if (report.getStatus() == ExecutionStatus.REJECTED) {
        rejects.incrementAndGet();
      }
    } else if (topic.equals(Topic.PORTFOLIO.topicName())) {
      onSnapshot(snapshots.decode(record.value()));
    } else if (topic.equals(Topic.RISK_EVENTS.topicName())) {
      riskEvents.incrementAndGet();
    } else {
      quarantined.incrementAndGet();
    }
  }

  private void onSnapshot(PortfolioSnapshot snapshot) {
    if (!snapshot.getPortfolio().equals(portfolio)) {
      return;
    }
    // portfolio.v1 is at-least-once: after a job restart, snapshots may come again.
    if (snapshot.getSequence() <= lastSequence) {
      return;
    }
    lastSequence = snapshot.getSequence();
    if (snapshot.getTrigger() == SnapshotTrigger.MARK) {
      marks.incrementAndGet();
    }
    BigDecimal equity = snapshot.getEquity();
    if (equity.compareTo(peakEquity) > 0) {
      peakEquity = equity;
    }
    double drawdown =
        peakEquity.subtract(equity).divide(peakEquity, MathContext.DECIMAL64).doubleValue();
    maxDrawdown = Math.max(maxDrawdown, drawdown);
    last = snapshot;
  }

  private Properties properties() {
    return KafkaClients.consumer(bootstrapServers);
  }

  /** Orders committed on {@code orders.v1}: what the bridge may act on. */
  public long orders() {
    return orders.get();
  }

  public long fills() {
    return fills.get();
  }

  public long rejects() {
    return rejects.get();
  }

  /** Mark-to-market snapshots: one per bar the job has fully processed. */
  public long marks() {
    return marks.get();
  }

  public long riskEvents() {
    return riskEvents.get();
  }

  public long quarantined() {
    return quarantined.get();
  }

  public BigDecimal equity() {
    PortfolioSnapshot snapshot = last;
    return snapshot == null ? initialCash : snapshot.getEquity();
  }

  public BigDecimal initialCash() {
    return initialCash;
  }

  /** Equity relative to the initial cash, e.g. 0.0123 for +1.23 %. */
  public double totalReturn() {
    return equity().divide(initialCash, MathContext.DECIMAL64).doubleValue() - 1.0;
  }

  /** Deepest fall of equity from its running peak, e.g. 0.004 for 0.4 %. */
  public double maxDrawdown() {
    return maxDrawdown;
  }

  /** The latest snapshot, or {@code null} before the first. */
  public PortfolioSnapshot lastSnapshot() {
    return last;
  }

  @Override
  public void close() {
    running = false;
    KafkaConsumer<byte[], byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
  }
}
