package io.tradingcore.marketdata;

import static io.tradingcore.testing.TestBars.bar;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.schemas.avro.QuarantineReason;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class BarQualityGateFunctionTest {

  @Test
  void passesPlausibleBarsInTimeOrderPerSymbol() throws Exception {
    try (var harness = harness()) {
      harness.open();
      send(harness, bar("AAPL").atMinute(1).ohlc("10", "11", "9", "10.5").build());
      send(harness, bar("MSFT").atMinute(1).flatAt("20").build());
      send(harness, bar("AAPL").atMinute(2).flatAt("10.5").build());

      assertThat(harness.extractOutputValues())
          .extracting(Bar::symbol)
          .containsExactly("AAPL", "MSFT", "AAPL");
      assertThat(rejected(harness)).isEmpty();
    }
  }

  @Test
  void quarantinesImplausibleBarsWithTheirReason() throws Exception {
    try (var harness = harness()) {
      harness.open();
      send(harness, bar("AAPL").atMinute(1).ohlc("0", "1", "0", "1").build());
      send(harness, bar("AAPL").atMinute(2).ohlc("10", "9", "11", "10").build());
      send(harness, bar("AAPL").atMinute(3).flatAt("10").volume("-1").build());

      assertThat(harness.extractOutputValues()).isEmpty();
      assertThat(rejected(harness))
          .extracting(Quarantined::reason)
          .containsExactly(
              QuarantineReason.NON_POSITIVE_PRICE,
              QuarantineReason.HIGH_BELOW_LOW,
              QuarantineReason.NEGATIVE_VOLUME);
    }
  }

  @Test
  void quarantinesBarsThatDoNotMoveTheirSymbolsTimeForward() throws Exception {
    try (var harness = harness()) {
      harness.open();
      send(harness, bar("AAPL").atMinute(2).flatAt("100").build());
      send(harness, bar("AAPL").atMinute(2).flatAt("101").build());
      send(harness, bar("AAPL").atMinute(1).flatAt("99").build());

      assertThat(harness.extractOutputValues()).hasSize(1);
      List<Quarantined> rejected = rejected(harness);
      assertThat(rejected)
          .extracting(Quarantined::reason)
          .containsExactly(QuarantineReason.DUPLICATE, QuarantineReason.OUT_OF_ORDER);
      assertThat(new String(rejected.get(0).payload(), StandardCharsets.UTF_8))
          .contains("\"symbol\":\"AAPL\"")
          .contains("101");
      assertThat(rejected.get(0).detectedBy()).isEqualTo("bar-quality-gate");
    }
  }

  @Test
  void remembersEachSymbolsLastBarAcrossARestore() throws Exception {
    OperatorSubtaskState snapshot;
    try (var before = harness()) {
      before.open();
      send(before, bar("AAPL").atMinute(5).flatAt("100").build());
      snapshot = before.snapshot(1L, 1L);
    }
    try (var after = harness()) {
      after.initializeState(snapshot);
      after.open();
      send(after, bar("AAPL").atMinute(5).flatAt("100").build());
      send(after, bar("AAPL").atMinute(6).flatAt("100").build());

      assertThat(after.extractOutputValues()).hasSize(1);
      assertThat(rejected(after))
          .extracting(Quarantined::reason)
          .containsExactly(QuarantineReason.DUPLICATE);
    }
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Bar, Bar> harness()
      throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new BarQualityGateFunction()), Bar::symbol, Types.STRING);
  }

  private static void send(
      KeyedOneInputStreamOperatorTestHarness<String, Bar, Bar> harness, Bar bar) throws Exception {
    harness.processElement(bar, bar.endMillis());
  }

  private static List<Quarantined> rejected(
      KeyedOneInputStreamOperatorTestHarness<String, Bar, Bar> harness) {
    var side = harness.getSideOutput(BarQualityGateFunction.QUARANTINE);
    // The harness has no queue for a side output nothing was written to.
    return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
  }
}
