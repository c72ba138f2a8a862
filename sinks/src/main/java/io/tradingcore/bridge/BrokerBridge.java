package io.tradingcore.bridge;

import io.tradingcore.codec.AvroMapping;
import io.tradingcore.execution.Order;
import io.tradingcore.execution.PaperFillModel;
import io.tradingcore.kafka.KafkaClients;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.BarChecks;
import io.tradingcore.marketdata.Tick;
import io.tradingcore.marketdata.TickChecks;
import io.tradingcore.portfolio.BrokerPosition;
import io.tradingcore.portfolio.BrokerStatement;
import io.tradingcore.risk.OperatorCommand;
import io.tradingcore.risk.control.ControlKeys;
import io.tradingcore.risk.control.ControlVerifier;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.BrokerPositions;
import io.tradingcore.schemas.avro.Control;
import io.tradingcore.schemas.avro.ControlCommand;
import io.tradingcore.schemas.avro.ExecutionReport;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.avro.OrderAction;
import io.tradingcore.schemas.avro.QuarantineReason;
import io.tradingcore.schemas.avro.QuarantinedRecord;
import io.tradingcore.schemas.serde.AvroCodec;
import io.tradingcore.schemas.serde.DecodeException;
import io.tradingcore.schemas.serde.RegistryClient;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains {@code orders.v1} into a {@link Broker} and publishes its execution reports on {@code
 * fills.v1}; also feeds the broker market data from {@code md.bars.1m.v1}.
 *
 * <p>Each poll is processed in one Kafka transaction that carries both the reports and the consumed
 * offsets, so a report is published exactly when its input counts as consumed. Orders are read
 * committed (only checkpointed orders), and before submitting the bridge asks the broker whether it
 * already knows the client order id, so a replay never places an order twice; for a known order it
 * publishes the order's reports as the broker has them ({@link Broker#reportsOf}), so a bridge that
 * died after the broker took an order and before its transaction committed loses none of them. On
 * every loop it also asks the broker for what changed on its own ({@link Broker#poll()}: a remote
 * broker's fills) and publishes that in the same transaction.
 *
 * <p>An {@code orders.v1} record's action decides what it does: NEW submits, REPLACE goes to {@link
 * Broker#replace} (both skipped when the broker already knows the record's client order id), and
 * CANCEL goes to {@link Broker#cancel} for its target once per request id.
 *
 * <p>With a control key file ({@link BridgeConfig#controlKeys()}) it also reads {@code control.v1}
 * with its own consumer group, starting at the end of the topic on its first run (an old KILL must
 * not cancel a new bridge's orders). Commands are verified by {@link ControlVerifier}; a refused
 * one is logged with the reason. A KILL cancels the working orders of its portfolio, or of every
 * portfolio the bridge has seen an order for when it names {@code *}, after the orders and bars of
 * the same poll, and the cancel reports go out on {@code fills.v1} in the same transaction as the
 * command's offset. Other commands are the trading job's business and are ignored here.
 *
 * <p>Every {@link BridgeConfig#reconcileInterval()} it publishes, for each portfolio it has seen an
 * order of, the broker's positions ({@link Broker#positionsOf}) on {@code positions.broker.v1}, in
 * the transaction of that loop and after its reports: each statement counts, per symbol, the fill
 * reports the bridge published for the portfolio in this run up to and including it, so the trading
 * job can tell a fill still in flight from a lost one (see {@code Reconciliation}).
 */
public final class BrokerBridge implements Runnable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BrokerBridge.class);

  /**
   * Finished orders the paper broker remembers for idempotent look-ups and their reports: about 1.1
   * KB each with its two reports (measured), so about 220 MB at most. A replay reaches back one
   * uncommitted poll (at most 500 orders) or, with idempotent delivery, to the job's last
   * checkpoint: far fewer.
   */
  private static final int KNOWN_ORDERS_KEPT = 200_000;

  /** Applied command ids remembered against replays while the bridge runs. */
  private static final int APPLIED_COMMANDS_KEPT = 100_000;

  private final BridgeConfig config;
  private final Broker broker;
  private final BridgeFaults faults;
  private final BridgeStats stats = new BridgeStats();

  /** End of the last bar accepted per symbol: market data must move forward. */
  private final Map<String, Long> lastBarEnd = new HashMap<>();

  /**
   * Time of the last trade the broker was given, per symbol (with {@link
   * BridgeConfig.Feed#TRADES}).
   */
  private final Map<String, Long> lastTrade = new HashMap<>();

  /** What a KILL for every portfolio cancels. */
  private final Set<String> portfoliosSeen = new TreeSet<>();

  /** Fill reports published in this run, per portfolio and symbol: carried by each statement. */
  private final Map<String, Map<String, FillsReported>> fillReports = new HashMap<>();

  /** Statements published in this run, per portfolio. */
  private final Map<String, Long> statements = new HashMap<>();

  /** When this run started: statements carry it, as sequences and counts restart with a run. */
  private long runStarted;

  /** {@code null} when no key file is configured: control.v1 is not read. */
  private final ControlVerifier verifier;

  private final Map<String, Boolean> appliedCommands = new BoundedIds(APPLIED_COMMANDS_KEPT);

  /** CANCEL request ids applied while the bridge runs, against replays. */
  private final Map<String, Boolean> appliedCancels = new BoundedIds(APPLIED_COMMANDS_KEPT);

  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile boolean running = true;
  private volatile boolean started;
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private volatile KafkaConsumer<byte[], byte[]> controlConsumer;
  private volatile boolean listeningForControl;
  private volatile Throwable failure;

  /**
   * @throws IllegalArgumentException when a control key file is configured and cannot be used
   *     (missing, unreadable, invalid): the bridge does not start without the keys it was given
   */
  public BrokerBridge(BridgeConfig config, Broker broker) {
    this(config, broker, BridgeFaults.NONE);
  }

  /**
   * A bridge that calls {@code faults} at its crash points: for fault-injection tests, which live
   * in this package (in {@code jobs}, beside a real Kafka broker).
   *
   * @throws IllegalArgumentException as {@link #BrokerBridge(BridgeConfig, Broker)}
   */
  BrokerBridge(BridgeConfig config, Broker broker, BridgeFaults faults) {
    this.config = config;
    this.broker = broker;
    this.faults = faults;
    this.verifier =
        config.controlKeys() == null
            ? null
            : ControlVerifier.forAnyPortfolio(ControlKeys.load(config.controlKeys()));
  }

  /**
   * Whether the {@code control.v1} reader has its partitions and its start offsets: commands
   * published from now on reach it.
   */
  public boolean isListeningForControl() {
    return listeningForControl;
  }

  public BridgeStats stats() {
    return stats;
  }

  /** Why the bridge stopped on its own, if it did. */
  public Throwable failure() {
    return failure;
  }

  @Override
  public void run() {
    started = true;
    RegistryClient registry = config.registry().client();
    boolean autoRegister = config.registry().autoRegister();
    AvroCodec<io.tradingcore.schemas.avro.Order> orders =
        AvroCodec.forTopic(Topic.ORDERS, registry, autoRegister);
    AvroCodec<io.tradingcore.schemas.avro.Bar> bars =
        AvroCodec.forTopic(Topic.BARS, registry, autoRegister);
    AvroCodec<io.tradingcore.schemas.avro.Tick> ticks =
        AvroCodec.forTopic(Topic.TICKS, registry, autoRegister);
    AvroCodec<ExecutionReport> reports = AvroCodec.forTopic(Topic.FILLS, registry, autoRegister);
    AvroCodec<QuarantinedRecord> quarantine =
        AvroCodec.forTopic(Topic.QUARANTINE, registry, autoRegister);
    AvroCodec<Control> commands = AvroCodec.forTopic(Topic.CONTROL, registry, autoRegister);
    AvroCodec<BrokerPositions> positions =
        config.reconcileInterval().isZero()
            ? null
            : AvroCodec.forTopic(Topic.BROKER_POSITIONS, registry, autoRegister);
    runStarted = System.currentTimeMillis();
    long intervalNanos = config.reconcileInterval().toNanos();
    long nextStatement = System.nanoTime() + intervalNanos;
    KafkaProducer<byte[], byte[]> producer = null;
    boolean abandon = false;
    try (KafkaConsumer<byte[], byte[]> kafkaConsumer = new KafkaConsumer<>(consumerProperties());
        KafkaConsumer<byte[], byte[]> control =
            verifier == null ? null : new KafkaConsumer<>(controlConsumerProperties())) {
      producer = new KafkaProducer<>(producerProperties());
      consumer = kafkaConsumer;
      controlConsumer = control;
      if (!running) {
        return;
      }
      producer.initTransactions();
      if (broker.resumesFromPublishedReports()) {
        // After initTransactions: a dead run's open transaction is aborted, so read committed
        // reaches the end of the topic.
        resumeBroker(reports);
      }
      kafkaConsumer.subscribe(
          List.of(
              Topic.ORDERS.topicName(),
              config.feed() == BridgeConfig.Feed.TRADES
                  ? Topic.TICKS.topicName()
                  : Topic.BARS.topicName()),
          new StartAtRunStart());
      if (control == null) {
        LOG.warn(
            "Broker bridge '{}' has no control key file (--control-keys): it does not read {},"
                + " so a KILL does not cancel its orders",
            config.name(),
            Topic.CONTROL.topicName());
      } else {
        control.subscribe(List.of(Topic.CONTROL.topicName()), new ListenFromNow(control));
        LOG.info(
            "Broker bridge '{}' acts on KILL from {} (group {}), verified with {}",
            config.name(),
            Topic.CONTROL.topicName(),
            config.controlGroup(),
            config.controlKeys());
      }
      LOG.info("Broker bridge '{}' running against {}", config.name(), broker.name());
      while (running) {
        // Zero: the control reader must not slow the order path; its joins and fetches advance
        // a step on each call.
        ConsumerRecords<byte[], byte[]> controlRecords =
            control == null ? ConsumerRecords.empty() : control.poll(Duration.ZERO);
        ConsumerRecords<byte[], byte[]> records = kafkaConsumer.poll(config.pollTimeout());
        // Fills a remote broker made since the last loop, published with this loop's records.
        List<ExecutionReport> fromBroker = broker.poll();
        boolean statementsDue = positions != null && System.nanoTime() - nextStatement >= 0;
        if (records.isEmpty()
            && controlRecords.isEmpty()
            && fromBroker.isEmpty()
            && !statementsDue) {
          continue;
        }
        producer.beginTransaction();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        List<ExecutionReport> toPublish = new ArrayList<>(fromBroker);
        for (ConsumerRecord<byte[], byte[]> record : records) {
          toPublish.addAll(handle(record, orders, bars, ticks, quarantine, producer));
          offsets.put(
              new TopicPartition(record.topic(), record.partition()),
              new OffsetAndMetadata(record.offset() + 1));
        }
        // After the orders and bars of the same poll: a KILL cancels what they left working.
        Map<TopicPartition, OffsetAndMetadata> controlOffsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : controlRecords) {
          toPublish.addAll(handleControl(record, commands, quarantine, producer));
          controlOffsets.put(
              new TopicPartition(record.topic(), record.partition()),
              new OffsetAndMetadata(record.offset() + 1));
        }
        for (ExecutionReport report : toPublish) {
          producer.send(
              new ProducerRecord<>(
                  Topic.FILLS.topicName(),
                  report.getPortfolio().getBytes(StandardCharsets.UTF_8),
                  reports.encode(Topic.FILLS.topicName(), report)));
          count(report);
        }
        if (statementsDue) {
          // After this loop's reports: a statement never counts a fill whose report is not in
          // its transaction or an earlier one.
          publishStatements(positions, producer);
          nextStatement = System.nanoTime() + intervalNanos;
        }
        if (!offsets.isEmpty()) {
          producer.sendOffsetsToTransaction(offsets, kafkaConsumer.groupMetadata());
        }
        if (!controlOffsets.isEmpty()) {
          producer.sendOffsetsToTransaction(controlOffsets, control.groupMetadata());
        }
        faults.reached(BridgeFaults.Point.AFTER_REPORTS_BEFORE_COMMIT, null);
        producer.commitTransaction();
        stats.transactions.incrementAndGet();
        faults.reached(BridgeFaults.Point.AFTER_COMMIT, null);
        if (broker instanceof PaperBroker paper) {
          paper.forgetTerminalOrdersBeyond(KNOWN_ORDERS_KEPT);
        }
      }
    } catch (WakeupException e) {
      if (running) {
        failure = e;
      }
    } catch (BridgeFaults.Crash e) {
      failure = e;
      abandon = true;
      LOG.warn(
          "Broker bridge '{}' stopped by a fault injection: {}", config.name(), e.getMessage());
    } catch (RuntimeException e) {
      failure = e;
      abandon = true;
      LOG.error("Broker bridge '{}' stopped: {}", config.name(), e.toString(), e);
    } finally {
      if (producer != null) {
        // After a failure a transaction may be open. A plain close would abort it, and that
        // close hung until the Kafka broker went away when the transaction had nothing sent yet
        // (a failure between beginTransaction and the first report). Abandoned, the transaction
        // is aborted by the next bridge's initTransactions or the broker's time-out, as after a
        // killed process: nothing of it is ever committed either way.
        producer.close(abandon ? Duration.ZERO : Duration.ofMillis(Long.MAX_VALUE));
      }
      stopped.countDown();
    }
  }

  private List<ExecutionReport> handle(
      ConsumerRecord<byte[], byte[]> record,
      AvroCodec<io.tradingcore.schemas.avro.Order> orders,
      AvroCodec<io.tradingcore.schemas.avro.Bar> bars,
      AvroCodec<io.tradingcore.schemas.avro.Tick> ticks,
      AvroCodec<QuarantinedRecord> quarantine,
      KafkaProducer<byte[], byte[]> producer) {
    try {
      if (record.topic().equals(Topic.ORDERS.topicName())) {
        Order order = AvroMapping.toDomain(orders.decode(record.value()));
        stats.ordersReceived.incrementAndGet();
        portfoliosSeen.add(order.portfolio());
        return route(record, order, quarantine, producer);
      }
      if (record.topic().equals(Topic.TICKS.topicName())) {
        return onTick(
            record, AvroMapping.toDomain(ticks.decode(record.value())), quarantine, producer);
      }
      Bar bar = AvroMapping.toDomain(bars.decode(record.value()));
      stats.barsReceived.incrementAndGet();
      Optional<BarChecks.Problem> problem = BarChecks.check(bar);
      Long last = lastBarEnd.get(bar.symbol());
      if (problem.isEmpty() && last != null) {
        problem = BarChecks.checkSequence(bar, last);
      }
      if (problem.isPresent()) {
        // A broker must not fill at a price the job refused to believe.
        quarantine(record, problem.get().reason(), problem.get().detail(), quarantine, producer);
        return List.of();
      }
      lastBarEnd.put(bar.symbol(), bar.endMillis());
      return broker.onMarketData(bar);
    } catch (DecodeException e) {
      quarantine(record, e.reason(), e.getMessage(), quarantine, producer);
      return List.of();
    }
  }

  /**
   * NEW orders and REPLACE requests go to the broker unless it already knows their client order id
   * (a replay); a CANCEL goes to {@link Broker#cancel} once per request id while the bridge runs,
   * and a replayed CANCEL after a restart finds its target no longer working. An action this code
   * does not know is quarantined, never guessed at.
   */
  private List<ExecutionReport> route(
      ConsumerRecord<byte[], byte[]> record,
      Order order,
      AvroCodec<QuarantinedRecord> quarantine,
      KafkaProducer<byte[], byte[]> producer) {
    switch (order.action()) {
      case NEW, REPLACE -> {
        if (broker.lookup(order).isPresent()) {
          // Known: placed by this bridge before it died, or earlier in this run. Its reports go
          // out again as the broker has them now; those already published repeat their ids and
          // the job drops them, those lost with an uncommitted transaction arrive now.
          stats.ordersSkippedAsKnown.incrementAndGet();
          List<ExecutionReport> again = broker.reportsOf(order);
          stats.reportsRepublished.addAndGet(again.size());
          return again;
        }
        List<ExecutionReport> placed =
            order.action() == OrderAction.NEW ? broker.submit(order) : broker.replace(order);
        faults.reached(BridgeFaults.Point.AFTER_SUBMIT, order.clientOrderId());
        return placed;
      }
      case CANCEL -> {
        if (order.targetClientOrderId() == null
            || appliedCancels.putIfAbsent(order.clientOrderId(), Boolean.TRUE) != null) {
          stats.ordersSkippedAsKnown.incrementAndGet();
          return List.of();
        }
        return broker.cancel(order.targetClientOrderId());
      }
      default -> {
        quarantine(
            record,
            QuarantineReason.SCHEMA_VIOLATION,
            "order "
                + order.clientOrderId()
                + " has action "
                + order.action()
                + ", which this bridge does not know",
            quarantine,
            producer);
        return List.of();
      }
    }
  }

  /**
   * A trade goes to the broker as the smallest bar ({@link PaperFillModel#tradeAsBar}); quotes are
   * skipped. A trade the job would refuse (no price or size, not positive) or one earlier than the
   * symbol's last trade is quarantined, never filled on.
   */
  private List<ExecutionReport> onTick(
      ConsumerRecord<byte[], byte[]> record,
      Tick tick,
      AvroCodec<QuarantinedRecord> quarantine,
      KafkaProducer<byte[], byte[]> producer) {
    if (!tick.isTrade()) {
      return List.of();
    }
    stats.tradesReceived.incrementAndGet();
    Optional<TickChecks.Problem> problem = TickChecks.check(tick);
    if (problem.isPresent()) {
      quarantine(record, problem.get().reason(), problem.get().detail(), quarantine, producer);
      return List.of();
    }
    Long last = lastTrade.get(tick.symbol());
    if (last != null && tick.eventTimeMillis() < last) {
      quarantine(
          record,
          QuarantineReason.OUT_OF_ORDER,
          "trade at "
              + Instant.ofEpochMilli(tick.eventTimeMillis())
              + " is earlier than the last trade of "
              + tick.symbol()
              + " at "
              + Instant.ofEpochMilli(last),
          quarantine,
          producer);
      return List.of();
    }
    lastTrade.put(tick.symbol(), tick.eventTimeMillis());
    return broker.onMarketData(PaperFillModel.tradeAsBar(tick));
  }

  /**
   * Verifies one {@code control.v1} record and, for a KILL, cancels the working orders it
   * addresses; returns the cancel reports.
   */
  private List<ExecutionReport> handleControl(
      ConsumerRecord<byte[], byte[]> record,
      AvroCodec<Control> commands,
      AvroCodec<QuarantinedRecord> quarantine,
      KafkaProducer<byte[], byte[]> producer) {
    Control control;
    try {
      control = commands.decode(record.value());
    } catch (DecodeException e) {
      quarantine(record, e.reason(), e.getMessage(), quarantine, producer);
      return List.of();
    }
    stats.controlCommandsReceived.incrementAndGet();
    ControlVerifier.Verdict verdict = verifier.verify(control, System.currentTimeMillis());
    if (!verdict.isAccepted()) {
      refuse(control, verdict.refusal());
      return List.of();
    }
    OperatorCommand command = verdict.command();
    if (appliedCommands.putIfAbsent(command.commandId(), Boolean.TRUE) != null) {
      refuse(control, "command id " + command.commandId() + " was already applied: a replay");
      return List.of();
    }
    if (command.command() != ControlCommand.KILL) {
      LOG.info(
          "Control command {} ({} for portfolio {}) is the trading job's to act on; the bridge"
              + " ignores it",
          command.commandId(),
          command.command(),
          command.portfolio());
      stats.controlCommandsIgnored.incrementAndGet();
      return List.of();
    }
    List<String> portfolios =
        command.portfolio().equals(OperatorCommand.ALL_PORTFOLIOS)
            ? List.copyOf(portfoliosSeen)
            : List.of(command.portfolio());
    List<ExecutionReport> canceled = new ArrayList<>();
    for (String portfolio : portfolios) {
      canceled.addAll(broker.cancelAll(portfolio));
    }
    stats.kills.incrementAndGet();
    LOG.warn(
        "KILL {} for portfolio {} by {} ({}): canceled {} working orders of {}",
        command.commandId(),
        command.portfolio(),
        command.operator(),
        command.reason(),
        canceled.size(),
        portfolios);
    return canceled;
  }

  /**
   * One statement per portfolio seen: the broker's positions and, for every symbol held or reported
   * in this run, the fill reports published so far. A portfolio the broker cannot tell about, or a
   * failed read, gets none this time (its sequence does not move, so the job does not take the next
   * statement as the consecutive one of a statement it never saw).
   */
  private void publishStatements(
      AvroCodec<BrokerPositions> codec, KafkaProducer<byte[], byte[]> producer) {
    for (String portfolio : portfoliosSeen) {
      Optional<Map<String, BigDecimal>> held;
      try {
        held = broker.positionsOf(portfolio);
      } catch (RuntimeException e) {
        LOG.warn("Could not read the positions of portfolio {}: {}", portfolio, e.toString());
        stats.statementsFailed.incrementAndGet();
        continue;
      }
      if (held.isEmpty()) {
        continue;
      }
      Map<String, FillsReported> reported = fillReports.getOrDefault(portfolio, Map.of());
      Set<String> symbols = new TreeSet<>(held.get().keySet());
      symbols.addAll(reported.keySet());
      List<BrokerPosition> lines = new ArrayList<>();
      for (String symbol : symbols) {
        FillsReported fills = reported.getOrDefault(symbol, FillsReported.NONE);
        lines.add(
            new BrokerPosition(
                symbol,
                held.get().getOrDefault(symbol, BigDecimal.ZERO),
                fills.count(),
                fills.last()));
      }
      BrokerStatement statement =
          new BrokerStatement(
              portfolio,
              broker.name(),
              config.name(),
              runStarted,
              statements.merge(portfolio, 1L, Long::sum),
              System.currentTimeMillis(),
              lines);
      producer.send(
          new ProducerRecord<>(
              Topic.BROKER_POSITIONS.topicName(),
              portfolio.getBytes(StandardCharsets.UTF_8),
              codec.encode(Topic.BROKER_POSITIONS.topicName(), AvroMapping.toAvro(statement))));
      stats.statementsPublished.incrementAndGet();
    }
  }

  private void refuse(Control control, String why) {
    stats.controlCommandsRefused.incrementAndGet();
    LOG.warn(
        "Refused control command {} ({} for portfolio {} by {}): {}",
        control.getCommandId(),
        control.getCommand(),
        control.getPortfolio(),
        control.getOperator(),
        why);
  }

  /** Never dropped silently: the record goes to quarantine with why, and the bridge goes on. */
  private void quarantine(
      ConsumerRecord<byte[], byte[]> record,
      QuarantineReason reason,
      String detail,
      AvroCodec<QuarantinedRecord> codec,
      KafkaProducer<byte[], byte[]> producer) {
    LOG.warn(
        "Quarantining {} partition {} offset {}: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        detail);
    QuarantinedRecord rejected =
        AvroMapping.toAvro(
            KafkaClients.quarantined(record, reason, detail, "broker-bridge:" + config.name()),
            Instant.now());
    producer.send(
        new ProducerRecord<>(
            Topic.QUARANTINE.topicName(),
            record.key(),
            codec.encode(Topic.QUARANTINE.topicName(), rejected)));
    stats.quarantined.incrementAndGet();
  }

  /**
   * Positions partitions the group has never committed on at the configured start time, so a bridge
   * for a new run on a shared Kafka does not replay earlier runs' orders.
   */
  private final class StartAtRunStart implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      Long start = config.startFromMillis();
      KafkaConsumer<byte[], byte[]> kafka = consumer;
      if (start == null || kafka == null || partitions.isEmpty()) {
        return;
      }
      KafkaClients.uncommittedStarts(kafka, partitions, start).forEach(kafka::seek);
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}
  }

  /**
   * Resolves the control reader's start positions as soon as it has its partitions (the end of the
   * topic on a first run, else the committed offsets), so it is known when commands start to count.
   */
  private final class ListenFromNow implements ConsumerRebalanceListener {
    private final KafkaConsumer<byte[], byte[]> control;

    ListenFromNow(KafkaConsumer<byte[], byte[]> control) {
      this.control = control;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      for (TopicPartition partition : partitions) {
        control.position(partition);
      }
      listeningForControl = !control.assignment().isEmpty();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      listeningForControl = false;
    }
  }

  /** Ids remembered in insertion order, the oldest forgotten past a bound. */
  private static final class BoundedIds extends LinkedHashMap<String, Boolean> {
    private final int kept;

    BoundedIds(int kept) {
      this.kept = kept;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
      return size() > kept;
    }
  }

  private void count(ExecutionReport report) {
    stats.reportsPublished.incrementAndGet();
    if (report.getLastQuantity().signum() > 0) {
      stats.fills.incrementAndGet();
      fillReports
          .computeIfAbsent(report.getPortfolio(), p -> new HashMap<>())
          .merge(
              report.getSymbol(),
              new FillsReported(1, report.getExecutionId()),
              (before, now) -> new FillsReported(before.count() + 1, now.last()));
    }
    if (report.getStatus() == ExecutionStatus.REJECTED) {
      stats.rejects.incrementAndGet();
    }
  }

  /**
   * Hands the broker the last report published for each of its orders: {@code fills.v1} read
   * committed from the start to its end as of now (its retention bounds the scan), reports of other
   * brokers and undecodable records skipped.
   */
  private void resumeBroker(AvroCodec<ExecutionReport> codec) {
    Map<String, ExecutionReport> last = new LinkedHashMap<>();
    long read = 0;
    try (KafkaConsumer<byte[], byte[]> reader =
        new KafkaConsumer<>(KafkaClients.consumer(config.bootstrapServers()))) {
      List<TopicPartition> partitions =
          reader.partitionsFor(Topic.FILLS.topicName()).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      reader.assign(partitions);
      reader.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = reader.endOffsets(partitions);
      while (running && partitions.stream().anyMatch(p -> reader.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> record : reader.poll(config.pollTimeout())) {
          read++;
          ExecutionReport report;
          try {
            report = codec.decode(record.value());
          } catch (DecodeException e) {
            continue; // quarantined by whoever reads fills.v1 for real; nothing to resume here
          }
          if (broker.name().equals(report.getBroker().toString())) {
            last.put(report.getClientOrderId().toString(), report);
          }
        }
      }
    }
    LOG.info(
        "Broker bridge '{}' read {} reports back from {}: the last of {} {} orders go to the"
            + " broker to resume from",
        config.name(),
        read,
        Topic.FILLS.topicName(),
        last.size(),
        broker.name());
    broker.resume(last.values());
  }

  private Properties consumerProperties() {
    Properties p = KafkaClients.consumer(config.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, config.name());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return p;
  }

  private Properties controlConsumerProperties() {
    Properties p = KafkaClients.consumer(config.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, config.controlGroup());
    // A new bridge starts at the end of control.v1: last week's KILL is not for its orders.
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    return p;
  }

  private Properties producerProperties() {
    Properties p = KafkaClients.producer(config.bootstrapServers());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.name() + "-reports");
    return p;
  }

  /** Stops polling, waits for the current transaction to finish and closes the clients. */
  @Override
  public void close() {
    running = false;
    if (!started) {
      return;
    }
    KafkaConsumer<byte[], byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    KafkaConsumer<byte[], byte[]> control = controlConsumer;
    if (control != null) {
      control.wakeup();
    }
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Fill reports of one portfolio and symbol published in this run: how many, and the last id. */
  private record FillsReported(long count, String last) {
    static final FillsReported NONE = new FillsReported(0, null);
  }
}
