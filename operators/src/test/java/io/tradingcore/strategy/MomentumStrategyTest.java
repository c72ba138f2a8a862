package io.tradingcore.strategy;

import static io.tradingcore.testing.TestFeatures.features;
import static io.tradingcore.testing.TestObservations.observation;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.marketdata.LotSizes;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MomentumStrategyTest {
  private static final MomentumParameters PARAMETERS =
      new MomentumParameters(0.001, 0.002, new BigDecimal("10000"), false, 5);
  private final MomentumStrategy strategy =
      new MomentumStrategy(
          PARAMETERS, new LotSizes(BigDecimal.ONE, Map.of("BTCUSD", new BigDecimal("0.0001"))));

  @Test
  void goesLongAFixedNotionalRoundedDownToWholeLots() {
    TargetPosition target = decideOne(features("AAPL").close("171.23").momentum(0.0015), null);

    // 10,000 / 171.23 = 58.40… shares → 58
    assertThat(target.quantity()).isEqualByComparingTo("58");
    assertThat(target.referencePrice()).isEqualByComparingTo("171.23");
    assertThat(target.strategyId()).isEqualTo("momentum@1");
    assertThat(target.reason()).contains("long 58 AAPL");
  }

  @Test
  void sizesCryptoInItsLot() {
    TargetPosition target = decideOne(features("BTCUSD").close("1012.34").momentum(0.01), null);

    // 10,000 / 1012.34 = 9.87810… BTC → 9.8781 in 0.0001 lots
    assertThat(target.quantity()).isEqualByComparingTo("9.8781");
  }

  @Test
  void keepsItsQuantityWhileTheSignalHolds() {
    TargetPosition held = target("AAPL", "58");
    TargetPosition target = decideOne(features("AAPL").close("200").momentum(0.005), held);

    assertThat(target.quantity()).isEqualByComparingTo("58");
  }

  @Test
  void holdsInsideTheBandInsteadOfChurning() {
    TargetPosition held = target("AAPL", "58");
    TargetPosition target = decideOne(features("AAPL").momentum(-0.0015), held);

    assertThat(target.quantity()).isEqualByComparingTo("58");
  }

  @Test
  void goesFlatBelowTheExitThreshold() {
    TargetPosition held = target("AAPL", "58");
    TargetPosition target = decideOne(features("AAPL").momentum(-0.0025), held);

    assertThat(target.quantity()).isEqualByComparingTo("0");
  }

  @Test
  void goesShortOnlyWhenAllowed() {
    MomentumStrategy shorting =
        new MomentumStrategy(
            new MomentumParameters(0.001, 0.002, new BigDecimal("10000"), true, 5),
            LotSizes.WHOLE_UNITS);
    List<TargetPosition> targets =
        shorting.decide(
            "main", observation(features("AAPL").close("100").momentum(-0.01)).build(), Map.of());

    assertThat(targets.get(0).quantity()).isEqualByComparingTo("-100");
  }

  @Test
  void holdsWhatItHasWhileFeaturesWarmUp() {
    TargetPosition held = target("AAPL", "12");
    TargetPosition target = decideOne(features("AAPL").momentum(0.5).warmingUp(), held);

    assertThat(target.quantity()).isEqualByComparingTo("12");
    assertThat(target.reason()).contains("warming up");
  }

  @Test
  void decidesEverySymbolPresentInSymbolOrder() {
    List<TargetPosition> targets =
        strategy.decide(
            "main",
            observation(features("MSFT").momentum(0.01), features("AAPL").momentum(0.01)).build(),
            Map.of());

    assertThat(targets).extracting(TargetPosition::symbol).containsExactly("AAPL", "MSFT");
  }

  @Test
  void decidesOnlyFreshTradedSymbols() {
    List<TargetPosition> targets =
        strategy.decide(
            "main",
            observation(features("AAPL").momentum(0.01))
                .withStale(features("MSFT").momentum(0.01), 1, true)
                .withStale(features("AMZN").momentum(0.01), 9, false)
                .withWatched(features("SPY").momentum(0.01))
                .build(),
            Map.of());

    assertThat(targets).extracting(TargetPosition::symbol).containsExactly("AAPL");
  }

  private TargetPosition decideOne(io.tradingcore.testing.TestFeatures f, TargetPosition held) {
    Map<String, TargetPosition> current = held == null ? Map.of() : Map.of(held.symbol(), held);
    List<TargetPosition> targets = strategy.decide("main", observation(f).build(), current);
    assertThat(targets).hasSize(1);
    return targets.get(0);
  }

  private static TargetPosition target(String symbol, String quantity) {
    return new TargetPosition(
        "main", symbol, 0L, new BigDecimal(quantity), BigDecimal.TEN, "momentum@1", "held");
  }
}
