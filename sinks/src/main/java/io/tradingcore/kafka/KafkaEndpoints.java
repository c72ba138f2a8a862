package io.tradingcore.kafka;

import io.tradingcore.codec.AvroMapping;
import io.tradingcore.codec.ControlTypeInfo;
import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.execution.Order;
import io.tradingcore.features.BarFeatures;
import io.tradingcore.features.cross.PortfolioFeatureVector;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.Quarantined;
import io.tradingcore.marketdata.Tick;
import io.tradingcore.policy.ModelRelease;
import io.tradingcore.portfolio.BookSnapshot;
import io.tradingcore.portfolio.BrokerStatement;
import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.BrokerPositions;
import io.tradingcore.schemas.avro.Control;
import io.tradingcore.schemas.avro.ModelUpdate;
import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.typeinfo.TypeHint;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The trading job's Kafka sources and sinks, built the same way for the local stack, the tests and
 * a cluster.
 *
 * <p>Sources read committed data only (orders and fills are written transactionally) and start from
 * the group's committed offsets, or the earliest ones on a first run. The order sink is
 * exactly-once by default: orders become visible to the bridge when the checkpoint that produced
 * them completes; {@link OrderDelivery#IDEMPOTENT} sends them at once instead (see {@link
 * #withOrderDelivery}).
 *
 * @param jobName distinguishes consumer groups and transactional ids of jobs sharing a cluster
 * @param orderDelivery how {@link #orders()} writes
 */
public record KafkaEndpoints(
    String bootstrapServers,
    RegistrySettings registry,
    String jobName,
    Duration transactionTimeout,
    Long startFromMillis,
    boolean bounded,
    OrderDelivery orderDelivery)
    implements Serializable {

  /** Below the broker's default transaction.max.timeout.ms of 15 minutes. */
  public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

  /**
   * What {@link #control()} produces: {@link Control} travels with {@link ControlTypeInfo}, as the
   * serializer Flink's own analysis picks for it fails on the first record. After {@link
   * SplitDecoded}, use {@code .returns(ControlTypeInfo.INSTANCE)}.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static final TypeInformation<Decoded<Control>> DECODED_CONTROL =
      (TypeInformation)
          Types.POJO(
              Decoded.class,
              Map.of(
                  "value",
                  ControlTypeInfo.INSTANCE,
                  "rejected",
                  TypeInformation.of(Quarantined.class)));

  public KafkaEndpoints {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("Kafka bootstrap servers are required");
    }
    if (jobName == null || !jobName.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "job name must be letters, digits, '.', '_' or '-', got '" + jobName + "'");
    }
    if (orderDelivery == null) {
      throw new IllegalArgumentException("order delivery is required");
    }
    if (transactionTimeout == null
        || transactionTimeout.isNegative()
        || transactionTimeout.isZero()) {
      throw new IllegalArgumentException(
          "the order sink's transaction timeout must be positive, got " + transactionTimeout);
    }
  }

  public KafkaEndpoints(String bootstrapServers, RegistrySettings registry, String jobName) {
    this(
        bootstrapServers,
        registry,
        jobName,
        DEFAULT_TRANSACTION_TIMEOUT,
        null,
        false,
        OrderDelivery.EXACTLY_ONCE);
  }

  /**
   * The same endpoints with the order sink's transactions timing out after {@code timeout}: longer
   * than the longest a checkpoint and a restart can take together (or an aborted transaction's
   * orders are lost), at most the brokers' {@code transaction.max.timeout.ms} ({@link
   * OrderSinkChecks}).
   */
  public KafkaEndpoints withTransactionTimeout(Duration timeout) {
    return new KafkaEndpoints(
        bootstrapServers, registry, jobName, timeout, startFromMillis, bounded, orderDelivery);
  }

  /**
   * What the order sink's transactional ids start with: unique per job name, so two jobs under one
   * name fence each other ({@link OrderSinkChecks} refuses the second at start).
   */
  public String ordersTransactionalIdPrefix() {
    return jobName + "-orders";
  }

  /**
   * The same endpoints, with sources starting at the first record written at or after {@code
   * timestampMillis} instead of the committed offsets: a run that must not see what earlier runs
   * left on a shared Kafka.
   */
  public KafkaEndpoints startingFrom(long timestampMillis) {
    return new KafkaEndpoints(
        bootstrapServers,
        registry,
        jobName,
        transactionTimeout,
        timestampMillis,
        bounded,
        orderDelivery);
  }

  /**
   * The same endpoints with sources that stop at the offsets the topics had when the job started,
   * from the earliest: a job over what is in Kafka now (an export, a benchmark) that finishes.
   */
  public KafkaEndpoints boundedToLatest() {
    return new KafkaEndpoints(
        bootstrapServers,
        registry,
        jobName,
        transactionTimeout,
        startFromMillis,
        true,
        orderDelivery);
  }

  /** The same endpoints with {@link #orders()} writing as {@code delivery} says. */
  public KafkaEndpoints withOrderDelivery(OrderDelivery delivery) {
    return new KafkaEndpoints(
        bootstrapServers,
        registry,
        jobName,
        transactionTimeout,
        startFromMillis,
        bounded,
        delivery);
  }

  public KafkaSource<Decoded<Bar>> bars() {
    return source(Topic.BARS, barDeserializer());
  }

  /** Trades and quotes, read committed like bars. */
  public KafkaSource<Decoded<Tick>> ticks() {
    return source(Topic.TICKS, tickDeserializer());
  }

  /**
   * Bars of exactly the offsets in [{@code from}, {@code to}) of each partition, read committed: a
   * bounded history for a backtest, whatever the endpoints' own start and bound.
   */
  public KafkaSource<Decoded<Bar>> bars(OffsetsInitializer from, OffsetsInitializer to) {
    return range(Topic.BARS, barDeserializer(), from, to);
  }

  /** Ticks of exactly the offsets in [{@code from}, {@code to}) of each partition. */
  public KafkaSource<Decoded<Tick>> ticks(OffsetsInitializer from, OffsetsInitializer to) {
    return range(Topic.TICKS, tickDeserializer(), from, to);
  }

  private AvroRecordDeserializer<io.tradingcore.schemas.avro.Bar, Bar> barDeserializer() {
    return new AvroRecordDeserializer<>(
        Topic.BARS,
        registry,
        AvroMapping::toDomain,
        TypeInformation.of(new TypeHint<Decoded<Bar>>() {}));
  }

  private AvroRecordDeserializer<io.tradingcore.schemas.avro.Tick, Tick> tickDeserializer() {
    return new AvroRecordDeserializer<>(
        Topic.TICKS,
        registry,
        AvroMapping::toDomain,
        TypeInformation.of(new TypeHint<Decoded<Tick>>() {}));
  }

  public KafkaSource<Decoded<ExecutionReport>> fills() {
    return source(
        Topic.FILLS,
        new AvroRecordDeserializer<io.tradingcore.schemas.avro.ExecutionReport, ExecutionReport>(
            Topic.FILLS,
            registry,
            AvroMapping::toDomain,
            TypeInformation.of(new TypeHint<Decoded<ExecutionReport>>() {})));
  }

  /**
   * The broker bridge's position statements, for reconciliation. A consumer group's first run
   * starts at the end of the topic: a statement describes the broker at its time, and an old one
   * compared with a new job's book is a false break. A restored job goes on from its checkpoint.
   */
  public KafkaSource<Decoded<BrokerStatement>> brokerPositions() {
    return source(
        Topic.BROKER_POSITIONS,
        new AvroRecordDeserializer<BrokerPositions, BrokerStatement>(
            Topic.BROKER_POSITIONS,
            registry,
            AvroMapping::toDomain,
            TypeInformation.of(new TypeHint<Decoded<BrokerStatement>>() {})),
        OffsetResetStrategy.LATEST);
  }

  /**
   * Model releases for the policy scorer. Only releases published after a job first starts count (a
   * fresh consumer group starts at the end); a restored job goes on from its checkpoint.
   */
  public KafkaSource<Decoded<ModelRelease>> models() {
    return source(
        Topic.MODELS,
        new AvroRecordDeserializer<ModelUpdate, ModelRelease>(
            Topic.MODELS,
            registry,
            AvroMapping::toDomain,
            TypeInformation.of(new TypeHint<Decoded<ModelRelease>>() {})),
        OffsetResetStrategy.LATEST);
  }

  /**
   * Operator commands, as signed: verify them ({@code VerifyControlFunction}) before acting. A
   * consumer group's first run starts at the end of the topic, not the earliest offset: a command
   * is for the jobs running when it is issued, and a KILL or SET_LIMIT from last week must not hit
   * a job started today. A restored job goes on from its checkpoint. Undecodable records come out
   * as {@link Decoded#rejected}, for quarantine like every topic's.
   */
  public KafkaSource<Decoded<Control>> control() {
    return source(
        Topic.CONTROL,
        new AvroRecordDeserializer<Control, Control>(
            Topic.CONTROL, registry, control -> control, DECODED_CONTROL),
        OffsetResetStrategy.LATEST);
  }

  /**
   * {@code control}'s record for {@code control.v1}: keyed by its portfolio, the value in the
   * registry wire format, written by the serializer every sink uses.
   */
  public static ProducerRecord<byte[], byte[]> controlRecord(
      RegistrySettings registry, Control control) {
    return new AvroRecordSerializer<Control, Control>(
            Topic.CONTROL, registry, Control::getPortfolio, c -> c)
        .serialize(control, null, null);
  }

  /**
   * Publishes {@code control} on {@code control.v1} and waits up to {@code timeout} for the broker
   * to acknowledge it.
   *
   * @throws IllegalStateException naming the servers when Kafka does not acknowledge in time
   */
  public static RecordMetadata publishControl(
      String bootstrapServers, RegistrySettings registry, Control control, Duration timeout) {
    ProducerRecord<byte[], byte[]> record = controlRecord(registry, control);
    Properties properties = KafkaClients.producer(bootstrapServers);
    properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) timeout.toMillis());
    properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    properties.put(
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties)) {
      return producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Could not publish to "
              + Topic.CONTROL.topicName()
              + " on Kafka at "
              + bootstrapServers
              + ": "
              + (e.getCause() == null ? e : e.getCause()),
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while publishing a control command", e);
    }
  }

  /**
   * Orders, as {@link #orderDelivery()} says: exactly once (a transaction per checkpoint, the
   * transactional ids prefixed with the job name), or idempotent (each order sent at once, no
   * batching delay; the bridge drops a repeat).
   */
  public KafkaSink<Order> orders() {
    KafkaSinkBuilder<Order> sink =
        KafkaSink.<Order>builder()
            .setBootstrapServers(bootstrapServers)
            .setRecordSerializer(
                new AvroRecordSerializer<Order, io.tradingcore.schemas.avro.Order>(
                    Topic.ORDERS, registry, Order::portfolio, AvroMapping::toAvro));
    if (orderDelivery == OrderDelivery.IDEMPOTENT) {
      return sink.setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
          .setProperty(ProducerConfig.LINGER_MS_CONFIG, "0")
          .setProperty(ProducerConfig.ACKS_CONFIG, "all")
          .setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true")
          .build();
    }
    return sink.setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(ordersTransactionalIdPrefix())
        .setProperty("transaction.timeout.ms", String.valueOf(transactionTimeout.toMillis()))
        .build();
  }

  public KafkaSink<BookSnapshot> snapshots() {
    return atLeastOnce(
        new AvroRecordSerializer<BookSnapshot, io.tradingcore.schemas.avro.PortfolioSnapshot>(
            Topic.PORTFOLIO, registry, s -> s.book().portfolio(), AvroMapping::toAvro));
  }

  /** What the policy sees, bar by bar: named, versioned feature vectors, keyed by symbol. */
  public KafkaSink<BarFeatures> features() {
    return atLeastOnce(
        new AvroRecordSerializer<BarFeatures, io.tradingcore.schemas.avro.FeatureVector>(
            Topic.FEATURES,
            registry,
            BarFeatures::symbol,
            f -> AvroMapping.toAvro(f, Instant.now())));
  }

  /** Each portfolio's cross-asset features per bar, on the same topic, keyed by portfolio. */
  public KafkaSink<PortfolioFeatureVector> portfolioFeatures() {
    return atLeastOnce(
        new AvroRecordSerializer<PortfolioFeatureVector, io.tradingcore.schemas.avro.FeatureVector>(
            Topic.FEATURES,
            registry,
            PortfolioFeatureVector::portfolio,
            f -> AvroMapping.toAvro(f, Instant.now())));
  }

  public KafkaSink<RiskAlert> riskEvents() {
    return atLeastOnce(
        new AvroRecordSerializer<RiskAlert, io.tradingcore.schemas.avro.RiskEvent>(
            Topic.RISK_EVENTS, registry, RiskAlert::portfolio, AvroMapping::toAvro));
  }

  public KafkaSink<Quarantined> quarantine() {
    return atLeastOnce(
        new AvroRecordSerializer<Quarantined, io.tradingcore.schemas.avro.QuarantinedRecord>(
            Topic.QUARANTINE,
            registry,
            q -> q.key() == null ? "" : q.key(),
            q -> AvroMapping.toAvro(q, Instant.now())));
  }

  private <T> KafkaSource<Decoded<T>> source(
      Topic topic, AvroRecordDeserializer<?, T> deserializer) {
    return source(topic, deserializer, OffsetResetStrategy.EARLIEST);
  }

  private <T> KafkaSource<Decoded<T>> range(
      Topic topic,
      AvroRecordDeserializer<?, T> deserializer,
      OffsetsInitializer from,
      OffsetsInitializer to) {
    return reading(topic, deserializer, KafkaSource.<Decoded<T>>builder())
        .setStartingOffsets(from)
        .setBounded(to)
        .build();
  }

  /** The settings every source of {@code topic} shares: where, what, how to decode, committed. */
  private <T> KafkaSourceBuilder<Decoded<T>> reading(
      Topic topic, AvroRecordDeserializer<?, T> deserializer, KafkaSourceBuilder<Decoded<T>> b) {
    return b.setBootstrapServers(bootstrapServers)
        .setTopics(topic.topicName())
        .setGroupId(jobName + "-" + topic.topicName())
        .setDeserializer(deserializer)
        .setProperty("isolation.level", "read_committed")
        .setProperty("partition.discovery.interval.ms", "10000");
  }

  /**
   * A read-committed source of {@code topic}: bounded from the earliest (or {@code
   * startFromMillis}) to the latest offsets, or unbounded from the group's committed offsets, with
   * {@code firstRun} where the group has none.
   */
  private <T> KafkaSource<Decoded<T>> source(
      Topic topic, AvroRecordDeserializer<?, T> deserializer, OffsetResetStrategy firstRun) {
    KafkaSourceBuilder<Decoded<T>> builder = KafkaSource.<Decoded<T>>builder();
    if (bounded) {
      builder
          .setStartingOffsets(
              startFromMillis == null
                  ? OffsetsInitializer.earliest()
                  : OffsetsInitializer.timestamp(startFromMillis))
          .setBounded(OffsetsInitializer.latest());
    } else {
      builder.setStartingOffsets(
          startFromMillis == null
              ? OffsetsInitializer.committedOffsets(firstRun)
              : OffsetsInitializer.timestamp(startFromMillis));
    }
    return reading(topic, deserializer, builder).build();
  }

  private <T> KafkaSink<T> atLeastOnce(AvroRecordSerializer<T, ?> serializer) {
    return KafkaSink.<T>builder()
        .setBootstrapServers(bootstrapServers)
        .setRecordSerializer(serializer)
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .build();
  }
}
