package io.tradingcore.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.tradingcore.marketdata.Bar;
import io.tradingcore.schemas.avro.QuarantineReason;
import java.io.StringReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BitstampTradesSourceTest {

  private static final long NOV_25_2013_MIDNIGHT_UTC =
      Instant.parse("2013-11-25T00:00:00Z").toEpochMilli();
  private static final long AT_1385337600 = 1_385_337_600L;
  private static final long MINUTE = 60_000;

  private final List<BadInput> badInput = new ArrayList<>();

  @Test
  void aggregatesEveryBundledTradeIntoMinuteBars() {
    List<Bar> bars;
    long aggregated;
    try (BitstampTradesSource source = BitstampTradesSource.fromClasspath(badInput::add)) {
      bars = BarSources.drain(source);
      aggregated = source.tradesAggregated();
    }

    // The resource has 100,000 trade lines after its header, spread over 9,399 distinct minutes.
    assertThat(aggregated).isEqualTo(100_000);
    assertThat(bars.stream().mapToLong(Bar::tradeCount).sum()).isEqualTo(100_000);
    assertThat(bars).hasSize(9_399).isSortedAccordingTo(BarSource.ORDER);
    assertThat(bars).allSatisfy(bar -> assertThat(bar.symbol()).isEqualTo("BTCUSD"));
    assertThat(badInput).isEmpty();
  }

  @Test
  void firstBarMatchesTheFirstElevenTradesOfTheFile() {
    Bar first;
    try (BitstampTradesSource source = BitstampTradesSource.fromClasspath(badInput::add)) {
      first = source.next().orElseThrow();
    }

    // Lines 2-12 of the file, all in the minute from 1385337600 (2013-11-25 00:00 UTC):
    //   800.01 x 0.1; 800.05 x (0.27838049 + 0.27436926 + 0.17778998);
    //   807.47 x (0.00123844 + 0.12 + 0.08576156 + 0.91423844 + 0.00123844);
    //   800.75 x (0.45177022 + 0.45185763); the last one, at :57, is 807.47.
    // volume = 0.1 + 0.73053973 + 1.12247688 + 0.90362785 = 2.85664446
    // notional = 80.001 + 584.4683109865 + 906.3664062936 + 723.5800008875 = 2294.4157181676
    // vwap = 2294.4157181676 / 2.85664446 = 803.1856082529... -> 803.18560825
    assertThat(first.startMillis())
        .isEqualTo(NOV_25_2013_MIDNIGHT_UTC)
        .isEqualTo(AT_1385337600 * 1000);
    assertThat(first.endMillis()).isEqualTo(NOV_25_2013_MIDNIGHT_UTC + MINUTE);
    assertThat(first.open()).isEqualByComparingTo("800.01");
    assertThat(first.high()).isEqualByComparingTo("807.47");
    assertThat(first.low()).isEqualByComparingTo("800.01");
    assertThat(first.close()).isEqualByComparingTo("807.47");
    assertThat(first.volume()).isEqualByComparingTo("2.85664446");
    assertThat(first.vwap()).isEqualTo(new BigDecimal("803.18560825"));
    assertThat(first.tradeCount()).isEqualTo(11L);
    assertThat(first.source()).isEqualTo("bitstamp");
  }

  @Test
  void flushesTheLastMinuteAtTheEndOfTheFile() {
    List<Bar> bars;
    try (BitstampTradesSource source = BitstampTradesSource.fromClasspath(badInput::add)) {
      bars = BarSources.drain(source);
      assertThat(source.next()).isEmpty();
    }

    // The last three lines: 1385913721,999 x 0.07; 1385913725,994.22 x 0.0073669;
    // 1385913725,999 x 1.2926331 (2013-12-01 16:02 UTC).
    Bar last = bars.get(bars.size() - 1);
    assertThat(last.startMillis()).isEqualTo(Instant.parse("2013-12-01T16:02:00Z").toEpochMilli());
    assertThat(last.low()).isEqualByComparingTo("994.22");
    assertThat(last.close()).isEqualByComparingTo("999");
    assertThat(last.volume()).isEqualByComparingTo("1.37");
    assertThat(last.tradeCount()).isEqualTo(3L);
  }

  @Test
  void reportsBadTradeLinesWithLineNumbersAndCarriesOn() {
    String trades =
        String.join(
            "\n",
            "timestamp,price,amount",
            "1385337600,800.01,0.1",
            "1385337601,800.02",
            "1385337602,abc,0.1",
            "1385337603,0,0.1",
            "1385337604,800.03,-0.5",
            "1385337660,801.00,1",
            "1385337659,700.00,1",
            "1385337661,802.00,2");

    List<Bar> bars;
    try (BitstampTradesSource source =
        BitstampTradesSource.fromReader("fixture.csv", new StringReader(trades), badInput::add)) {
      bars = BarSources.drain(source);
      assertThat(source.tradesAggregated()).isEqualTo(3);
    }

    assertThat(bars).extracting(Bar::tradeCount).containsExactly(1L, 2L);
    assertThat(bars.get(1).close()).isEqualByComparingTo("802.00");
    assertThat(badInput)
        .extracting(BadInput::file, BadInput::lineNumber, BadInput::reason)
        .containsExactly(
            tuple("fixture.csv", 3L, QuarantineReason.MALFORMED_CSV),
            tuple("fixture.csv", 4L, QuarantineReason.NOT_A_NUMBER),
            tuple("fixture.csv", 5L, QuarantineReason.NON_POSITIVE_PRICE),
            tuple("fixture.csv", 6L, QuarantineReason.NEGATIVE_VOLUME),
            tuple("fixture.csv", 8L, QuarantineReason.LATE));
    assertThat(badInput.get(4).rawLine()).isEqualTo("1385337659,700.00,1");
    assertThat(badInput.get(4).detail())
        .isEqualTo(
            "trade at 2013-11-25T00:00:59Z is older than the open bar, which starts at"
                + " 2013-11-25T00:01:00Z");
  }

  @Test
  void reportsAMissingHeader() {
    try (BitstampTradesSource source =
        BitstampTradesSource.fromReader(
            "fixture.csv", new StringReader("1385337600,800.01,0.1\n"), badInput::add)) {
      assertThat(source.next()).isEmpty();
    }

    assertThat(badInput)
        .singleElement()
        .extracting(BadInput::lineNumber, BadInput::reason)
        .containsExactly(1L, QuarantineReason.MALFORMED_CSV);
  }

  @Test
  void namesTheArtifactThatShipsAMissingResource() {
    ClassLoader loader = getClass().getClassLoader();

    assertThatThrownBy(
            () -> BitstampTradesSource.fromClasspath("no_such_trades.csv", loader, badInput::add))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no_such_trades.csv not found")
        .hasMessageContaining("org.ta4j:ta4j-examples:0.18");
  }

  @Test
  void yieldsTheSingleSymbolBtcusd() {
    try (BitstampTradesSource source =
        BitstampTradesSource.fromReader("empty.csv", new StringReader(""), badInput::add)) {
      assertThat(source.symbols()).containsExactly("BTCUSD");
    }
  }
}
