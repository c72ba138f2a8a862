package io.tradingcore.bench.pipeline;

import io.tradingcore.codec.AvroMapping;
import io.tradingcore.kafka.KafkaClients;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.replay.SyntheticBarSource;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.serde.AvroCodec;
import io.tradingcore.schemas.serde.RegistryClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes seeded synthetic one-minute bars ({@link SyntheticBarSource}, seed 42, from 2019-02-11) to
 * {@code md.bars.1m.v1}, keyed by symbol, in market-time order: all at once for a throughput run,
 * or at a steady rate for a latency run.
 */
final class BarPublisher {
  private final String bootstrap;
  private final AvroCodec<io.tradingcore.schemas.avro.Bar> codec;
  private final List<String> symbols;

  BarPublisher(String bootstrap, RegistryClient registry, List<String> symbols) {
    this.bootstrap = bootstrap;
    this.codec = AvroCodec.forTopic(Topic.BARS, registry, true);
    this.symbols = List.copyOf(symbols);
  }

  /** A producer for bulk writes: lz4, 20 ms linger, 512 KiB batches. */
  static KafkaProducer<byte[], byte[]> bulkProducer(String bootstrap) {
    Properties props = KafkaClients.producer(bootstrap);
    props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(512 * 1024));
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    return new KafkaProducer<>(props);
  }

  /** Writes {@code count} bars as fast as the producer takes them; returns how many it wrote. */
  int publishAll(int count) throws Exception {
    int written = 0;
    try (SyntheticBarSource source = source();
        KafkaProducer<byte[], byte[]> producer = bulkProducer(bootstrap)) {
      for (Optional<Bar> bar = source.next();
          bar.isPresent() && written < count;
          bar = source.next()) {
        producer.send(record(bar.get(), System.currentTimeMillis()));
        written++;
      }
      producer.flush();
    }
    return written;
  }

  /**
   * Writes {@code rate} bars a second, each sent at once (the default producer: no linger), until
   * {@code endMillis}. Returns, per bar end (the bar's event time, the decision time of what it
   * completes), the create time given to the last bar of that end: when the last input of that
   * decision was handed to Kafka.
   */
  Map<Long, Long> publishPaced(int rate, long endMillis) throws Exception {
    Map<Long, Long> lastCreateByBarEnd = new ConcurrentHashMap<>();
    long nanosPerBar = TimeUnit.SECONDS.toNanos(1) / rate;
    try (SyntheticBarSource source = source();
        KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(KafkaClients.producer(bootstrap))) {
      long next = System.nanoTime();
      while (System.currentTimeMillis() < endMillis) {
        Optional<Bar> bar = source.next();
        if (bar.isEmpty()) {
          break;
        }
        long now = System.currentTimeMillis();
        producer.send(record(bar.get(), now));
        lastCreateByBarEnd.merge(bar.get().endMillis(), now, Math::max);
        next += nanosPerBar;
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
        }
      }
    }
    return lastCreateByBarEnd;
  }

  private SyntheticBarSource source() {
    return new SyntheticBarSource(
        SyntheticBarSource.Config.of(symbols)
            .withSeed(42)
            .withStartDate(LocalDate.of(2019, 2, 11))
            // Sessions vary in length (early closes): read until enough bars are written.
            .unbounded());
  }

  private ProducerRecord<byte[], byte[]> record(Bar bar, long createMillis) {
    return new ProducerRecord<>(
        Topic.BARS.topicName(),
        null,
        createMillis,
        bar.symbol().getBytes(StandardCharsets.UTF_8),
        codec.encode(
            Topic.BARS.topicName(), AvroMapping.toAvro(bar, Instant.ofEpochMilli(createMillis))));
  }
}
