package io.tradingcore.dashboard;

import io.tradingcore.kafka.KafkaClients;
import io.tradingcore.kafka.RegistrySettings;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.serde.AvroCodec;
import io.tradingcore.schemas.serde.DecodeException;
import io.tradingcore.schemas.serde.RegistryClient;
import io.tradingcore.schemas.serde.RegistryUnavailableException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what the dashboard shows from Kafka, as any downstream consumer would (orders read
 * committed, no consumer group), into a {@link DashboardView}. A record that cannot be decoded is
 * counted and skipped; an unreachable registry is waited out, the record read again.
 */
public final class DashboardFeed implements Runnable, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardFeed.class);
  private static final Duration REGISTRY_RETRY = Duration.ofSeconds(1);

  private final String bootstrapServers;
  private final RegistrySettings registry;
  private final DashboardView view;
  private final long startFromMillis;
  private volatile boolean running = true;
  private volatile KafkaConsumer<byte[], byte[]> consumer;

  /**
   * @param startFromMillis records written before this instant are not shown, except on {@code
   *     models.v1}, read from its beginning for the newest release
   */
  public DashboardFeed(
      String bootstrapServers,
      RegistrySettings registry,
      DashboardView view,
      long startFromMillis) {
    this.bootstrapServers = bootstrapServers;
    this.registry = registry;
    this.view = view;
    this.startFromMillis = startFromMillis;
  }

  @Override
  public void run() {
    RegistryClient client = registry.client();
    Map<String, Reader<?>> readers = new LinkedHashMap<>();
    readers.put(Topic.PORTFOLIO.topicName(), reader(Topic.PORTFOLIO, client, view::onSnapshot));
    readers.put(Topic.ORDERS.topicName(), reader(Topic.ORDERS, client, view::onOrder));
    readers.put(Topic.FILLS.topicName(), reader(Topic.FILLS, client, view::onReport));
    readers.put(
        Topic.RISK_EVENTS.topicName(), reader(Topic.RISK_EVENTS, client, view::onRiskEvent));
    readers.put(Topic.MODELS.topicName(), reader(Topic.MODELS, client, view::onModelUpdate));
    Map<String, Long> starts = new LinkedHashMap<>();
    readers.keySet().forEach(topic -> starts.put(topic, startFromMillis));
    starts.put(Topic.MODELS.topicName(), 0L);
    try (KafkaConsumer<byte[], byte[]> kafka =
        new KafkaConsumer<>(KafkaClients.consumer(bootstrapServers))) {
      consumer = kafka;
      KafkaClients.assignFrom(kafka, starts);
      while (running) {
        ConsumerRecords<byte[], byte[]> batch = kafka.poll(Duration.ofMillis(200));
        boolean registryDown = false;
        for (TopicPartition partition : batch.partitions()) {
          List<ConsumerRecord<byte[], byte[]>> records = batch.records(partition);
          for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
              readers.get(record.topic()).apply(record.value());
            } catch (RegistryUnavailableException e) {
              // The record is fine: read it again once the registry answers.
              LOG.warn("Dashboard waits for the schema registry: {}", e.getMessage());
              kafka.seek(partition, record.offset());
              registryDown = true;
              break;
            }
          }
        }
        if (registryDown) {
          LockSupport.parkNanos(REGISTRY_RETRY.toNanos());
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop.
    } catch (RuntimeException e) {
      LOG.error("Dashboard feed stopped", e);
    }
  }

  private <T extends SpecificRecord> Reader<T> reader(
      Topic topic, RegistryClient client, java.util.function.Consumer<T> sink) {
    return new Reader<>(topic, AvroCodec.forTopic(topic, client, false), sink);
  }

  /** Decodes one topic's values into the view; what it cannot read is counted and skipped. */
  private final class Reader<T extends SpecificRecord> {
    private final Topic topic;
    private final AvroCodec<T> codec;
    private final java.util.function.Consumer<T> sink;

    Reader(Topic topic, AvroCodec<T> codec, java.util.function.Consumer<T> sink) {
      this.topic = topic;
      this.codec = codec;
      this.sink = sink;
    }

    void apply(byte[] value) {
      T decoded;
      try {
        decoded = codec.decode(value);
      } catch (DecodeException e) {
        skip(e.getMessage());
        return;
      } catch (RegistryUnavailableException e) {
        throw e;
      } catch (RuntimeException e) {
        // A tombstone or bytes the codec chokes on otherwise: not the dashboard's to fix.
        skip(String.valueOf(e));
        return;
      }
      try {
        sink.accept(decoded);
      } catch (RuntimeException e) {
        // Decoded but not what the view can show (a field it relies on missing): same fate.
        skip(String.valueOf(e));
      }
    }

    private void skip(String why) {
      view.onUndecodable(topic.topicName());
      LOG.warn("Dashboard skips a record on {}: {}", topic.topicName(), why);
    }
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
