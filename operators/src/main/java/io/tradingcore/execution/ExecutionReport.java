package io.tradingcore.execution;

import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.avro.Side;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What the broker did with an order, as read back from {@code fills.v1}.
 *
 * @param lastQuantity quantity filled by this report (zero when it is not a fill)
 * @param lastPrice price of this fill, or {@code null} when nothing filled
 * @param leavesQuantity quantity still working after this report
 * @param fee charged by this report, in the account currency
 * @param tsEvent market time of the event
 */
public record ExecutionReport(
    String executionId,
    String clientOrderId,
    String portfolio,
    String symbol,
    Side side,
    ExecutionStatus status,
    BigDecimal lastQuantity,
    BigDecimal lastPrice,
    BigDecimal cumulativeQuantity,
    BigDecimal leavesQuantity,
    BigDecimal fee,
    long tsEvent) {

  /**
   * Refuses a report no broker can mean: it comes from outside the job, so the decoder turns this
   * into a quarantined record instead of letting it corrupt positions.
   */
  public ExecutionReport {
    List<String> errors = new ArrayList<>();
    if (clientOrderId == null || portfolio == null || symbol == null || side == null) {
      errors.add("client order id, portfolio, symbol and side are required");
    }
    if (lastQuantity == null || lastQuantity.signum() < 0) {
      errors.add("last quantity must be zero or positive, got " + lastQuantity);
    } else if (lastQuantity.signum() > 0 && (lastPrice == null || lastPrice.signum() <= 0)) {
      errors.add("a fill needs a positive price, got " + lastPrice);
    }
    if (fee == null || fee.signum() < 0) {
      errors.add("fee must be zero or positive, got " + fee);
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid execution report " + executionId + ": " + String.join("; ", errors));
    }
  }

  /**
   * Whether the order can change no more after this report. A REPLACED order is finished too: what
   * is left of it works on under the replacement's own client order id.
   */
  public boolean isTerminal() {
    return switch (status) {
      case FILLED, CANCELED, REJECTED, EXPIRED, REPLACED -> true;
      default -> false;
    };
  }

  /** Filled quantity signed by side: positive for buys. */
  public BigDecimal signedLastQuantity() {
    return side == Side.BUY ? lastQuantity : lastQuantity.negate();
  }

  public boolean isFill() {
    return lastQuantity.signum() > 0;
  }
}
