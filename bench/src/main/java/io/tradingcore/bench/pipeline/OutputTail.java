package io.tradingcore.bench.pipeline;

import io.tradingcore.kafka.KafkaClients;
import io.tradingcore.schemas.Topic;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Follows output topics (read committed, no consumer group) from the first record written at or
 * after an instant, keeping the count and the span of the Kafka timestamps (the producing sink's
 * clock) of everything it has read.
 */
final class OutputTail implements AutoCloseable {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private long count;
  private long firstMillis = Long.MAX_VALUE;
  private long lastMillis = Long.MIN_VALUE;

  OutputTail(String bootstrap, List<Topic> topics, long sinceMillis) {
    Properties props = KafkaClients.consumer(bootstrap);
    props.put("max.poll.records", "5000");
    consumer = new KafkaConsumer<>(props);
    Map<String, Long> starts = new LinkedHashMap<>();
    topics.forEach(t -> starts.put(t.topicName(), sinceMillis));
    KafkaClients.assignFrom(consumer, starts);
  }

  /** One poll of up to {@code timeout}; every record read goes to {@code each}. */
  void poll(Duration timeout, Consumer<ConsumerRecord<byte[], byte[]>> each) {
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
      count++;
      firstMillis = Math.min(firstMillis, record.timestamp());
      lastMillis = Math.max(lastMillis, record.timestamp());
      each.accept(record);
    }
  }

  /** Reads until every partition is at the end it has now (its last stable offset). */
  void drain(Consumer<ConsumerRecord<byte[], byte[]>> each) {
    Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
    while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
      poll(Duration.ofMillis(500), each);
    }
  }

  long count() {
    return count;
  }

  /** Milliseconds from the first record's timestamp to the last one's; 0 before two records. */
  long spanMillis() {
    return count < 2 ? 0 : lastMillis - firstMillis;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
