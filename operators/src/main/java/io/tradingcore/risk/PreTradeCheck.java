package io.tradingcore.risk;

import io.tradingcore.schemas.avro.RiskReason;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * The pre-trade checks every order passes before it may leave the job. Independent of how the order
 * was sized: even a planner bug cannot push an order past a limit.
 */
public final class PreTradeCheck {
  private PreTradeCheck() {}

  /**
   * The first limit {@code request} would break, or empty when it may go.
   *
   * @throws IllegalArgumentException for a request no correct planner produces (non-positive
   *     quantity): a broken invariant, not a denial
   */
  public static Optional<Denial> check(OrderRequest request, Exposure exposure, RiskLimits limits) {
    if (request.quantity().signum() <= 0) {
      throw new IllegalArgumentException(
          "order quantity must be positive, got "
              + request.quantity()
              + " for "
              + request.symbol());
    }
    if (request.referencePrice() == null || request.referencePrice().signum() <= 0) {
      return deny(
          RiskReason.NO_REFERENCE_PRICE,
          "no positive reference price for " + request.symbol(),
          Map.of());
    }
    if (request.quantity().compareTo(limits.maxOrderQuantity()) > 0) {
      return deny(
          RiskReason.ORDER_QUANTITY,
          "order quantity "
              + request.quantity().toPlainString()
              + " exceeds the limit "
              + limits.maxOrderQuantity().toPlainString(),
          Map.of(
              "observed", request.quantity().doubleValue(),
              "limit", limits.maxOrderQuantity().doubleValue()));
    }
    BigDecimal notional = request.quantity().multiply(request.referencePrice());
    if (notional.compareTo(limits.maxOrderNotional()) > 0) {
      return deny(
          RiskReason.ORDER_NOTIONAL,
          "order notional "
              + notional.toPlainString()
              + " exceeds the limit "
              + limits.maxOrderNotional().toPlainString(),
          Map.of(
              "observed",
              notional.doubleValue(),
              "limit",
              limits.maxOrderNotional().doubleValue()));
    }
    BigDecimal worstCase = exposure.worstCaseAfter(request.signedQuantity());
    // Above the limit already (an unexpected fill, a lowered limit), an order that reduces the
    // worst case must still go: refusing it would trap the portfolio over its limit.
    boolean increasesExposure = worstCase.compareTo(exposure.worstCaseAfter(BigDecimal.ZERO)) > 0;
    if (worstCase.compareTo(limits.maxPositionQuantity()) > 0 && increasesExposure) {
      return deny(
          RiskReason.POSITION_LIMIT,
          "position in "
              + request.symbol()
              + " could reach "
              + worstCase.toPlainString()
              + ", above the limit "
              + limits.maxPositionQuantity().toPlainString(),
          Map.of(
              "observed", worstCase.doubleValue(),
              "limit", limits.maxPositionQuantity().doubleValue()));
    }
    return Optional.empty();
  }

  private static Optional<Denial> deny(
      RiskReason reason, String explanation, Map<String, Double> values) {
    return Optional.of(new Denial(reason, explanation, values));
  }
}
