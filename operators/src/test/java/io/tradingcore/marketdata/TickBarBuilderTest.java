package io.tradingcore.marketdata;

import static io.tradingcore.testing.TestTicks.MINUTE;
import static io.tradingcore.testing.TestTicks.SECOND;
import static io.tradingcore.testing.TestTicks.T0;
import static io.tradingcore.testing.TestTicks.quote;
import static io.tradingcore.testing.TestTicks.trade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingcore.schemas.avro.QuarantineReason;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.testing.TestTicks;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TickBarBuilderTest {
  private static final long T1 = T0 + MINUTE;
  private static final long T2 = T0 + 2 * MINUTE;
  private static final long NO_WATERMARK = Long.MIN_VALUE;

  private final TickBarBuilder builder = new TickBarBuilder();
  private final InMemoryTickBarStore store = new InMemoryTickBarStore();

  @Test
  void buildsOhlcvExactVwapTradeCountAndTickRuleBuyVolume() {
    send(trade("AAPL").at(T0).price("100.00").size("10")); // first trade: unclassified
    send(trade("AAPL").at(T0 + 15 * SECOND).price("101.50").size("5")); // uptick: buy
    send(trade("AAPL").at(T0 + 30 * SECOND).price("99.75").size("20")); // downtick: sell
    send(trade("AAPL").at(T0 + 45 * SECOND).price("99.75").size("5")); // zero tick: sell
    send(trade("AAPL").at(T0 + 59 * SECOND).price("100.25").size("10")); // uptick: buy

    Bar bar = single(builder.emitUpTo(T1, store));

    // notional 1000 + 507.5 + 1995 + 498.75 + 1002.5 = 5003.75 over volume 50 = 100.075
    assertThat(bar.symbol()).isEqualTo("AAPL");
    assertThat(bar.startMillis()).isEqualTo(T0);
    assertThat(bar.endMillis()).isEqualTo(T1);
    assertThat(bar.open()).isEqualByComparingTo("100.00");
    assertThat(bar.high()).isEqualByComparingTo("101.50");
    assertThat(bar.low()).isEqualByComparingTo("99.75");
    assertThat(bar.close()).isEqualByComparingTo("100.25");
    assertThat(bar.volume()).isEqualByComparingTo("50");
    assertThat(bar.vwap()).isEqualTo(new BigDecimal("100.07500000"));
    assertThat(bar.tradeCount()).isEqualTo(5L);
    assertThat(bar.buyVolume())
        .as("5 on the uptick + 10 on the last uptick")
        .isEqualByComparingTo("15");
    assertThat(bar.quoteImbalance()).as("no quotes").isNull();
    assertThat(bar.source()).isEqualTo(TickBarBuilder.SOURCE);
  }

  @Test
  void roundsTheVwapOnceHalfEven() {
    send(trade("AAPL").at(T0).price("100").size("1"));
    send(trade("AAPL").at(T0 + SECOND).price("100.01").size("2"));

    // 300.02 / 3 = 100.00666666…
    assertThat(single(builder.emitUpTo(T1, store)).vwap())
        .isEqualTo(new BigDecimal("100.00666667"));
  }

  @Test
  void venueAggressorFlagWinsOverTheTickRuleAndZeroTicksInheritIt() {
    send(trade("AAPL").at(T0).price("100").size("1"));
    send(trade("AAPL").at(T0 + SECOND).price("101").size("2").aggressor(Side.SELL)); // uptick, SELL
    send(trade("AAPL").at(T0 + 2 * SECOND).price("101").size("4")); // zero tick: inherits SELL
    send(trade("AAPL").at(T0 + 3 * SECOND).price("100").size("8").aggressor(Side.BUY)); // down, BUY

    assertThat(single(builder.emitUpTo(T1, store)).buyVolume()).isEqualByComparingTo("8");
  }

  @Test
  void theTickRuleCarriesAcrossBars() {
    send(trade("AAPL").at(T0 + 50 * SECOND).price("100").size("1"));
    builder.emitUpTo(T1, store);

    send(trade("AAPL").at(T1 + SECOND).price("100.5").size("3")); // uptick against the last bar

    assertThat(single(builder.emitUpTo(T2, store)).buyVolume()).isEqualByComparingTo("3");
  }

  @Test
  void quoteImbalanceIsTheMeanOverTheBarsQuotes() {
    send(trade("AAPL").at(T0).price("100").size("1"));
    send(quote("AAPL").at(T0 + SECOND).bid("99.9", "300").ask("100.1", "100")); // 200/400 = 0.5
    send(quote("AAPL").at(T0 + 2 * SECOND).bid("99.9", "150").ask("100.1", "250")); // -0.25
    send(quote("AAPL").at(T0 + 3 * SECOND).bid("99.9", null).ask("100.1", "250")); // one size: skip

    assertThat(single(builder.emitUpTo(T1, store)).quoteImbalance()).isEqualTo(0.125);
  }

  @Test
  void anIntervalWithoutTradesMakesNoBarAndLeavesNoState() {
    send(quote("AAPL").at(T0 + SECOND).bid("99.9", "300").ask("100.1", "100"));

    assertThat(builder.emitUpTo(T1, store)).isEmpty();
    assertThat(store.isEmpty()).isTrue();
  }

  @Test
  void emitsABarOnlyWhenTheWatermarkReachesItsEnd() {
    send(trade("AAPL").at(T0 + 10 * SECOND).price("100").size("1"));
    send(trade("AAPL").at(T1 + 10 * SECOND).price("101").size("1"));

    assertThat(builder.emitUpTo(T1 - 1, store)).isEmpty();
    assertThat(builder.emitUpTo(T2, store))
        .extracting(Bar::endMillis)
        .as("both, in time order")
        .containsExactly(T1, T2);
  }

  @Test
  void anOutOfOrderTradeWithinTheBoundLandsInItsBarWithoutMovingTheTickRule() {
    send(trade("AAPL").at(T0 + 40 * SECOND).price("100").size("1"));
    send(trade("AAPL").at(T1 + 5 * SECOND).price("102").size("2")); // next bar opens: buy
    // Delayed print of the first bar, arriving while the watermark is still before T1.
    TickOutcome delayed =
        builder.onTick(
            trade("AAPL").at(T0 + 50 * SECOND).price("101").size("4").build(), T1 - 1, store);
    // Against the newest trade (102): a sell. Had it replaced the reference, this would be a buy.
    send(trade("AAPL").at(T1 + 10 * SECOND).price("101.5").size("8"));

    assertThat(delayed).isEqualTo(new TickOutcome.Accepted(T1, false));
    List<Bar> bars = builder.emitUpTo(T2, store);
    Bar first = bars.get(0);
    assertThat(first.close())
        .as("the delayed print is the first bar's latest")
        .isEqualByComparingTo("101");
    assertThat(first.high()).isEqualByComparingTo("101");
    assertThat(first.volume()).isEqualByComparingTo("5");
    assertThat(first.tradeCount()).isEqualTo(2L);
    assertThat(first.buyVolume())
        .as("100: unclassified, 101 against 102: sell")
        .isEqualByComparingTo("0");
    Bar second = bars.get(1);
    assertThat(second.buyVolume()).as("102 buy; 101.5 against 102 sell").isEqualByComparingTo("2");
  }

  @Test
  void anOlderTradeOpensNoEarlierThanTheEarliestOneByEventTime() {
    send(trade("AAPL").at(T0 + 30 * SECOND).price("100").size("1"));
    send(trade("AAPL").at(T0 + 10 * SECOND).price("99").size("1"));

    Bar bar = single(builder.emitUpTo(T1, store));
    assertThat(bar.open()).isEqualByComparingTo("99");
    assertThat(bar.close()).isEqualByComparingTo("100");
  }

  @Test
  void refusesATickWhoseBarTheWatermarkHasPassed() {
    send(trade("AAPL").at(T0 + 10 * SECOND).price("100").size("1"));
    builder.emitUpTo(T1, store);

    TickOutcome outcome =
        builder.onTick(trade("AAPL").at(T1 - 1).price("100").size("1").build(), T1, store);

    assertThat(outcome)
        .isInstanceOfSatisfying(
            TickOutcome.Refused.class,
            r -> {
              assertThat(r.isLate()).isTrue();
              assertThat(r.detail()).contains("2024-03-01T14:31:00Z");
            });
    assertThat(store.openBarStarts()).as("nothing reopened").isEmpty();
  }

  @Test
  void refusesADuplicateTradeIdWhileItsBarIsOpenAndForgetsItAfterwards() {
    send(trade("AAPL").at(T0).price("100").size("1").tradeId("42"));

    assertThat(send(trade("AAPL").at(T0 + SECOND).price("100").size("1").tradeId("42")))
        .isEqualTo(
            new TickOutcome.Refused(
                QuarantineReason.DUPLICATE, "trade id 42 was already aggregated"));
    assertThat(single(builder.emitUpTo(T1, store)).tradeCount()).isEqualTo(1L);
    assertThat(
            builder.onTick(
                trade("AAPL").at(T1 + SECOND).price("100").size("1").tradeId("42").build(),
                T1,
                store))
        .isInstanceOf(TickOutcome.Accepted.class);
  }

  @Test
  void refusesImplausibleTicksWithTheirReason() {
    assertThat(
            List.of(
                send(trade(" ").price("1").size("1")),
                send(trade("AAPL").price(null).size("1")),
                send(trade("AAPL").price("1").size(null)),
                send(trade("AAPL").price("0").size("1")),
                send(trade("AAPL").price("1").size("0")),
                send(trade("AAPL").price("1").size("-1")),
                send(quote("AAPL").bid("-1", "1").ask("1", "1")),
                send(quote("AAPL").bid("1", "0").ask("1", "1")),
                send(quote("AAPL").bid("101", "1").ask("100", "1")),
                send(quote("AAPL"))))
        .extracting(o -> ((TickOutcome.Refused) o).reason())
        .containsExactly(
            QuarantineReason.SCHEMA_VIOLATION,
            QuarantineReason.SCHEMA_VIOLATION,
            QuarantineReason.SCHEMA_VIOLATION,
            QuarantineReason.NON_POSITIVE_PRICE,
            QuarantineReason.NON_POSITIVE_SIZE,
            QuarantineReason.NON_POSITIVE_SIZE,
            QuarantineReason.NON_POSITIVE_PRICE,
            QuarantineReason.NON_POSITIVE_SIZE,
            QuarantineReason.CROSSED_QUOTE,
            QuarantineReason.SCHEMA_VIOLATION);
    assertThat(store.isEmpty()).isTrue();
    assertThat(send(quote("AAPL").bid("100", "1").ask("100", "1")))
        .as("a locked quote is plausible")
        .isInstanceOf(TickOutcome.Accepted.class);
  }

  @Test
  void forgetsTheTickRuleOfAQuietSymbolAfterItsMemory() {
    TickBarBuilder shortMemory =
        new TickBarBuilder(Duration.ofMinutes(1), Duration.ofMinutes(5), "ticks");
    shortMemory.onTick(trade("AAPL").at(T0).price("100").size("1").build(), NO_WATERMARK, store);
    shortMemory.emitUpTo(T1, store);

    assertThat(shortMemory.expireTickRule(T1, store)).hasValue(T0 + 5 * MINUTE);
    assertThat(store.tickRule()).isNotNull();
    assertThat(shortMemory.expireTickRule(T0 + 5 * MINUTE, store)).isEmpty();
    assertThat(store.isEmpty()).isTrue();
  }

  @Test
  void reportsEveryInvalidSettingAtOnce() {
    assertThatThrownBy(() -> new TickBarBuilder(Duration.ZERO, Duration.ZERO, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("interval")
        .hasMessageContaining("tick-rule memory")
        .hasMessageContaining("source");
  }

  private TickOutcome send(TestTicks tick) {
    return builder.onTick(tick.build(), NO_WATERMARK, store);
  }

  private static Bar single(List<Bar> bars) {
    assertThat(bars).hasSize(1);
    return bars.get(0);
  }
}
