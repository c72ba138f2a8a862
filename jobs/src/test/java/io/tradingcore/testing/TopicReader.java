package io.tradingcore.testing;

import io.tradingcore.kafka.KafkaClients;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.serde.AvroCodec;
import io.tradingcore.schemas.serde.DecodeException;
import io.tradingcore.schemas.serde.RegistryClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/** Reads everything committed on a topic so far, as a read-committed consumer downstream would. */
public final class TopicReader {
  private final String bootstrapServers;
  private final RegistryClient registry;

  public TopicReader(String bootstrapServers, RegistryClient registry) {
    this.bootstrapServers = bootstrapServers;
    this.registry = registry;
  }

  /** Every committed value of {@code topic}, decoded; undecodable records are skipped. */
  public <T extends SpecificRecord> List<T> readAll(Topic topic) {
    AvroCodec<T> codec = AvroCodec.forTopic(topic, registry, false);
    List<T> values = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : readRaw(topic)) {
      try {
        values.add(codec.decode(record.value()));
      } catch (DecodeException e) {
        // Poison records are the quarantine's business; callers read md.quarantine.v1 for them.
      }
    }
    return values;
  }

  /** Every committed record of {@code topic}, raw, partition by partition in offset order. */
  public List<ConsumerRecord<byte[], byte[]>> readRaw(Topic topic) {
    Properties p = KafkaClients.consumer(bootstrapServers);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic.topicName(), Duration.ofSeconds(10))) {
        partitions.add(new TopicPartition(info.topic(), info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Could not read " + topic.topicName() + " to its end");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey(), Duration.ofSeconds(10)) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
