package io.tradingcore.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PacedRunTest {

  // Bar ends 60,000 and 120,000 (market time); their last bars were published at 1,000 and 2,500
  // (wall clock); the measured window is [2,000, 5,000).
  private static final PacedRun.Result RESULT =
      new PacedRun.Result(
          List.of(
              new PacedRun.Seen(1_200, 1_900, 60_000),
              new PacedRun.Seen(2_600, 3_400, 120_000),
              new PacedRun.Seen(2_700, 3_100, 180_000)),
          List.of(),
          Map.of(60_000L, 1_000L, 120_000L, 2_500L),
          2_000,
          5_000);

  @Test
  void barToVisibleStartsAtTheLastBarOfTheDecisionTimeInsideTheWindow() {
    // The first order's bar was published in the warm-up; the third's bar end was never published.
    assertThat(RESULT.barToVisible(RESULT.orders())).containsExactly(3_400 - 2_500);
  }

  @Test
  void sinkToVisibleStartsAtTheRecordsCreateTimeInsideTheWindow() {
    assertThat(RESULT.sinkToVisible(RESULT.orders())).containsExactly(3_400 - 2_600, 3_100 - 2_700);
  }
}
