package io.tradingcore.kafka;

import io.tradingcore.marketdata.Quarantined;
import io.tradingcore.schemas.avro.QuarantineReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Settings every plain Kafka client of Trading Core starts from (values are wire-format bytes,
 * encoded by our codec), and the quarantine record of a Kafka record nobody could read.
 */
public final class KafkaClients {
  private KafkaClients() {}

  /**
   * An admin client's settings: each call may take up to {@code timeout}, one request at most 10 s,
   * and reconnects are tried at least every second (a broker that comes up is seen quickly).
   */
  public static Properties admin(String bootstrapServers, Duration timeout) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    int millis = (int) timeout.toMillis();
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(millis, 10_000));
    p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000);
    return p;
  }

  /** An idempotent, fully acknowledged byte-array producer. */
  public static Properties producer(String bootstrapServers) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }

  /**
   * A byte-array consumer that reads committed data only (orders and fills are transactional) and
   * commits its offsets itself.
   */
  public static Properties consumer(String bootstrapServers) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }

  /**
   * Assigns {@code consumer} every partition of the topics in {@code startMillisByTopic} and seeks
   * each to its first record written at or after the topic's instant (its end when there is none):
   * a reader that follows a run from its start, without a consumer group.
   */
  public static void assignFrom(
      KafkaConsumer<byte[], byte[]> consumer, Map<String, Long> startMillisByTopic) {
    Map<TopicPartition, Long> starts = new HashMap<>();
    startMillisByTopic.forEach(
        (topic, millis) -> {
          for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
            starts.put(new TopicPartition(topic, info.partition()), millis);
          }
        });
    consumer.assign(starts.keySet());
    offsetsAtOrAfter(consumer, starts).forEach(consumer::seek);
  }

  /**
   * Where each of {@code partitions} on which {@code consumer}'s group has committed nothing should
   * start: at the first record written at or after {@code startMillis}, else (none that late, or
   * {@code startMillis} null) at the end. Partitions with a committed offset are left out.
   */
  public static Map<TopicPartition, Long> uncommittedStarts(
      Consumer<?, ?> consumer, Collection<TopicPartition> partitions, Long startMillis) {
    Map<TopicPartition, OffsetAndMetadata> committed =
        consumer.committed(new HashSet<>(partitions));
    Map<TopicPartition, Long> uncommitted = new HashMap<>();
    for (TopicPartition partition : partitions) {
      if (committed.get(partition) == null) {
        uncommitted.put(partition, startMillis);
      }
    }
    return uncommitted.isEmpty() ? Map.of() : offsetsAtOrAfter(consumer, uncommitted);
  }

  /**
   * For each partition, the offset of its first record written at or after its instant, else (none
   * that late, or no instant: {@code null}) its end.
   */
  private static Map<TopicPartition, Long> offsetsAtOrAfter(
      Consumer<?, ?> consumer, Map<TopicPartition, Long> instants) {
    Map<TopicPartition, Long> times = new HashMap<>();
    instants.forEach(
        (partition, millis) -> {
          if (millis != null) {
            times.put(partition, millis);
          }
        });
    Map<TopicPartition, OffsetAndTimestamp> byTime =
        times.isEmpty() ? Map.of() : consumer.offsetsForTimes(times);
    Map<TopicPartition, Long> ends = consumer.endOffsets(instants.keySet());
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (TopicPartition partition : instants.keySet()) {
      OffsetAndTimestamp found = byTime.get(partition);
      offsets.put(partition, found == null ? ends.get(partition) : found.offset());
    }
    return offsets;
  }

  /** {@code record} kept whole for {@code md.quarantine.v1}, with why and who refused it. */
  public static Quarantined quarantined(
      ConsumerRecord<byte[], byte[]> record,
      QuarantineReason reason,
      String detail,
      String detectedBy) {
    return new Quarantined(
        record.topic(),
        record.partition(),
        record.offset(),
        record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8),
        record.value(),
        reason,
        detail,
        detectedBy);
  }
}
