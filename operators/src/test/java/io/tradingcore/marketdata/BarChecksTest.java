package io.tradingcore.marketdata;

import static io.tradingcore.testing.TestBars.ONE_MINUTE;
import static io.tradingcore.testing.TestBars.T0;
import static io.tradingcore.testing.TestBars.bar;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.schemas.avro.QuarantineReason;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BarChecksTest {

  @Test
  void passesAPlausibleBarWithEveryOptionalField() {
    Bar bar =
        bar("AAPL")
            .ohlc("10", "11", "9", "10.5")
            .tradeCount(12)
            .buyVolume("600")
            .quoteImbalance(-1.0)
            .build();

    assertThat(BarChecks.check(bar)).isEmpty();
    assertThat(BarChecks.checkAlignment(bar, ONE_MINUTE)).isEmpty();
  }

  @Test
  void aQuoteImbalanceThatIsNotANumberIsNotANumber() {
    assertThat(reason(bar("AAPL").quoteImbalance(Double.NaN).build()))
        .contains(QuarantineReason.NOT_A_NUMBER);
    assertThat(reason(bar("AAPL").quoteImbalance(Double.POSITIVE_INFINITY).build()))
        .contains(QuarantineReason.NOT_A_NUMBER);
    assertThat(reason(bar("AAPL").quoteImbalance(Double.NEGATIVE_INFINITY).build()))
        .contains(QuarantineReason.NOT_A_NUMBER);
  }

  @Test
  void breachesOfTheTopicsContractAreSchemaViolations() {
    assertThat(reason(bar(" ").build())).contains(QuarantineReason.SCHEMA_VIOLATION);
    assertThat(reason(bar("AAPL").quoteImbalance(1.0001).build()))
        .contains(QuarantineReason.SCHEMA_VIOLATION);
    assertThat(reason(bar("AAPL").tradeCount(-1).build()))
        .contains(QuarantineReason.SCHEMA_VIOLATION);
    assertThat(reason(bar("AAPL").volume("100").buyVolume("100.5").build()))
        .contains(QuarantineReason.SCHEMA_VIOLATION);
    assertThat(reason(bar("AAPL").buyVolume("-1").build()))
        .contains(QuarantineReason.SCHEMA_VIOLATION);
    // Nine decimals: the wire (scale 8) cannot carry it.
    assertThat(reason(bar("AAPL").flatAt("100.000000001").build()))
        .contains(QuarantineReason.SCHEMA_VIOLATION);
    // Seventeen integer digits: beyond precision 24 at scale 8.
    assertThat(reason(bar("AAPL").flatAt("10").volume("12345678901234567").build()))
        .contains(QuarantineReason.SCHEMA_VIOLATION);
  }

  @Test
  void zeroVolumeWithAPriceRangeIsImplausible() {
    assertThat(reason(bar("AAPL").ohlc("10", "11", "9", "10").volume("0").build()))
        .contains(QuarantineReason.IMPLAUSIBLE_VOLUME);
    assertThat(reason(bar("AAPL").flatAt("10").volume("0").build()))
        .as("a flat bar without trades is possible")
        .isEmpty();
  }

  @Test
  void barsOffTheSharedIntervalGridAreMisaligned() {
    Bar offGrid = bar("AAPL").endingAt(T0 + 30_000).build();
    Bar twoMinutes = bar("AAPL").startingAt(T0 - 2 * ONE_MINUTE).build();
    Bar onGrid = bar("AAPL").build();

    assertThat(BarChecks.checkAlignment(offGrid, ONE_MINUTE).map(BarChecks.Problem::reason))
        .contains(QuarantineReason.MISALIGNED_TIMESTAMP);
    assertThat(BarChecks.checkAlignment(twoMinutes, ONE_MINUTE).map(BarChecks.Problem::reason))
        .contains(QuarantineReason.MISALIGNED_TIMESTAMP);
    assertThat(BarChecks.checkAlignment(onGrid, ONE_MINUTE)).isEmpty();
    assertThat(BarChecks.checkAlignment(onGrid, 5 * ONE_MINUTE))
        .as("14:30 starts a five-minute bar, but it lasts one minute")
        .isPresent();
  }

  private static Optional<QuarantineReason> reason(Bar bar) {
    return BarChecks.check(bar).map(BarChecks.Problem::reason);
  }
}
