package io.tradingcore.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingcore.policy.PolicyContract.PositionMode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ActionMapTest {

  @Test
  void jointActionsPutTheFirstSymbolMostSignificant() {
    List<String> labels = ActionMap.labels(List.of("AAPL", "MSFT"));

    assertThat(labels).hasSize(9);
    assertThat(labels.get(0)).isEqualTo("AAPL:SELL|MSFT:SELL");
    assertThat(labels.get(1)).isEqualTo("AAPL:SELL|MSFT:HOLD");
    assertThat(labels.get(5)).isEqualTo("AAPL:HOLD|MSFT:BUY");
    assertThat(labels.get(8)).isEqualTo("AAPL:BUY|MSFT:BUY");
    // 7 = 2·3 + 1: AAPL BUY, MSFT HOLD.
    assertThat(ActionMap.decode(7, 2)).containsExactly(ActionMap.BUY, ActionMap.HOLD);
    assertThat(ActionMap.decode(13, 3))
        .containsExactly(ActionMap.HOLD, ActionMap.HOLD, ActionMap.HOLD);
    assertThatThrownBy(() -> ActionMap.decode(9, 2)).hasMessageContaining("outside the 9");
  }

  @Test
  void sellMeansFlatOrShortByMode() {
    assertThat(ActionMap.nextLevel(1, ActionMap.SELL, PositionMode.LONG_ONLY)).isZero();
    assertThat(ActionMap.nextLevel(1, ActionMap.SELL, PositionMode.LONG_SHORT)).isEqualTo(-1);
    assertThat(ActionMap.nextLevel(-1, ActionMap.HOLD, PositionMode.LONG_SHORT)).isEqualTo(-1);
    assertThat(ActionMap.nextLevel(0, ActionMap.BUY, PositionMode.LONG_ONLY)).isEqualTo(1);
  }

  @Test
  void argMaxTakesTheFirstOfEqualLogitsAndRefusesNonFiniteOnes() {
    assertThat(ActionMap.argMax(new float[] {0.1f, 0.7f, 0.7f, -2f})).isEqualTo(1);
    assertThat(ActionMap.argMax(new float[] {-3f, -1f})).isEqualTo(1);
    assertThat(ActionMap.argMax(new float[] {0.1f, Float.NaN})).isEqualTo(-1);
    assertThat(ActionMap.argMax(new float[] {Float.POSITIVE_INFINITY, 0f})).isEqualTo(-1);
  }
}
