package io.tradingcore.marketdata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BarAggregatorTest {

  private static final long AT_1430 = Instant.parse("2024-03-01T14:30:00Z").toEpochMilli();
  private static final long SECOND = 1_000;
  private static final long MINUTE = 60 * SECOND;
  private static final long AT_1431 = AT_1430 + MINUTE;

  private final BarAggregator aggregator = new BarAggregator("AAPL", "test");

  @Test
  void buildsOhlcvVwapAndTradeCountOfOneMinute() {
    trade("100.00", "10", AT_1430);
    trade("101.50", "5", AT_1430 + 15 * SECOND);
    trade("99.75", "20", AT_1430 + 30 * SECOND);
    trade("100.25", "15", AT_1430 + 59 * SECOND);

    Bar bar = aggregator.flush().orElseThrow();

    // notional 1000 + 507.5 + 1995 + 1503.75 = 5006.25 over volume 50 = 100.125
    assertThat(bar.symbol()).isEqualTo("AAPL");
    assertThat(bar.startMillis()).isEqualTo(AT_1430);
    assertThat(bar.endMillis()).isEqualTo(AT_1431);
    assertThat(bar.open()).isEqualByComparingTo("100.00");
    assertThat(bar.high()).isEqualByComparingTo("101.50");
    assertThat(bar.low()).isEqualByComparingTo("99.75");
    assertThat(bar.close()).isEqualByComparingTo("100.25");
    assertThat(bar.volume()).isEqualByComparingTo("50");
    assertThat(bar.vwap()).isEqualTo(new BigDecimal("100.12500000"));
    assertThat(bar.tradeCount()).isEqualTo(4L);
    assertThat(bar.source()).isEqualTo("test");
  }

  @Test
  void emitsTheBarWhenATradeOfTheNextIntervalArrives() {
    assertThat(trade("100.00", "1", AT_1430 + 10 * SECOND))
        .isInstanceOf(TradeOutcome.Accepted.class);
    assertThat(trade("100.50", "1", AT_1430 + 20 * SECOND).closedBar()).isEmpty();

    TradeOutcome outcome = trade("101.00", "3", AT_1431 + 5 * SECOND);

    Bar closed = outcome.closedBar().orElseThrow();
    assertThat(closed.startMillis()).isEqualTo(AT_1430);
    assertThat(closed.close()).isEqualByComparingTo("100.50");
    assertThat(closed.tradeCount()).isEqualTo(2L);
    Bar next = aggregator.flush().orElseThrow();
    assertThat(next.startMillis()).isEqualTo(AT_1431);
    assertThat(next.open()).isEqualByComparingTo("101.00");
    assertThat(next.volume()).isEqualByComparingTo("3");
  }

  @Test
  void tradeAtExactlyTheFullMinuteBelongsToTheNextBar() {
    trade("100.00", "1", AT_1431 - 1);

    TradeOutcome atBoundary = trade("200.00", "1", AT_1431);

    Bar closed = atBoundary.closedBar().orElseThrow();
    assertThat(closed.endMillis()).isEqualTo(AT_1431);
    assertThat(closed.high()).isEqualByComparingTo("100.00");
    assertThat(aggregator.flush().orElseThrow().startMillis()).isEqualTo(AT_1431);
  }

  @Test
  void intervalWithoutTradesProducesNoBar() {
    trade("100.00", "1", AT_1430 + 10 * SECOND);

    Bar closed = trade("99.00", "1", AT_1430 + 3 * MINUTE + SECOND).closedBar().orElseThrow();

    assertThat(closed.startMillis()).isEqualTo(AT_1430);
    assertThat(aggregator.flush().orElseThrow().startMillis()).isEqualTo(AT_1430 + 3 * MINUTE);
    assertThat(aggregator.flush()).isEmpty();
  }

  @Test
  void roundsVwapHalfEvenAtScaleEightOnlyAtTheEnd() {
    trade("10.00", "1", AT_1430);
    trade("10.01", "2", AT_1430 + SECOND);
    assertThat(aggregator.flush().orElseThrow().vwap())
        // 30.02 / 3 = 10.0066666...
        .isEqualTo(new BigDecimal("10.00666667"));

    // 200.000000050 / 2 = 100.000000025: a tie, which half-even rounds to the even 2
    trade("100.00000002", "1", AT_1431);
    trade("100.00000003", "1", AT_1431 + SECOND);
    assertThat(aggregator.flush().orElseThrow().vwap()).isEqualTo(new BigDecimal("100.00000002"));
  }

  @Test
  void vwapOfASinglePriceIsExactlyThatPriceForFractionalSizes() {
    // 6.999999999993 / 0.999999999999 is exactly 7: no rounding creeps in before the division.
    for (int i = 0; i < 3; i++) {
      trade("7", "0.333333333333", AT_1430 + i);
    }
    assertThat(aggregator.flush().orElseThrow().vwap()).isEqualTo(new BigDecimal("7.00000000"));
  }

  @Test
  void returnsTradeOlderThanTheOpenIntervalAsLateWithoutMergingIt() {
    trade("100.00", "1", AT_1431 + 10 * SECOND);

    TradeOutcome outcome = trade("50.00", "7", AT_1430 + 50 * SECOND);

    assertThat(outcome.isLate()).isTrue();
    assertThat(outcome.closedBar()).isEmpty();
    assertThat(outcome).isEqualTo(new TradeOutcome.Late(AT_1430 + 50 * SECOND, AT_1431));
    Bar bar = aggregator.flush().orElseThrow();
    assertThat(bar.low()).isEqualByComparingTo("100.00");
    assertThat(bar.volume()).isEqualByComparingTo("1");
    assertThat(bar.tradeCount()).isEqualTo(1L);
  }

  @Test
  void tradeInAnIntervalAlreadyFlushedIsLate() {
    trade("100.00", "1", AT_1430 + 10 * SECOND);
    aggregator.flush();

    TradeOutcome outcome = trade("100.10", "1", AT_1430 + 40 * SECOND);

    assertThat(outcome).isEqualTo(new TradeOutcome.Late(AT_1430 + 40 * SECOND, AT_1431));
    assertThat(aggregator.flush()).isEmpty();
  }

  @Test
  void openAndCloseFollowEventTimeWhenTradesArriveOutOfOrderWithinTheInterval() {
    trade("100.00", "1", AT_1430 + 20 * SECOND);
    trade("99.00", "1", AT_1430 + 5 * SECOND);
    trade("101.00", "1", AT_1430 + 50 * SECOND);
    trade("100.50", "1", AT_1430 + 30 * SECOND);

    Bar bar = aggregator.flush().orElseThrow();

    assertThat(bar.open()).isEqualByComparingTo("99.00");
    assertThat(bar.close()).isEqualByComparingTo("101.00");
    assertThat(bar.tradeCount()).isEqualTo(4L);
  }

  @Test
  void closeIsTheLastArrivalAmongTradesWithTheSameTimestamp() {
    trade("100.00", "1", AT_1430 + SECOND);
    trade("100.20", "1", AT_1430 + SECOND);
    trade("100.10", "1", AT_1430 + SECOND);

    Bar bar = aggregator.flush().orElseThrow();

    assertThat(bar.open()).isEqualByComparingTo("100.00");
    assertThat(bar.close()).isEqualByComparingTo("100.10");
  }

  @Test
  void alignsLongerIntervalsToTheEpoch() {
    BarAggregator fiveMinutes = new BarAggregator("BTCUSD", Duration.ofMinutes(5), "test");

    fiveMinutes.onTrade(new BigDecimal("1"), BigDecimal.ONE, AT_1430 + 2 * MINUTE + 30 * SECOND);

    Bar bar = fiveMinutes.flush().orElseThrow();
    assertThat(bar.startMillis()).isEqualTo(AT_1430);
    assertThat(bar.endMillis()).isEqualTo(AT_1430 + 5 * MINUTE);
  }

  @Test
  void zeroSizeTradesMoveTheirPricesButWeighNothingInTheVwap() {
    trade("100.00", "2", AT_1430);
    trade("105.00", "0", AT_1430 + SECOND);

    Bar bar = aggregator.flush().orElseThrow();
    assertThat(bar.high()).isEqualByComparingTo("105.00");
    assertThat(bar.vwap()).isEqualTo(new BigDecimal("100.00000000"));
    assertThat(bar.tradeCount()).isEqualTo(2L);

    trade("100.00", "0", AT_1431);
    assertThat(aggregator.flush().orElseThrow().vwap()).isNull();
  }

  @Test
  void flushWithoutTradesEmitsNothing() {
    assertThat(aggregator.flush()).isEqualTo(Optional.empty());
  }

  @Test
  void refusesNegativeSize() {
    assertThatThrownBy(() -> trade("100.00", "-1", AT_1430))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("size must not be negative");
  }

  @Test
  void reportsEveryInvalidConfigValueAtOnce() {
    assertThatThrownBy(() -> new BarAggregator(" ", Duration.ZERO, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("symbol must not be blank")
        .hasMessageContaining("interval must be positive")
        .hasMessageContaining("source must not be blank");
    assertThatThrownBy(() -> new BarAggregator("AAPL", Duration.ofNanos(1_500_000), "test"))
        .hasMessageContaining("whole number of milliseconds");
  }

  private TradeOutcome trade(String price, String size, long eventTimeMillis) {
    return aggregator.onTrade(new BigDecimal(price), new BigDecimal(size), eventTimeMillis);
  }
}
