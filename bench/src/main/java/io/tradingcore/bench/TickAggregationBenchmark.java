package io.tradingcore.bench;

import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.InMemoryTickBarStore;
import io.tradingcore.marketdata.Tick;
import io.tradingcore.marketdata.TickBarBuilder;
import io.tradingcore.marketdata.TickOutcome;
import io.tradingcore.schemas.avro.TickKind;
import java.math.BigDecimal;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One tick into the event-time bar builder, the cost per tick of {@code TickAggregationFunction}
 * without Flink's state backend: checks, tick rule, OHLCV/VWAP/buy-volume update, and (amortised)
 * the bar emitted each time the watermark passes a minute. Ticks are 10 a second, one in five a
 * quote, prices with two decimals as from a venue; the {@code Tick} is built per call, as the
 * decoder would.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TickAggregationBenchmark {
  private static final int N = 4096;
  private static final long TICK_EVERY_MILLIS = 100;

  @Param({"false", "true"})
  boolean withTradeIds;

  private final TickBarBuilder builder = new TickBarBuilder();
  private InMemoryTickBarStore store;
  private BigDecimal[] prices;
  private BigDecimal[] sizes;
  private String[] ids;
  private long time;
  private long openBarEnd;
  private long sequence;

  @Setup
  public void setUp() {
    store = new InMemoryTickBarStore();
    SplittableRandom random = new SplittableRandom(42);
    prices = new BigDecimal[N];
    sizes = new BigDecimal[N];
    ids = new String[N];
    long cents = 10_000;
    for (int k = 0; k < N; k++) {
      cents += random.nextInt(-2, 3);
      prices[k] = BigDecimal.valueOf(cents, 2);
      sizes[k] = BigDecimal.valueOf(random.nextInt(1, 500));
    }
    time = 1_700_000_000_000L;
    openBarEnd = builder.barEnd(time);
  }

  @Benchmark
  public void oneTick(Blackhole sink) {
    int k = (int) (sequence & (N - 1));
    long at = time + sequence * TICK_EVERY_MILLIS;
    Tick tick;
    if (k % 5 == 4) {
      tick =
          new Tick(
              "BTCUSD",
              TickKind.QUOTE,
              at,
              null,
              null,
              prices[k],
              prices[k].add(BigDecimal.ONE),
              sizes[k],
              sizes[(k + 1) & (N - 1)],
              null,
              null,
              null);
    } else {
      tick =
          new Tick(
              "BTCUSD",
              TickKind.TRADE,
              at,
              prices[k],
              sizes[k],
              null,
              null,
              null,
              null,
              null,
              null,
              withTradeIds ? Long.toString(sequence) : null);
    }
    sequence++;
    if (at >= openBarEnd) {
      // The watermark passes the bar that just ended, as it would a few seconds later in a job.
      List<Bar> bars = builder.emitUpTo(openBarEnd, store);
      sink.consume(bars);
      openBarEnd = builder.barEnd(at);
    }
    TickOutcome outcome = builder.onTick(tick, Long.MIN_VALUE, store);
    sink.consume(outcome);
  }
}
