package io.tradingcore.bridge.alpaca;

import io.tradingcore.schemas.avro.ExecutionStatus;
import java.math.BigDecimal;

/** Alpaca's order statuses in the bridge's vocabulary. */
public final class AlpacaStatuses {
  private AlpacaStatuses() {}

  /**
   * The {@link ExecutionStatus} of an Alpaca order in {@code status} with {@code filledQty} filled.
   * States in which the order is still working but not yet or no longer trading today ({@code new},
   * {@code accepted}, {@code pending_new}, {@code done_for_day}, {@code pending_replace}, {@code
   * stopped}, …) are ACCEPTED, or PARTIALLY_FILLED once something filled: the bridge reports what
   * the portfolio holds, not every step of Alpaca's life cycle. An unknown status is UNKNOWN.
   */
  public static ExecutionStatus toExecutionStatus(String status, BigDecimal filledQty) {
    ExecutionStatus working =
        filledQty != null && filledQty.signum() > 0
            ? ExecutionStatus.PARTIALLY_FILLED
            : ExecutionStatus.ACCEPTED;
    if (status == null) {
      return ExecutionStatus.UNKNOWN;
    }
    return switch (status) {
      case "new",
              "accepted",
              "pending_new",
              "accepted_for_bidding",
              "held",
              "calculated",
              "stopped",
              "suspended",
              "done_for_day",
              "pending_replace",
              "partially_filled" ->
          working;
      case "filled" -> ExecutionStatus.FILLED;
      case "canceled" -> ExecutionStatus.CANCELED;
      case "expired" -> ExecutionStatus.EXPIRED;
      case "replaced" -> ExecutionStatus.REPLACED;
      case "pending_cancel" -> ExecutionStatus.PENDING_CANCEL;
      case "rejected" -> ExecutionStatus.REJECTED;
      default -> ExecutionStatus.UNKNOWN;
    };
  }

  /** Whether nothing more can happen to an order in {@code status}. */
  public static boolean isTerminal(ExecutionStatus status) {
    return switch (status) {
      case FILLED, CANCELED, EXPIRED, REPLACED, REJECTED -> true;
      default -> false;
    };
  }
}
