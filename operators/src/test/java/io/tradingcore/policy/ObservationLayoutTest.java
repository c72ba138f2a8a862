package io.tradingcore.policy;

import static io.tradingcore.testing.TestFeatures.features;
import static io.tradingcore.testing.TestObservations.observation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.tradingcore.features.cross.ObservedSymbol;
import io.tradingcore.features.cross.PortfolioObservation;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ObservationLayoutTest {

  @Test
  void takesEachValueByNameInTheContractsOrder() throws Exception {
    try (PolicyModel model = TestModels.load("test-a")) {
      ObservationLayout layout = model.layout();
      PortfolioObservation bar =
          observation(
                  features("MSFT").momentum(-0.002).rsi(40).vpin(0.3),
                  features("AAPL").momentum(0.004).rsi(61).spread(0.002))
              .build();

      double[] raw = layout.raw(bar, new int[] {1, 0});

      assertThat(raw).hasSize(26);
      // AAPL first although the observation lists MSFT first: the contract's order rules.
      assertThat(raw[0]).isEqualTo(0.002); // AAPL.spread
      assertThat(raw[4]).isEqualTo(0.004); // AAPL.momentum
      assertThat(raw[9]).isEqualTo(61.0); // AAPL.rsi
      assertThat(raw[12]).isEqualTo(1.0); // AAPL.position
      assertThat(raw[13 + 4]).isEqualTo(-0.002); // MSFT.momentum
      assertThat(raw[13 + 11]).isEqualTo(0.3); // MSFT.vpin
      assertThat(raw[25]).isEqualTo(0.0); // MSFT.position
    }
  }

  @Test
  void portfolioFeaturesComeFromTheAlignedObservation() throws Exception {
    try (PolicyModel model = TestModels.load("test-portfolio")) {
      PortfolioObservation base = observation(features("AAPL"), features("MSFT")).build();
      List<ObservedSymbol> symbols = new ArrayList<>();
      double beta = 1.3;
      for (ObservedSymbol s : base.symbols()) {
        symbols.add(
            new ObservedSymbol(s.symbol(), s.features(), true, false, 0, true, 0, 0.5, beta, 0, 1));
        beta -= 0.5;
      }
      PortfolioObservation bar =
          new PortfolioObservation(
              "main", base.barEnd(), "SPY", true, symbols, new double[] {0.42});

      double[] raw = model.layout().raw(bar, new int[] {0, 0});

      assertThat(raw).hasSize(29);
      assertThat(raw[26]).isEqualTo(0.42); // correlation.AAPL.MSFT
      assertThat(raw[27]).isEqualTo(1.3); // AAPL.beta
      assertThat(raw[28]).isCloseTo(0.8, offset(1e-12)); // MSFT.beta
    }
  }

  @Test
  void onlyAFreshWarmFiniteBarIsADecisionStep() throws Exception {
    try (PolicyModel model = TestModels.load("test-a")) {
      ObservationLayout layout = model.layout();
      int[] flat = {0, 0};

      assertThat(layout.raw(observation(features("AAPL"), features("MSFT")).build(), flat))
          .isNotNull();
      assertThat(layout.raw(observation(features("AAPL")).build(), flat))
          .as("MSFT missing")
          .isNull();
      assertThat(
              layout.raw(
                  observation(features("AAPL")).withStale(features("MSFT"), 1, true).build(), flat))
          .as("MSFT carried forward")
          .isNull();
      assertThat(
              layout.raw(observation(features("AAPL"), features("MSFT").warmingUp()).build(), flat))
          .as("MSFT warming up")
          .isNull();
      assertThat(
              layout.raw(
                  observation(features("AAPL").skewness(Double.NaN), features("MSFT")).build(),
                  flat))
          .as("a NaN feature")
          .isNull();
      // Quote imbalance is NaN without quotes, but the model does not read it.
      assertThat(
              layout.raw(
                  observation(features("AAPL").quoteImbalance(Double.NaN), features("MSFT"))
                      .build(),
                  flat))
          .isNotNull();
    }
  }

  @Test
  void normalisesAndClipsAsFloat32() throws Exception {
    PolicyContract contract =
        PolicyContract.fromMetadata(
            java.util.Map.ofEntries(
                java.util.Map.entry("tradingcore.contract_version", "1"),
                java.util.Map.entry("tradingcore.model_name", "m"),
                java.util.Map.entry("tradingcore.model_version", "v"),
                java.util.Map.entry("tradingcore.symbols", "[\"AAPL\"]"),
                java.util.Map.entry("tradingcore.feature_set", "asset"),
                java.util.Map.entry("tradingcore.feature_set_version", "1"),
                java.util.Map.entry(
                    "tradingcore.observation",
                    "[\"AAPL.momentum\",\"AAPL.rsi\",\"AAPL.position\"]"),
                java.util.Map.entry("tradingcore.normalization_mean", "[0.001, 50, 0]"),
                java.util.Map.entry("tradingcore.normalization_std", "[0.002, 2, 1]"),
                java.util.Map.entry("tradingcore.clip", "5"),
                java.util.Map.entry(
                    "tradingcore.actions", "[\"AAPL:SELL\",\"AAPL:HOLD\",\"AAPL:BUY\"]"),
                java.util.Map.entry("tradingcore.position_mode", "long_only"),
                java.util.Map.entry("tradingcore.hidden_size", "8"),
                java.util.Map.entry("tradingcore.notional_per_symbol", "10000")));

    float[] z = ObservationLayout.resolve(contract).normalize(new double[] {0.004, 71, 1});

    // (0.004 − 0.001) / 0.002 = 1.5; (71 − 50) / 2 = 10.5 → clipped to 5; (1 − 0) / 1 = 1.
    assertThat(z).containsExactly(1.5f, 5f, 1f);
  }
}
