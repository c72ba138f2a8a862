package io.tradingcore.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingRangeTest {
  private static final LocalDate FEB_11 = LocalDate.of(2019, 2, 11);
  private static final LocalDate FEB_12 = LocalDate.of(2019, 2, 12);
  private static final LocalDate FEB_13 = LocalDate.of(2019, 2, 13);

  @Test
  void readsFirstAndLastDateFromTheMetadataKey() throws Exception {
    TrainingRange range =
        TrainingRange.fromMetadata(Map.of("tradingcore.training_range", "2019-02-11/2019-02-12"))
            .orElseThrow();

    assertThat(range).isEqualTo(new TrainingRange(FEB_11, FEB_12));
    assertThat(range).hasToString("2019-02-11/2019-02-12");
    assertThat(range.endsBefore(FEB_13)).isTrue();
    assertThat(range.endsBefore(FEB_12)).as("the last training day itself").isFalse();
  }

  @Test
  void aModelWithoutTheKeyHasNoRange() throws Exception {
    assertThat(TrainingRange.fromMetadata(Map.of("tradingcore.model_version", "x"))).isEmpty();
  }

  @Test
  void refusesAMalformedOrBackwardRange() {
    assertThatThrownBy(
            () -> TrainingRange.fromMetadata(Map.of(TrainingRange.KEY, "2019-02-11..2019-02-12")))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("is not FIRST/LAST dates");
    assertThatThrownBy(
            () -> TrainingRange.fromMetadata(Map.of(TrainingRange.KEY, "2019-02-12/2019-02-11")))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("cannot end (2019-02-11) before it starts (2019-02-12)");
  }

  @Test
  void readsTheMetadataOfAnOnnxFile() throws Exception {
    byte[] onnx = TestModels.bytes("test-a");

    assertThat(TrainingRange.metadataOf(onnx)).containsKey("tradingcore.model_version");
  }
}
