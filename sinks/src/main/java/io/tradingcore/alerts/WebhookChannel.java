package io.tradingcore.alerts;

import io.tradingcore.kafka.KafkaClients;
import io.tradingcore.retry.Backoff;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.RiskEvent;
import io.tradingcore.schemas.serde.AvroCodec;
import io.tradingcore.schemas.serde.DecodeException;
import io.tradingcore.schemas.serde.RegistryUnavailableException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One webhook's reader of {@code risk.events.v1}: its own consumer group, so a webhook that is slow
 * or down holds up only itself. Events are handled one at a time in partition order (per portfolio:
 * the topic's key), and an event's offset is committed only once its alert was delivered, filtered
 * out or dead-lettered — at least once: a forwarder that stops between a delivery and its commit
 * sends that alert again on its next start.
 */
final class WebhookChannel implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookChannel.class);

  /** Events handled per poll: each may take up to the policy's worst case. */
  static final int MAX_POLL_RECORDS = 10;

  private static final Duration REGISTRY_RETRY_MAX = Duration.ofSeconds(30);

  /** What became of one event. */
  enum Outcome {
    SKIPPED,
    DELIVERED,
    DEAD_LETTERED,
    UNDECODABLE
  }

  private final AlertsConfig config;
  private final Webhook webhook;
  private final WebhookClient client;
  private final DeadLetterLog deadLetters;
  private final AlertStats stats = new AlertStats();
  private final Backoff registryBackoff =
      new Backoff(Duration.ofMillis(500), REGISTRY_RETRY_MAX, System.nanoTime());

  private volatile boolean running = true;
  private volatile boolean ready;
  private volatile boolean waiting;
  private volatile Throwable failure;
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private AvroCodec<RiskEvent> codec;

  WebhookChannel(
      AlertsConfig config, Webhook webhook, WebhookClient client, DeadLetterLog deadLetters) {
    this.config = config;
    this.webhook = webhook;
    this.client = client;
    this.deadLetters = deadLetters;
  }

  Webhook webhook() {
    return webhook;
  }

  AlertStats stats() {
    return stats;
  }

  /** Whether the channel has its partitions and a committed place in each. */
  boolean isReady() {
    return ready;
  }

  Throwable failure() {
    return failure;
  }

  /**
   * Whether the channel is sending an alert, pausing between its attempts, or waiting for the
   * registry: the waits an interrupt may cut short.
   */
  boolean isWaiting() {
    return waiting;
  }

  @Override
  public void run() {
    KafkaConsumer<byte[], byte[]> kafka = new KafkaConsumer<>(consumerProperties());
    consumer = kafka;
    try {
      kafka.subscribe(List.of(Topic.RISK_EVENTS.topicName()), new StartPositions(kafka));
      int registryFailures = 0;
      while (running) {
        ConsumerRecords<byte[], byte[]> records = kafka.poll(config.pollTimeout());
        if (handleAll(kafka, records)) {
          registryFailures = 0;
        } else {
          waiting = true;
          try {
            LockSupport.parkNanos(registryBackoff.delay(++registryFailures).toNanos());
          } finally {
            waiting = false;
          }
        }
      }
    } catch (WakeupException | InterruptedException | InterruptException e) {
      // Stopping: what was not committed is read again on the next start.
    } catch (RuntimeException e) {
      if (running) {
        failure = e;
        LOG.error("Alerts channel {} stopped", webhook, e);
      }
    } finally {
      ready = false;
      consumer = null;
      // An interrupt meant for a delivery must not cut the consumer's leaving the group short.
      Thread.interrupted();
      kafka.close(Duration.ofSeconds(5));
    }
  }

  /**
   * Handles {@code records} partition by partition, committing after each alert sent or
   * dead-lettered and at the end. Returns false when the registry could not be reached: every
   * partition is then put back at its first event not handled, to be read again.
   */
  private boolean handleAll(
      KafkaConsumer<byte[], byte[]> kafka, ConsumerRecords<byte[], byte[]> records)
      throws InterruptedException {
    Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
    Map<TopicPartition, Long> rewind = new HashMap<>();
    boolean registryUp = true;
    for (TopicPartition partition : records.partitions()) {
      for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
        if (!registryUp || !running) {
          rewind.putIfAbsent(partition, record.offset());
          continue;
        }
        Outcome outcome;
        try {
          outcome = handle(record);
        } catch (RegistryUnavailableException e) {
          LOG.warn(
              "Alerts channel {}: schema registry unreachable ({}); reading offset {} again",
              webhook,
              e.getMessage(),
              record.offset());
          registryUp = false;
          rewind.put(partition, record.offset());
          continue;
        }
        done.put(partition, new OffsetAndMetadata(record.offset() + 1));
        if (outcome != Outcome.SKIPPED) {
          kafka.commitSync(done);
          done.clear();
        }
      }
    }
    if (!done.isEmpty()) {
      kafka.commitSync(done);
    }
    rewind.forEach(kafka::seek);
    return registryUp;
  }

  /**
   * Decodes, filters and delivers one event; writes it to the dead-letter log when it cannot be
   * decoded or delivered.
   *
   * @throws RegistryUnavailableException when the writer's schema cannot be fetched: the event is
   *     fine and must be read again
   * @throws InterruptedException when the forwarder stops during the delivery
   */
  Outcome handle(ConsumerRecord<byte[], byte[]> record) throws InterruptedException {
    if (codec == null) {
      codec = AvroCodec.forTopic(Topic.RISK_EVENTS, config.registry().client(), false);
    }
    RiskEvent event;
    try {
      event = codec.decode(record.value());
      stats.read.incrementAndGet();
    } catch (DecodeException e) {
      stats.read.incrementAndGet();
      stats.undecodable.incrementAndGet();
      stats.deadLettered.incrementAndGet();
      LOG.warn(
          "Alerts channel {}: offset {} of {} cannot be decoded ({}); dead-lettered",
          webhook,
          record.offset(),
          record.topic(),
          e.reason());
      deadLetters.undecodable(webhook, record, e.reason() + ": " + e.getMessage());
      return Outcome.UNDECODABLE;
    }
    if (!config.filter().accepts(event)) {
      stats.skipped.incrementAndGet();
      return Outcome.SKIPPED;
    }
    WebhookClient.Result result;
    waiting = true;
    try {
      result = client.deliver(webhook, webhook.format().payload(event));
    } finally {
      waiting = false;
    }
    stats.attempts.addAndGet(result.attempts());
    if (result.delivered()) {
      stats.delivered.incrementAndGet();
      LOG.info(
          "Alert {} {} for {} delivered to webhook {}",
          event.getSeverity(),
          event.getReason(),
          event.getPortfolio(),
          webhook);
      return Outcome.DELIVERED;
    }
    deadLetters.undelivered(webhook, record, event, result);
    stats.deadLettered.incrementAndGet();
    LOG.warn(
        "Alert {} (event {}) not delivered to webhook {}: dead-lettered to {}",
        event.getReason(),
        event.getEventId(),
        webhook,
        deadLetters.file());
    return Outcome.DEAD_LETTERED;
  }

  /** Stops reading; an alert being delivered is abandoned and read again on the next start. */
  void stop() {
    running = false;
    KafkaConsumer<byte[], byte[]> kafka = consumer;
    if (kafka != null) {
      kafka.wakeup();
    }
  }

  private Properties consumerProperties() {
    Properties p = KafkaClients.consumer(config.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupOf(webhook));
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, config.groupOf(webhook));
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
    // A poll's events may each take the policy's worst case against a webhook that is down: the
    // group must not count that as a dead consumer and take its partitions away mid-batch.
    long interval =
        config.policy().worstCase().multipliedBy(MAX_POLL_RECORDS).plusMinutes(1).toMillis();
    p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Math.min(interval, Integer.MAX_VALUE));
    return p;
  }

  /**
   * Places a partition the group has no offset for at the configured start (a time, or the end),
   * and commits that place at once: a forwarder that stops before its first alert must not start at
   * a later end next time and skip what came in between.
   */
  private final class StartPositions implements ConsumerRebalanceListener {
    private final KafkaConsumer<byte[], byte[]> kafka;

    StartPositions(KafkaConsumer<byte[], byte[]> kafka) {
      this.kafka = kafka;
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      Map<TopicPartition, Long> starts =
          KafkaClients.uncommittedStarts(kafka, partitions, config.startFromMillis());
      if (!starts.isEmpty()) {
        Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
        starts.forEach(
            (partition, offset) -> {
              kafka.seek(partition, offset);
              start.put(partition, new OffsetAndMetadata(offset));
            });
        kafka.commitSync(start);
        LOG.info("Alerts channel {} starts {} at {}", webhook, config.groupOf(webhook), start);
      }
      ready = true;
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      ready = false;
    }
  }
}
