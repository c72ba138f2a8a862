package io.tradingcore.marketdata;

import static io.tradingcore.testing.TestBars.bar;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.schemas.avro.QuarantineReason;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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

  @Test
  void decidesTheSameWhetherOrNotItIsRestoredMidStream() throws Exception {
    List<Bar> stream = eventfulStream();
    List<String> uninterrupted;
    try (var harness = harness()) {
      harness.open();
      for (Bar bar : stream) {
        send(harness, bar);
      }
      uninterrupted = decisions(harness);
    }
    assertThat(uninterrupted)
        .as("the stream exercises every statistical rule")
        .anyMatch(d -> d.startsWith("PRICE_JUMP"))
        .anyMatch(d -> d.startsWith("IMPLAUSIBLE_VOLUME"))
        .anyMatch(d -> d.startsWith("MISSING_BARS"));

    List<String> restored = new ArrayList<>();
    OperatorSubtaskState snapshot;
    int half = stream.size() / 2;
    try (var before = harness()) {
      before.open();
      for (Bar bar : stream.subList(0, half)) {
        send(before, bar);
      }
      restored.addAll(decisions(before));
      snapshot = before.snapshot(1L, 1L);
    }
    try (var after = harness()) {
      after.initializeState(snapshot);
      after.open();
      for (Bar bar : stream.subList(half, stream.size())) {
        send(after, bar);
      }
      restored.addAll(decisions(after));
    }

    assertThat(restored).containsExactlyInAnyOrderElementsOf(uninterrupted);
  }

  @Test
  void forgetsAQuietSymbolAfterTheStateTtl() throws Exception {
    GateParameters shortLived = GateParameters.DEFAULT.withStateTtl(Duration.ofMinutes(10));
    try (var harness = harness(shortLived)) {
      harness.open();
      harness.setStateTtlProcessingTime(0);
      send(harness, bar("AAPL").atMinute(5).flatAt("100").build());
      harness.setStateTtlProcessingTime(Duration.ofMinutes(9).toMillis());
      send(harness, bar("AAPL").atMinute(5).flatAt("100").build());

      harness.setStateTtlProcessingTime(Duration.ofMinutes(20).toMillis());
      send(harness, bar("AAPL").atMinute(5).flatAt("100").build());

      assertThat(rejected(harness))
          .extracting(Quarantined::reason)
          .as("remembered within the TTL")
          .containsExactly(QuarantineReason.DUPLICATE);
      assertThat(harness.extractOutputValues())
          .as("forgotten after it: the same bar is new again")
          .hasSize(2);
    }
  }

  /**
   * 120 one-minute AAPL bars of a seeded random walk with a bad tick, a volume spike, a lasting
   * level shift and a gap.
   */
  private static List<Bar> eventfulStream() {
    Random random = new Random(11);
    List<Bar> bars = new ArrayList<>();
    double close = 100;
    int minute = 0;
    for (int i = 0; i < 120; i++) {
      minute += i == 70 ? 8 : 1;
      close *= Math.exp(0.001 * random.nextGaussian());
      double price = close;
      String volume = String.valueOf(1000 + random.nextInt(500));
      if (i == 40) {
        price = close * 1.2;
      } else if (i == 50) {
        volume = "900000";
      } else if (i >= 90) {
        price = close * 0.8;
      }
      String p = BigDecimal.valueOf(price).setScale(4, RoundingMode.HALF_EVEN).toPlainString();
      bars.add(bar("AAPL").atMinute(minute).flatAt(p).volume(volume).build());
    }
    return bars;
  }

  private static List<String> decisions(
      KeyedOneInputStreamOperatorTestHarness<String, Bar, Bar> harness) {
    List<String> decisions = new ArrayList<>();
    harness.extractOutputValues().forEach(b -> decisions.add("PASS " + b.endMillis()));
    rejected(harness).forEach(q -> decisions.add(q.reason() + " " + q.detail()));
    return decisions;
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Bar, Bar> harness()
      throws Exception {
    return harness(GateParameters.DEFAULT);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, Bar, Bar> harness(
      GateParameters parameters) throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new BarQualityGateFunction(parameters)),
        Bar::symbol,
        Types.STRING);
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
