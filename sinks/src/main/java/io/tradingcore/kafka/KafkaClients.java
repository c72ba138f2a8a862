package io.tradingcore.kafka;

import io.tradingcore.marketdata.Quarantined;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.QuarantineReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Settings every plain Kafka client of Trading Core starts from (values are wire-format bytes,
 * encoded by our codec), and the quarantine record of a Kafka record nobody could read.
 */
public final class KafkaClients {
  private KafkaClients() {}

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

  /**
   * Creates {@code topic} with one partition (one order for everything on it) and the broker's
   * default replication unless it exists; returns whether it created it.
   *
   * @throws IllegalStateException naming the servers when Kafka does not answer within {@code
   *     timeout} or refuses
   */
  public static boolean ensureTopic(String bootstrapServers, Topic topic, Duration timeout) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    int millis = (int) timeout.toMillis();
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(millis, 10_000));
    try (Admin admin = Admin.create(p)) {
      if (admin
          .listTopics()
          .names()
          .get(millis, TimeUnit.MILLISECONDS)
          .contains(topic.topicName())) {
        return false;
      }
      admin
          .createTopics(List.of(new NewTopic(topic.topicName(), Optional.of(1), Optional.empty())))
          .all()
          .get(millis, TimeUnit.MILLISECONDS);
      return true;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return false;
      }
      if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
        throw unreachable(bootstrapServers, timeout, e);
      }
      throw new IllegalStateException(
          "Could not create "
              + topic.topicName()
              + " on Kafka at "
              + bootstrapServers
              + ": "
              + e.getCause(),
          e);
    } catch (TimeoutException e) {
      throw unreachable(bootstrapServers, timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating " + topic.topicName(), e);
    }
  }

  private static IllegalStateException unreachable(
      String bootstrapServers, Duration timeout, Exception e) {
    return new IllegalStateException(
        "Kafka at "
            + bootstrapServers
            + " is unreachable: no answer within "
            + timeout.toSeconds()
            + " s",
        e);
  }
}
