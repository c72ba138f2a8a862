package io.tradingcore.replay;

import io.tradingcore.codec.AvroMapping;
import io.tradingcore.kafka.KafkaClients;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.Quarantined;
import io.tradingcore.marketdata.Tick;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.QuarantineReason;
import io.tradingcore.schemas.avro.QuarantinedRecord;
import io.tradingcore.schemas.serde.AvroCodec;
import io.tradingcore.schemas.serde.RegistryClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a {@link BarSource} to {@code md.bars.1m.v1}, or a {@link TickSource} to {@code
 * md.ticks.v1}, paced in market time, and the input it rejects to {@code md.quarantine.v1}.
 *
 * <p>Pacing follows the bars' end times at the chosen speed; gaps longer than a minute (nights,
 * weekends, missing minutes) are replayed as one minute, so a replay never idles overnight. It is
 * also the {@link BadInputListener} for its source: a bad line is logged with file and line and
 * quarantined, and the replay goes on.
 */
public final class Replayer implements Runnable, AutoCloseable, BadInputListener {
  private static final Logger LOG = LoggerFactory.getLogger(Replayer.class);
  private static final long MAX_GAP_MILLIS = 60_000;

  private final String bootstrapServers;
  private final RegistryClient registry;
  private final ReplaySpeed speed;
  private final ConcurrentLinkedQueue<BadInput> badInput = new ConcurrentLinkedQueue<>();
  private final AtomicLong published = new AtomicLong();
  private final Map<String, AtomicLong> publishedBySymbol = new ConcurrentHashMap<>();
  private final AtomicLong quarantined = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition stopSignal = lock.newCondition();
  private volatile BarSource source;
  private volatile boolean running = true;
  private volatile boolean finished;
  private volatile long lastMarketTime = Long.MIN_VALUE;
  private volatile TickSource ticks;
  private volatile Throwable failure;
  private volatile Exception sendFailure;

  public Replayer(String bootstrapServers, RegistryClient registry, ReplaySpeed speed) {
    this.bootstrapServers = bootstrapServers;
    this.registry = registry;
    this.speed = speed;
  }

  /** The source to replay; build it with this replayer as its {@link BadInputListener}. */
  public Replayer from(BarSource source) {
    this.source = source;
    return this;
  }

  @Override
  public void onBadInput(BadInput input) {
    LOG.warn("Skipping bad input {}", input);
    badInput.add(input);
  }

  @Override
  public void run() {
    try {
      if (ticks != null) {
        try (TickSource feed = ticks) {
          replay(
              feed::next,
              Tick::eventTimeMillis,
              Tick::symbol,
              Topic.TICKS,
              AvroCodec.<io.tradingcore.schemas.avro.Tick>forTopic(Topic.TICKS, registry, true),
              tick -> AvroMapping.toAvro(tick, Instant.now()),
              tick -> BitstampTickSource.VENUE.equals(tick.venue()) ? "bitstamp" : "ticks");
        }
      } else {
        try (BarSource feed = source) {
          replay(
              feed::next,
              Bar::endMillis,
              Bar::symbol,
              Topic.BARS,
              AvroCodec.<io.tradingcore.schemas.avro.Bar>forTopic(Topic.BARS, registry, true),
              bar -> AvroMapping.toAvro(bar, Instant.now()),
              Bar::source);
        }
      }
    } catch (RuntimeException e) {
      failure = e;
      LOG.error("Replay failed: {}", e.toString(), e);
    } finally {
      lock.lock();
      try {
        finished = true;
        stopSignal.signalAll();
      } finally {
        lock.unlock();
      }
    }
  }

  /** Publishes {@code next} to {@code topic}, paced by each record's market time. */
  private <T, A extends SpecificRecord> void replay(
      Supplier<Optional<T>> next,
      ToLongFunction<T> marketTime,
      Function<T, String> symbol,
      Topic topic,
      AvroCodec<A> codec,
      Function<T, A> toAvro,
      Function<T, String> origin) {
    AvroCodec<QuarantinedRecord> quarantine = AvroCodec.forTopic(Topic.QUARANTINE, registry, true);
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties())) {
      long wallStart = System.nanoTime();
      long marketElapsed = 0;
      long previous = Long.MIN_VALUE;
      while (running) {
        Optional<T> item = next.get();
        publishBadInput(producer, quarantine);
        if (item.isEmpty()) {
          break;
        }
        T value = item.get();
        long time = marketTime.applyAsLong(value);
        if (previous != Long.MIN_VALUE) {
          marketElapsed += Math.min(Math.max(time - previous, 0), MAX_GAP_MILLIS);
        }
        previous = Math.max(previous, time);
        if (!awaitUntil(wallStart + speed.wallNanos(marketElapsed))) {
          break;
        }
        byte[] encoded;
        try {
          encoded = codec.encode(topic.topicName(), toAvro.apply(value));
        } catch (IllegalArgumentException | ArithmeticException e) {
          // A source let through a value the contract cannot carry: refuse that record, go on.
          onBadInput(
              new BadInput(
                  origin.apply(value),
                  0,
                  value.toString(),
                  QuarantineReason.SCHEMA_VIOLATION,
                  "cannot be written as " + topic.topicName() + ": " + e.getMessage()));
          continue;
        }
        producer.send(
            new ProducerRecord<>(
                topic.topicName(), symbol.apply(value).getBytes(StandardCharsets.UTF_8), encoded),
            (metadata, error) -> acknowledged(value, symbol.apply(value), time, error));
      }
      publishBadInput(producer, quarantine);
      producer.flush();
      if (sendFailure != null) {
        throw new IllegalStateException(
            "Kafka refused " + topic.topicName() + ": " + sendFailure.getMessage(), sendFailure);
      }
    }
  }

  /** Counts a record once Kafka has it; a refused send fails the replay rather than vanish. */
  private void acknowledged(Object record, String key, long marketTime, Exception error) {
    if (error != null) {
      if (sendFailure == null) {
        sendFailure = error;
      }
      LOG.error("Kafka refused {}: {}", record, error.toString());
      return;
    }
    published.incrementAndGet();
    publishedBySymbol.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
    lastMarketTime = Math.max(lastMarketTime, marketTime);
  }

  private void publishBadInput(
      KafkaProducer<byte[], byte[]> producer, AvroCodec<QuarantinedRecord> codec) {
    BadInput input;
    while ((input = badInput.poll()) != null) {
      QuarantinedRecord record =
          AvroMapping.toAvro(
              new Quarantined(
                  input.file(),
                  null,
                  input.lineNumber(),
                  null,
                  input.rawLine().getBytes(StandardCharsets.UTF_8),
                  input.reason(),
                  input.detail(),
                  "replayer"),
              Instant.now());
      producer.send(
          new ProducerRecord<>(
              Topic.QUARANTINE.topicName(),
              input.file().getBytes(StandardCharsets.UTF_8),
              codec.encode(Topic.QUARANTINE.topicName(), record)));
      quarantined.incrementAndGet();
    }
  }

  /** Waits until {@code deadlineNanos} (pacing); false when asked to stop meanwhile. */
  private boolean awaitUntil(long deadlineNanos) {
    lock.lock();
    try {
      long remaining;
      while (running && (remaining = deadlineNanos - System.nanoTime()) > 0) {
        stopSignal.awaitNanos(remaining);
      }
      return running;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  private Properties producerProperties() {
    Properties p = KafkaClients.producer(bootstrapServers);
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
    return p;
  }

  /**
   * Replays ticks to {@code md.ticks.v1} instead of bars; build the source with this replayer as
   * its {@link BadInputListener}.
   */
  public Replayer fromTicks(TickSource ticks) {
    this.ticks = ticks;
    return this;
  }

  /** Whether this replay publishes ticks (else bars). */
  public boolean replaysTicks() {
    return ticks != null;
  }

  /** Bars Kafka has acknowledged (zero when replaying ticks). */
  public long barsPublished() {
    return ticks == null ? published.get() : 0;
  }

  /** Bars of the given symbols Kafka has acknowledged (zero when replaying ticks). */
  public long barsPublished(Collection<String> symbols) {
    if (ticks != null) {
      return 0;
    }
    long sum = 0;
    for (String symbol : symbols) {
      AtomicLong count = publishedBySymbol.get(symbol);
      sum += count == null ? 0 : count.get();
    }
    return sum;
  }

  /** Ticks Kafka has acknowledged (zero when replaying bars). */
  public long ticksPublished() {
    return ticks == null ? 0 : published.get();
  }

  public long recordsQuarantined() {
    return quarantined.get();
  }

  /**
   * Market time of the newest record Kafka acknowledged (a bar's end, a tick's event time), or
   * {@link Long#MIN_VALUE} before the first.
   */
  public long lastMarketTime() {
    return lastMarketTime;
  }

  public boolean isFinished() {
    return finished;
  }

  public Throwable failure() {
    return failure;
  }

  /** Stops publishing; returns at once (the replay thread finishes its current bar). */
  @Override
  public void close() {
    lock.lock();
    try {
      running = false;
      stopSignal.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits up to {@code timeout} for the replay thread to finish. */
  public boolean awaitFinished(long timeout, TimeUnit unit) {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    lock.lock();
    try {
      while (!finished) {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        stopSignal.awaitNanos(remaining);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }
}
