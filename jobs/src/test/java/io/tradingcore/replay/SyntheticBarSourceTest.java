package io.tradingcore.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingcore.marketdata.Bar;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SyntheticBarSourceTest {

  private static final List<String> AAPL_MSFT = List.of("AAPL", "MSFT");
  private static final LocalDate FRIDAY_2019_02_08 = LocalDate.of(2019, 2, 8);
  private static final LocalDate FRIDAY_BEFORE_DST_2019_03_08 = LocalDate.of(2019, 3, 8);
  private static final LocalDate FRIDAY_BEFORE_PRESIDENTS_DAY_2019_02_15 =
      LocalDate.of(2019, 2, 15);
  private static final LocalDate EARLY_CLOSE_2019_07_03 = LocalDate.of(2019, 7, 3);
  private static final LocalDate INDEPENDENCE_DAY_2019_07_04 = LocalDate.of(2019, 7, 4);
  private static final int BARS_PER_DAY = 390;
  private static final int BARS_ON_AN_EARLY_CLOSE = 210;

  @Test
  void sameSymbolsSeedAndStartGiveIdenticalBars() {
    SyntheticBarSource.Config config = SyntheticBarSource.Config.of(AAPL_MSFT).withTradingDays(2);

    assertThat(readAll(config)).isEqualTo(readAll(config)).hasSize(2 * 2 * BARS_PER_DAY);
  }

  @Test
  void anotherSeedGivesOtherBars() {
    SyntheticBarSource.Config config = SyntheticBarSource.Config.of(AAPL_MSFT).withTradingDays(1);

    List<Bar> seed42 = readAll(config);
    List<Bar> seed43 = readAll(config.withSeed(43));

    assertThat(seed43).hasSameSizeAs(seed42).isNotEqualTo(seed42);
  }

  @Test
  void aSymbolsBarsDoNotDependOnWhichOtherSymbolsAreGenerated() {
    SyntheticBarSource.Config alone = SyntheticBarSource.Config.of(List.of("AAPL"));
    SyntheticBarSource.Config withOthers =
        SyntheticBarSource.Config.of(List.of("XYZ", "MSFT", "AAPL"));

    List<Bar> aaplWithOthers =
        readAll(withOthers).stream().filter(bar -> bar.symbol().equals("AAPL")).toList();

    assertThat(aaplWithOthers).isEqualTo(readAll(alone));
  }

  @Test
  void generates390BarsAWeekdayOverTheRegularSessionSkippingTheWeekend() {
    List<Bar> bars =
        readAll(
            SyntheticBarSource.Config.of(List.of("SPY"))
                .withStartDate(FRIDAY_2019_02_08)
                .withTradingDays(2));

    assertThat(bars).hasSize(2 * BARS_PER_DAY);
    Bar fridayOpen = bars.get(0);
    assertThat(fridayOpen.startMillis()).isEqualTo(newYork("2019-02-08T09:30"));
    assertThat(fridayOpen.endMillis()).isEqualTo(newYork("2019-02-08T09:31"));
    assertThat(bars.get(BARS_PER_DAY - 1).endMillis()).isEqualTo(newYork("2019-02-08T16:00"));
    assertThat(bars.get(BARS_PER_DAY).startMillis()).isEqualTo(newYork("2019-02-11T09:30"));
    assertThat(bars).allMatch(bar -> bar.endMillis() - bar.startMillis() == 60_000);
  }

  @Test
  void skipsExchangeHolidays() {
    List<Bar> bars =
        readAll(
            SyntheticBarSource.Config.of(List.of("SPY"))
                .withStartDate(FRIDAY_BEFORE_PRESIDENTS_DAY_2019_02_15)
                .withTradingDays(2));

    // Monday 18 February 2019 was Washington's Birthday: the second session is Tuesday's.
    assertThat(bars).hasSize(2 * BARS_PER_DAY);
    assertThat(bars.get(BARS_PER_DAY - 1).endMillis()).isEqualTo(newYork("2019-02-15T16:00"));
    assertThat(bars.get(BARS_PER_DAY).startMillis()).isEqualTo(newYork("2019-02-19T09:30"));
  }

  @Test
  void stopsAtOneOnAnEarlyCloseAndStartsOnAHolidayAtTheNextSession() {
    List<Bar> bars =
        readAll(
            SyntheticBarSource.Config.of(List.of("SPY"))
                .withStartDate(EARLY_CLOSE_2019_07_03)
                .withTradingDays(2));

    assertThat(bars).hasSize(BARS_ON_AN_EARLY_CLOSE + BARS_PER_DAY);
    assertThat(bars.get(BARS_ON_AN_EARLY_CLOSE - 1).endMillis())
        .isEqualTo(newYork("2019-07-03T13:00"));
    assertThat(bars.get(BARS_ON_AN_EARLY_CLOSE).startMillis())
        .isEqualTo(newYork("2019-07-05T09:30"));
    assertThat(bars.get(bars.size() - 1).endMillis()).isEqualTo(newYork("2019-07-05T16:00"));

    List<Bar> fromTheHoliday =
        readAll(
            SyntheticBarSource.Config.of(List.of("SPY"))
                .withStartDate(INDEPENDENCE_DAY_2019_07_04)
                .withTradingDays(1));
    assertThat(fromTheHoliday.get(0).startMillis()).isEqualTo(newYork("2019-07-05T09:30"));
  }

  @Test
  void volumeRisesIntoAnEarlyCloseAsIntoAFullOne() {
    List<Bar> bars =
        readAll(
            SyntheticBarSource.Config.of(List.of("SPY"))
                .withStartDate(EARLY_CLOSE_2019_07_03)
                .withTradingDays(1)
                .withRegimes(RegimeMix.TREND));

    double lastHalfHour =
        meanVolume(bars.subList(BARS_ON_AN_EARLY_CLOSE - 30, BARS_ON_AN_EARLY_CLOSE));
    double midday = meanVolume(bars.subList(90, 150));
    // The closing boost (2.2× in the last minute, about 1.4× over the last half hour) comes at
    // 13:00; were it still at 16:00, the half hour before 13:00 would look like midday.
    assertThat(lastHalfHour).isGreaterThan(1.2 * midday);
  }

  @Test
  void followsNewYorkDaylightSavingTime() {
    List<Bar> bars =
        readAll(
            SyntheticBarSource.Config.of(List.of("SPY"))
                .withStartDate(FRIDAY_BEFORE_DST_2019_03_08)
                .withTradingDays(2));

    // 09:30 is 14:30 UTC in winter time and 13:30 UTC after the switch on Sunday 10 March.
    assertThat(bars.get(0).startMillis())
        .isEqualTo(Instant.parse("2019-03-08T14:30:00Z").toEpochMilli());
    assertThat(bars.get(BARS_PER_DAY).startMillis())
        .isEqualTo(Instant.parse("2019-03-11T13:30:00Z").toEpochMilli());
  }

  @Test
  void ordersBarsByEndTimeThenSymbol() {
    List<Bar> bars =
        readAll(SyntheticBarSource.Config.of(List.of("SPY", "MSFT", "AAPL")).withTradingDays(1));

    assertThat(bars).isSortedAccordingTo(BarSource.ORDER);
    assertThat(bars.subList(0, 3)).extracting(Bar::symbol).containsExactly("AAPL", "MSFT", "SPY");
    assertThat(bars.stream().map(bar -> bar.endMillis() + bar.symbol()).distinct())
        .hasSize(bars.size());
  }

  @Test
  void barsHaveConsistentExactPricesVolumeAndVwap() {
    List<Bar> bars =
        readAll(SyntheticBarSource.Config.of(List.of("AAPL", "MSFT", "XYZ")).withTradingDays(10));

    assertThat(bars)
        .allSatisfy(
            bar -> {
              for (BigDecimal price : List.of(bar.open(), bar.high(), bar.low(), bar.close())) {
                assertThat(price.scale()).isEqualTo(2);
                assertThat(price).isPositive();
              }
              assertThat(bar.low()).isLessThanOrEqualTo(bar.open().min(bar.close()));
              assertThat(bar.high()).isGreaterThanOrEqualTo(bar.open().max(bar.close()));
              assertThat(bar.volume().stripTrailingZeros().scale()).isLessThanOrEqualTo(0);
              assertThat(bar.volume()).isGreaterThanOrEqualTo(BigDecimal.valueOf(100));
              assertThat(bar.vwap()).isBetween(bar.low(), bar.high());
              assertThat(bar.tradeCount()).isBetween(1L, bar.volume().longValueExact());
              assertThat(bar.source()).isEqualTo("synthetic");
            });
  }

  @Test
  void opensAtThePreviousCloseWithATinyGapInsideTheSession() {
    List<Bar> aapl = readAll(SyntheticBarSource.Config.of(List.of("AAPL")).withTradingDays(1));

    for (int i = 1; i < aapl.size(); i++) {
      BigDecimal gap = aapl.get(i).open().subtract(aapl.get(i - 1).close()).abs();
      // half a basis point of gap volatility on ~170: a few cents at most
      assertThat(gap).isLessThanOrEqualTo(new BigDecimal("0.10"));
    }
  }

  @Test
  void startsKnownSymbolsAtTheirDefaultPricesAndOthersAtASeededPrice() {
    List<Bar> firstMinute =
        readAll(SyntheticBarSource.Config.of(List.of("AAPL", "MSFT", "SPY", "XYZ"))).subList(0, 4);

    assertThat(firstMinute)
        .extracting(Bar::open)
        .startsWith(new BigDecimal("170.00"), new BigDecimal("106.00"), new BigDecimal("271.00"));
    BigDecimal xyz = firstMinute.get(3).open();
    assertThat(xyz).isBetween(new BigDecimal("20.00"), new BigDecimal("500.00"));
    assertThat(AssetProfile.forSymbol("XYZ", 43).startPrice())
        .isNotEqualTo(AssetProfile.forSymbol("XYZ", 42).startPrice());
  }

  @Test
  void assetsMoveTogetherThroughTheMarketFactor() {
    List<Bar> bars =
        readAll(SyntheticBarSource.Config.of(List.of("AAPL", "MSFT", "XYZ")).withTradingDays(20));

    double[] aapl = intradayReturns(bars, "AAPL");
    double[] msft = intradayReturns(bars, "MSFT");
    double[] xyz = intradayReturns(bars, "XYZ");

    // Betas and noise levels put these near 0.45; independent assets would be near 0.
    assertThat(correlation(aapl, msft)).isBetween(0.3, 0.8);
    assertThat(correlation(aapl, xyz)).isBetween(0.2, 0.8);
  }

  @Test
  void switchesBetweenAllRegimesAndShocksAreWilderThanTrends() {
    Map<MarketRegime, List<Double>> moves = new EnumMap<>(MarketRegime.class);
    Map<MarketRegime, List<Double>> volumes = new EnumMap<>(MarketRegime.class);
    try (SyntheticBarSource source =
        new SyntheticBarSource(SyntheticBarSource.Config.of(List.of("SPY")).withTradingDays(60))) {
      Optional<Bar> next;
      while ((next = source.next()).isPresent()) {
        Bar bar = next.get();
        MarketRegime regime = source.currentRegime();
        moves.computeIfAbsent(regime, r -> new ArrayList<>()).add(range(bar));
        volumes.computeIfAbsent(regime, r -> new ArrayList<>()).add(bar.volume().doubleValue());
      }
    }

    assertThat(moves.keySet()).isEqualTo(EnumSet.allOf(MarketRegime.class));
    assertThat(mean(moves.get(MarketRegime.SHOCK)))
        .isGreaterThan(3 * mean(moves.get(MarketRegime.TREND)));
    assertThat(mean(moves.get(MarketRegime.CHOP)))
        .isGreaterThan(mean(moves.get(MarketRegime.TREND)));
    assertThat(mean(volumes.get(MarketRegime.SHOCK)))
        .isGreaterThan(2 * mean(volumes.get(MarketRegime.TREND)));
  }

  @Test
  void aRegimeMixPinsTheMarketForACurriculum() {
    assertThat(regimesVisited(RegimeMix.TREND)).containsOnlyKeys(MarketRegime.TREND);
    assertThat(regimesVisited(RegimeMix.CHOP)).containsOnlyKeys(MarketRegime.CHOP);
    Map<MarketRegime, Integer> shocky = regimesVisited(RegimeMix.SHOCK);
    Map<MarketRegime, Integer> mixed = regimesVisited(RegimeMix.MIXED);
    assertThat(shocky.get(MarketRegime.SHOCK)).isGreaterThan(3 * mixed.get(MarketRegime.SHOCK));
    // The mix is part of the seed's market: same mix, same bars; another mix, other bars.
    SyntheticBarSource.Config trend =
        SyntheticBarSource.Config.of(List.of("SPY"))
            .withTradingDays(1)
            .withRegimes(RegimeMix.TREND);
    assertThat(readAll(trend)).isEqualTo(readAll(trend));
    assertThat(readAll(trend)).isNotEqualTo(readAll(trend.withRegimes(RegimeMix.CHOP)));
    assertThatThrownBy(() -> RegimeMix.fromOption("calm"))
        .hasMessageContaining("unknown regime 'calm'")
        .hasMessageContaining("mixed, trend, chop, shock");
  }

  private static Map<MarketRegime, Integer> regimesVisited(RegimeMix mix) {
    Map<MarketRegime, Integer> minutes = new EnumMap<>(MarketRegime.class);
    try (SyntheticBarSource source =
        new SyntheticBarSource(
            SyntheticBarSource.Config.of(List.of("SPY")).withTradingDays(60).withRegimes(mix))) {
      while (source.next().isPresent()) {
        minutes.merge(source.currentRegime(), 1, Integer::sum);
      }
    }
    return minutes;
  }

  @Test
  void unboundedSourceNeverRunsOut() {
    try (SyntheticBarSource source =
        new SyntheticBarSource(SyntheticBarSource.Config.of(List.of("SPY")).unbounded())) {
      for (int i = 0; i < 30 * BARS_PER_DAY; i++) {
        assertThat(source.next()).isPresent();
      }
    }
  }

  @Test
  void staysEmptyAtTheEndAndAfterClose() {
    SyntheticBarSource source =
        new SyntheticBarSource(SyntheticBarSource.Config.of(List.of("SPY")).withTradingDays(1));
    for (int i = 0; i < BARS_PER_DAY; i++) {
      assertThat(source.next()).isPresent();
    }
    assertThat(source.next()).isEmpty();
    assertThat(source.next()).isEmpty();

    SyntheticBarSource closed =
        new SyntheticBarSource(SyntheticBarSource.Config.of(List.of("SPY")));
    closed.close();
    assertThat(closed.next()).isEmpty();
  }

  @Test
  void reportsEveryConfigProblemAtOnce() {
    assertThatThrownBy(
            () ->
                new SyntheticBarSource.Config(
                    List.of("AAPL", "AAPL", " "), 1, null, OptionalInt.of(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AAPL is listed twice")
        .hasMessageContaining("symbol ' ' must be non-blank")
        .hasMessageContaining("startDate must be set")
        .hasMessageContaining("tradingDays must be positive, was 0");
    assertThatThrownBy(() -> SyntheticBarSource.Config.of(List.of()))
        .hasMessageContaining("symbols must not be empty");
  }

  private static List<Bar> readAll(SyntheticBarSource.Config config) {
    try (SyntheticBarSource source = new SyntheticBarSource(config)) {
      return BarSources.drain(source);
    }
  }

  private static long newYork(String localDateTime) {
    return LocalDateTime.parse(localDateTime)
        .atZone(ZoneId.of("America/New_York"))
        .toInstant()
        .toEpochMilli();
  }

  // Minute-to-minute log returns within each session; the overnight gap is left out.
  private static double[] intradayReturns(List<Bar> bars, String symbol) {
    List<Bar> own = bars.stream().filter(bar -> bar.symbol().equals(symbol)).toList();
    List<Double> returns = new ArrayList<>();
    for (int i = 1; i < own.size(); i++) {
      if (own.get(i).startMillis() == own.get(i - 1).endMillis()) {
        returns.add(
            Math.log(own.get(i).close().doubleValue() / own.get(i - 1).close().doubleValue()));
      }
    }
    return returns.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double correlation(double[] x, double[] y) {
    double meanX = java.util.Arrays.stream(x).average().orElseThrow();
    double meanY = java.util.Arrays.stream(y).average().orElseThrow();
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < x.length; i++) {
      sxy += (x[i] - meanX) * (y[i] - meanY);
      sxx += (x[i] - meanX) * (x[i] - meanX);
      syy += (y[i] - meanY) * (y[i] - meanY);
    }
    return sxy / Math.sqrt(sxx * syy);
  }

  private static double meanVolume(List<Bar> bars) {
    return bars.stream().mapToDouble(bar -> bar.volume().doubleValue()).average().orElseThrow();
  }

  private static double range(Bar bar) {
    return Math.log(bar.high().doubleValue() / bar.low().doubleValue());
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }
}
