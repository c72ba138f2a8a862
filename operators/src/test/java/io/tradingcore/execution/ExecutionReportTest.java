package io.tradingcore.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.avro.Side;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ExecutionReportTest {

  @Test
  void refusesAFillWithoutAPositivePrice() {
    assertThatThrownBy(() -> fill("10", "0", "0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a fill needs a positive price");
    assertThatThrownBy(() -> fill("10", null, "0"))
        .hasMessageContaining("a fill needs a positive price");
  }

  @Test
  void refusesNegativeQuantitiesAndFees() {
    assertThatThrownBy(() -> fill("-1", "10", "0")).hasMessageContaining("last quantity");
    assertThatThrownBy(() -> fill("1", "10", "-0.01")).hasMessageContaining("fee");
  }

  @Test
  void acceptsAReportWithoutAFill() {
    ExecutionReport accepted = fill("0", null, "0");

    assertThat(accepted.isFill()).isFalse();
  }

  @Test
  void aReplacedOrderIsFinishedButAPartlyFilledOneStillWorks() {
    assertThat(withStatus(ExecutionStatus.REPLACED).isTerminal()).isTrue();
    assertThat(withStatus(ExecutionStatus.EXPIRED).isTerminal()).isTrue();
    assertThat(withStatus(ExecutionStatus.PARTIALLY_FILLED).isTerminal()).isFalse();
    assertThat(withStatus(ExecutionStatus.ACCEPTED).isTerminal()).isFalse();
  }

  private static ExecutionReport withStatus(ExecutionStatus status) {
    return report(status, "0", null, "0");
  }

  private static ExecutionReport fill(String quantity, String price, String fee) {
    return report(ExecutionStatus.FILLED, quantity, price, fee);
  }

  private static ExecutionReport report(
      ExecutionStatus status, String quantity, String price, String fee) {
    return new ExecutionReport(
        "e1",
        "o1",
        "main",
        "AAPL",
        Side.BUY,
        status,
        new BigDecimal(quantity),
        price == null ? null : new BigDecimal(price),
        new BigDecimal(quantity),
        BigDecimal.ZERO,
        new BigDecimal(fee),
        0L);
  }
}
