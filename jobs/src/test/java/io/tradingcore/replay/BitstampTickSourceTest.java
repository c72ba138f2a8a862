package io.tradingcore.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.InMemoryTickBarStore;
import io.tradingcore.marketdata.Tick;
import io.tradingcore.marketdata.TickBarBuilder;
import io.tradingcore.marketdata.TickOutcome;
import io.tradingcore.schemas.avro.QuarantineReason;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BitstampTickSourceTest {

  private final List<BadInput> badInput = new ArrayList<>();

  @Test
  void ticksAggregatedInEventTimeGiveTheSameBarsAsTheReplayersAggregator() {
    List<Tick> ticks = new ArrayList<>();
    try (BitstampTickSource source = BitstampTickSource.fromClasspath(badInput::add)) {
      for (Optional<Tick> t = source.next(); t.isPresent(); t = source.next()) {
        ticks.add(t.get());
      }
    }
    TickBarBuilder builder = new TickBarBuilder();
    InMemoryTickBarStore store = new InMemoryTickBarStore();
    List<Bar> fromTicks = new ArrayList<>();
    List<QuarantineReason> refused = new ArrayList<>();
    for (Tick tick : ticks) {
      // The watermark: everything before this tick's minute is complete (the file is in order).
      fromTicks.addAll(builder.emitUpTo(builder.barEnd(tick.eventTimeMillis()) - 60_000, store));
      if (builder.onTick(tick, Long.MIN_VALUE, store) instanceof TickOutcome.Refused r) {
        refused.add(r.reason());
      }
    }
    fromTicks.addAll(builder.emitUpTo(Long.MAX_VALUE, store));
    List<Bar> fromTrades;
    try (BitstampTradesSource source = BitstampTradesSource.fromClasspath(badInput::add)) {
      fromTrades = BarSources.drain(source);
    }

    assertThat(ticks).hasSize(100_000);
    assertThat(badInput).isEmpty();
    assertThat(refused)
        .as("the file's trades of amount zero")
        .hasSize(18)
        .containsOnly(QuarantineReason.NON_POSITIVE_SIZE);
    assertThat(fromTicks).hasSameSizeAs(fromTrades);
    Bar first = fromTicks.get(0);
    assertThat(first.vwap())
        .isEqualTo(fromTrades.get(0).vwap())
        .isEqualByComparingTo("803.18560825");
    assertThat(first.tradeCount()).isEqualTo(11L);
    // Bars without a zero-amount trade agree exactly on every field the replayer's aggregator has.
    long agreeing =
        java.util.stream.IntStream.range(0, fromTicks.size())
            .filter(
                i -> {
                  Bar a = fromTicks.get(i);
                  Bar b = fromTrades.get(i);
                  return a.endMillis() == b.endMillis()
                      && a.open().compareTo(b.open()) == 0
                      && a.high().compareTo(b.high()) == 0
                      && a.low().compareTo(b.low()) == 0
                      && a.close().compareTo(b.close()) == 0
                      && a.volume().compareTo(b.volume()) == 0
                      && a.vwap().compareTo(b.vwap()) == 0
                      && a.tradeCount().equals(b.tradeCount());
                })
            .count();
    assertThat(agreeing).isGreaterThanOrEqualTo(fromTicks.size() - 18);
    assertThat(fromTicks)
        .allSatisfy(bar -> assertThat(bar.buyVolume()).isLessThanOrEqualTo(bar.volume()));
  }

  @Test
  void reportsLinesThatAreNotNumbersAndGoesOn() {
    String csv = "timestamp,price,amount\n1385337600,abc,1\n1385337601,800,0.5\n";
    try (BitstampTickSource source =
        BitstampTickSource.fromReader("test.csv", new StringReader(csv), badInput::add)) {
      Tick tick = source.next().orElseThrow();
      assertThat(tick.eventTimeMillis()).isEqualTo(1_385_337_601_000L);
      assertThat(tick.venue()).isEqualTo(BitstampTickSource.VENUE);
      assertThat(source.next()).isEmpty();
    }
    assertThat(badInput)
        .singleElement()
        .satisfies(b -> assertThat(b.reason()).isEqualTo(QuarantineReason.NOT_A_NUMBER));
  }
}
