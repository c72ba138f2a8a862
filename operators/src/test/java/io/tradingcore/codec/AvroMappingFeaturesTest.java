package io.tradingcore.codec;

import static io.tradingcore.testing.TestBars.bar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingcore.features.BarFeatures;
import io.tradingcore.features.FeatureCalculator;
import io.tradingcore.features.FeatureState;
import io.tradingcore.features.FeatureWindows;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.schemas.avro.FeatureVector;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Asset features to {@code features.v1} and back: the exported vector plus its bar. */
class AvroMappingFeaturesTest {
  private static final Instant CREATED = Instant.parse("2024-01-08T15:00:00Z");

  /** Sixty bars of a wandering price with quotes: every window fills, the features are warm. */
  private static List<Bar> history(String symbol) {
    List<Bar> bars = new ArrayList<>();
    BigDecimal close = new BigDecimal("187.25");
    for (int i = 1; i <= 60; i++) {
      BigDecimal next = close.add(new BigDecimal(i % 7 == 0 ? "-0.37" : "0.11"));
      bars.add(
          bar(symbol)
              .atMinute(i)
              .ohlc(
                  close.toPlainString(),
                  next.max(close).add(new BigDecimal("0.05")).toPlainString(),
                  next.min(close).subtract(new BigDecimal("0.04")).toPlainString(),
                  next.toPlainString())
              .volume(String.valueOf(1000 + 37 * (i % 11)))
              .quoteImbalance(((i % 5) - 2) / 4.0)
              .build());
      close = next;
    }
    return bars;
  }

  @Test
  void everyBarsFeaturesComeBackExactlyFromTheVectorAndTheBar() {
    FeatureCalculator calculator = new FeatureCalculator(FeatureWindows.DEFAULT);
    FeatureState state = calculator.initialState();
    BigDecimal previousClose = null;
    int warm = 0;
    for (Bar bar : history("AAPL")) {
      BarFeatures computed = calculator.update(state, bar);

      BarFeatures back =
          AvroMapping.toDomain(AvroMapping.toAvro(computed, CREATED), bar, previousClose);

      // Records compare doubles bit for bit (NaN equals NaN): nothing is lost on the way.
      assertThat(back).isEqualTo(computed);
      previousClose = bar.close();
      warm += computed.warm() ? 1 : 0;
    }
    assertThat(warm).as("warm bars among the 60").isEqualTo(10);
  }

  @Test
  void theLogReturnIsTheFeatureCoresFromThePreviousClose() {
    Bar bar = bar("AAPL").flatAt("101").build();

    BarFeatures first = AvroMapping.toDomain(vectorOf(bar), bar, null);
    BarFeatures later = AvroMapping.toDomain(vectorOf(bar), bar, new BigDecimal("100"));

    assertThat(first.logReturn()).isZero();
    // ln(101 / 100), by hand: 0.00995033085316808...
    assertThat(later.logReturn()).isCloseTo(0.009950330853168083, within(1e-17));
  }

  @Test
  void theCloseIsTheBarsExactOneNotTheVectorsRoundedOne() {
    // A crypto price with more decimals than the wire's 8.
    Bar bar = bar("BTCUSD").flatAt("1234.123456789").build();
    FeatureVector vector = vectorOf(bar);

    BarFeatures back = AvroMapping.toDomain(vector, bar, null);

    assertThat(vector.getClose()).isEqualByComparingTo("1234.12345679");
    assertThat(back.close()).isEqualTo(new BigDecimal("1234.123456789"));
  }

  @Test
  void valuesAreFoundByNameWhateverTheirOrder() {
    Bar bar = bar("AAPL").flatAt("100").build();
    FeatureVector vector = vectorOf(bar);
    List<String> names = new ArrayList<>(vector.getNames());
    List<Double> values = new ArrayList<>(vector.getValues());
    Collections.reverse(names);
    Collections.reverse(values);
    vector.setNames(names);
    vector.setValues(values);

    BarFeatures back = AvroMapping.toDomain(vector, bar, null);

    assertThat(back.vector())
        .containsExactly(AvroMapping.toDomain(vectorOf(bar), bar, null).vector());
  }

  @Test
  void refusesAVectorOfAnotherBarOrAnotherFeatureSet() {
    Bar bar = bar("AAPL").atMinute(3).flatAt("100").build();
    Bar other = bar("AAPL").atMinute(4).flatAt("100").build();
    Bar otherClose = bar("AAPL").atMinute(3).flatAt("100.5").build();
    FeatureVector older = vectorOf(bar);
    older.setFeatureSetVersion(BarFeatures.FEATURE_SET_VERSION + 1);
    FeatureVector lacking = vectorOf(bar);
    lacking.setNames(new ArrayList<>(lacking.getNames().subList(0, 11)));

    assertThatThrownBy(() -> AvroMapping.toDomain(vectorOf(bar), other, null))
        .hasMessageContaining("does not belong to the bar of AAPL");
    assertThatThrownBy(() -> AvroMapping.toDomain(vectorOf(bar), otherClose, null))
        .hasMessageContaining("has close 100.00000000, its bar 100.5");
    assertThatThrownBy(() -> AvroMapping.toDomain(older, bar, null))
        .hasMessageContaining("not ASSET asset v" + BarFeatures.FEATURE_SET_VERSION);
    assertThatThrownBy(() -> AvroMapping.toDomain(lacking, bar, null))
        .hasMessageContaining("has no vpin");
  }

  private static FeatureVector vectorOf(Bar bar) {
    FeatureCalculator calculator = new FeatureCalculator(FeatureWindows.DEFAULT);
    return AvroMapping.toAvro(calculator.update(calculator.initialState(), bar), CREATED);
  }

  private static org.assertj.core.data.Offset<Double> within(double offset) {
    return org.assertj.core.data.Offset.offset(offset);
  }
}
