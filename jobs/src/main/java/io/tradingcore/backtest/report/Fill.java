package io.tradingcore.backtest.report;

import static java.util.Objects.requireNonNull;

import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.schemas.avro.Side;
import java.math.BigDecimal;

/**
 * One execution of a backtest: what was traded, at what price, for what cost.
 *
 * @param timeMillis market time of the fill
 * @param quantity positive quantity traded
 * @param fee cost charged for the fill, zero or positive
 */
public record Fill(
    long timeMillis,
    String symbol,
    Side side,
    BigDecimal quantity,
    BigDecimal price,
    BigDecimal fee) {

  public Fill {
    requireNonNull(symbol, "symbol");
    requireNonNull(side, "side");
    if (quantity == null || quantity.signum() <= 0) {
      throw new IllegalArgumentException(
          "fill of " + symbol + " needs a positive quantity, got " + quantity);
    }
    if (price == null || price.signum() <= 0) {
      throw new IllegalArgumentException(
          "fill of " + symbol + " needs a positive price, got " + price);
    }
    if (fee == null || fee.signum() < 0) {
      throw new IllegalArgumentException(
          "fill of " + symbol + " needs a fee of zero or more, got " + fee);
    }
  }

  /** The fill an execution report of the job describes ({@code report.isFill()}). */
  public static Fill of(ExecutionReport report) {
    return new Fill(
        report.tsEvent(),
        report.symbol(),
        report.side(),
        report.lastQuantity(),
        report.lastPrice(),
        report.fee());
  }

  /** Quantity signed by side: positive for buys. */
  public BigDecimal signedQuantity() {
    return side == Side.BUY ? quantity : quantity.negate();
  }

  /** |quantity × price|, exactly. */
  public BigDecimal notional() {
    return quantity.multiply(price);
  }
}
