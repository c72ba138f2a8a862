package io.tradingcore.backtest;

import io.tradingcore.kafka.KafkaClients;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * The offsets a Kafka backtest reads: for every partition of the topic, from a first offset
 * (inclusive) to a last one (exclusive), resolved to numbers before the job starts so the job reads
 * a fixed range (what was committed up to the end at that moment, nothing written later).
 *
 * @param topic the topic
 * @param from first offset of each partition, inclusive
 * @param to end of each partition's range, exclusive
 */
public record KafkaRange(String topic, Map<Integer, Long> from, Map<Integer, Long> to) {

  /**
   * One end of the range as the user wrote it: {@code earliest}, {@code latest}, per-partition
   * offsets {@code 0=120,2=75} (partitions not named take the default end), or an ISO-8601 instant:
   * each partition's first record with a Kafka timestamp at or after it.
   */
  public record End(String text, Map<Integer, Long> offsets, Instant instant, boolean earliest) {

    /**
     * @param option the option's name, for errors
     * @param defaultEarliest what an empty text means: the earliest offsets, else the latest
     * @throws IllegalArgumentException saying what is wrong and how to write it
     */
    public static End parse(String option, String text, boolean defaultEarliest) {
      String t = text == null ? "" : text.strip();
      if (t.isEmpty()) {
        return new End(defaultEarliest ? "earliest" : "latest", Map.of(), null, defaultEarliest);
      }
      if (t.equalsIgnoreCase("earliest") || t.equalsIgnoreCase("latest")) {
        return new End(t, Map.of(), null, t.equalsIgnoreCase("earliest"));
      }
      if (Character.isDigit(t.charAt(0)) && t.contains("=")) {
        Map<Integer, Long> offsets = new TreeMap<>();
        for (String pair : t.split(",")) {
          String[] parts = pair.split("=", -1);
          try {
            if (parts.length != 2) {
              throw new NumberFormatException(pair);
            }
            int partition = Integer.parseInt(parts[0].strip());
            long offset = Long.parseLong(parts[1].strip());
            if (partition < 0 || offset < 0) {
              throw new NumberFormatException(pair);
            }
            if (offsets.put(partition, offset) != null) {
              throw new IllegalArgumentException(
                  option + " names partition " + partition + " twice in '" + text + "'");
            }
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                option
                    + " '"
                    + text
                    + "': '"
                    + pair.strip()
                    + "' is not PARTITION=OFFSET (two whole numbers, zero or more)",
                e);
          }
        }
        return new End(t, offsets, null, defaultEarliest);
      }
      try {
        return new End(t, Map.of(), Instant.parse(t), defaultEarliest);
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            option
                + " must be earliest, latest, PARTITION=OFFSET[,PARTITION=OFFSET…] (e.g. 0=120,2=75)"
                + " or an instant (e.g. 2019-02-11T14:30:00Z), got '"
                + text
                + "'",
            e);
      }
    }

    /** The offset of {@code partition} at this end, between its first and its end offset. */
    long resolve(
        TopicPartition partition,
        long beginning,
        long end,
        Map<TopicPartition, OffsetAndTimestamp> byTime) {
      if (instant != null) {
        OffsetAndTimestamp found = byTime.get(partition);
        return found == null ? end : Math.max(beginning, found.offset());
      }
      Long given = offsets.get(partition.partition());
      if (given != null) {
        return given;
      }
      return earliest ? beginning : end;
    }
  }

  /**
   * Looks the range up on the brokers: the topic's partitions, their first and end offsets (the end
   * of what is committed now), and the offsets of any instants.
   *
   * @throws IllegalArgumentException for a topic that does not exist, a partition it does not have,
   *     an offset outside a partition, a range that ends before it starts, or one that holds no
   *     record, naming the option to change
   */
  public static KafkaRange resolve(
      String bootstrapServers, String topic, End from, End to, Duration timeout) {
    var props = KafkaClients.consumer(bootstrapServers);
    props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    // Looking a topic up must not create it.
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<PartitionInfo> infos;
      try {
        infos = consumer.partitionsFor(topic, timeout);
      } catch (TimeoutException e) {
        throw new IllegalArgumentException(
            "no answer from Kafka at " + bootstrapServers + " within " + timeout, e);
      }
      if (infos == null || infos.isEmpty()) {
        throw new IllegalArgumentException(
            "topic " + topic + " does not exist on " + bootstrapServers);
      }
      List<TopicPartition> partitions = new ArrayList<>();
      infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
      partitions.sort((a, b) -> Integer.compare(a.partition(), b.partition()));
      List<String> errors = new ArrayList<>();
      for (End end : List.of(from, to)) {
        for (int p : end.offsets().keySet()) {
          if (partitions.stream().noneMatch(tp -> tp.partition() == p)) {
            errors.add(
                "partition "
                    + p
                    + " of '"
                    + end.text()
                    + "': "
                    + topic
                    + " has partitions 0.."
                    + (partitions.size() - 1));
          }
        }
      }
      if (!errors.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", errors));
      }
      Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, timeout);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
      Map<TopicPartition, OffsetAndTimestamp> fromTimes = byTime(consumer, partitions, from);
      Map<TopicPartition, OffsetAndTimestamp> toTimes = byTime(consumer, partitions, to);
      Map<Integer, Long> first = new TreeMap<>();
      Map<Integer, Long> last = new TreeMap<>();
      for (TopicPartition tp : partitions) {
        long b = beginning.get(tp);
        long e = ends.get(tp);
        long f = from.resolve(tp, b, e, fromTimes);
        long t = to.resolve(tp, b, e, toTimes);
        if (f < b || f > e || t < b || t > e) {
          errors.add(
              "partition "
                  + tp.partition()
                  + " holds offsets "
                  + b
                  + ".."
                  + e
                  + " (end exclusive), the range asks for "
                  + f
                  + ".."
                  + t);
        } else if (t < f) {
          errors.add(
              "partition "
                  + tp.partition()
                  + ": --to-offsets ("
                  + t
                  + ") is before --from-offsets ("
                  + f
                  + ")");
        }
        first.put(tp.partition(), f);
        last.put(tp.partition(), t);
      }
      if (!errors.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", errors));
      }
      KafkaRange range = new KafkaRange(topic, first, last);
      if (range.records() == 0) {
        throw new IllegalArgumentException(
            "the range "
                + range.describeOffsets()
                + " of "
                + topic
                + " holds no record (--from-offsets "
                + from.text()
                + ", --to-offsets "
                + to.text()
                + ")");
      }
      return range;
    }
  }

  private static Map<TopicPartition, OffsetAndTimestamp> byTime(
      KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions, End end) {
    if (end.instant() == null) {
      return Map.of();
    }
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(tp -> query.put(tp, end.instant().toEpochMilli()));
    Map<TopicPartition, OffsetAndTimestamp> found = new HashMap<>();
    // A partition without a record that late maps to null: the range ends (or is empty) there.
    consumer
        .offsetsForTimes(query)
        .forEach(
            (tp, o) -> {
              if (o != null) {
                found.put(tp, o);
              }
            });
    return found;
  }

  /** Offsets in the range, all partitions together (control records of transactions included). */
  public long records() {
    long n = 0;
    for (var e : from.entrySet()) {
      n += to.get(e.getKey()) - e.getValue();
    }
    return n;
  }

  /**
   * The partitions that have offsets to read, as {@link TopicPartition}s with their first offset.
   */
  public Map<TopicPartition, Long> starts() {
    return offsets(from);
  }

  /** Each partition's end of the range, exclusive. */
  public Map<TopicPartition, Long> stops() {
    return offsets(to);
  }

  private Map<TopicPartition, Long> offsets(Map<Integer, Long> byPartition) {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    byPartition.forEach((p, o) -> offsets.put(new TopicPartition(topic, p), o));
    return offsets;
  }

  /** E.g. {@code 0:0..400, 1:0..380, 2:0..390}. */
  public String describeOffsets() {
    List<String> parts = new ArrayList<>();
    from.forEach((p, f) -> parts.add(p + ":" + f + ".." + to.get(p)));
    return String.join(", ", parts);
  }
}
