package io.tradingcore.portfolio;

import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.schemas.avro.Side;
import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * A portfolio's positions, cash, P&L and high-water mark, in exact decimals. Immutable: every fill
 * or mark returns a new book, which is what the Flink function keeps in state.
 *
 * <p>Invariant: {@code equity() = cash + Σ quantity × mark}, and {@code equity() − initialCash =
 * realizedPnl + unrealizedPnl() − fees}, exactly.
 *
 * @param marks last known price of each symbol; a symbol without one is marked at its last fill
 */
public record Book(
    String portfolio,
    BigDecimal initialCash,
    BigDecimal cash,
    BigDecimal realizedPnl,
    BigDecimal fees,
    BigDecimal highWaterMark,
    Map<String, Position> positions,
    Map<String, BigDecimal> marks) {

  public Book {
    positions = Map.copyOf(positions);
    marks = Map.copyOf(marks);
  }

  public static Book open(String portfolio, BigDecimal initialCash) {
    return new Book(
        portfolio,
        initialCash,
        initialCash,
        BigDecimal.ZERO,
        BigDecimal.ZERO,
        initialCash,
        Map.of(),
        Map.of());
  }

  /** The book after a fill of {@code quantity} (positive) on {@code side} at {@code price}. */
  public Book applyFill(
      String symbol, Side side, BigDecimal quantity, BigDecimal price, BigDecimal fee) {
    if (quantity.signum() <= 0 || price.signum() <= 0 || fee.signum() < 0) {
      throw new IllegalArgumentException(
          "fill needs a positive quantity and price and a non-negative fee, got "
              + quantity
              + " @ "
              + price
              + " fee "
              + fee);
    }
    BigDecimal signed = side == Side.BUY ? quantity : quantity.negate();
    Position.Change change =
        positions.getOrDefault(symbol, Position.flat(symbol)).apply(signed, price);
    Map<String, Position> nextPositions = new TreeMap<>(positions);
    nextPositions.put(symbol, change.position());
    Map<String, BigDecimal> nextMarks = marks;
    if (!marks.containsKey(symbol)) {
      nextMarks = new TreeMap<>(marks);
      nextMarks.put(symbol, price);
    }
    Book next =
        new Book(
            portfolio,
            initialCash,
            cash.subtract(signed.multiply(price)).subtract(fee),
            realizedPnl.add(change.realized()),
            fees.add(fee),
            highWaterMark,
            nextPositions,
            nextMarks);
    return next.withHighWaterMark();
  }

  /** The book after the fill a broker reported ({@link ExecutionReport#isFill()} must hold). */
  public Book applyFill(ExecutionReport fill) {
    return applyFill(fill.symbol(), fill.side(), fill.lastQuantity(), fill.lastPrice(), fill.fee());
  }

  /** The book with {@code symbol} marked at {@code price}. */
  public Book mark(String symbol, BigDecimal price) {
    Map<String, BigDecimal> nextMarks = new TreeMap<>(marks);
    nextMarks.put(symbol, price);
    return new Book(
            portfolio, initialCash, cash, realizedPnl, fees, highWaterMark, positions, nextMarks)
        .withHighWaterMark();
  }

  /** The book with its high-water mark reset to the equity now (an operator's RESUME). */
  public Book withHighWaterMarkAtEquity() {
    return new Book(portfolio, initialCash, cash, realizedPnl, fees, equity(), positions, marks);
  }

  public BigDecimal markOf(String symbol) {
    return marks.getOrDefault(symbol, BigDecimal.ZERO);
  }

  public BigDecimal equity() {
    BigDecimal equity = cash;
    for (Position position : positions.values()) {
      equity = equity.add(position.marketValue(markOf(position.symbol())));
    }
    return equity;
  }

  public BigDecimal unrealizedPnl() {
    BigDecimal total = BigDecimal.ZERO;
    for (Position position : positions.values()) {
      total = total.add(position.unrealizedPnl(markOf(position.symbol())));
    }
    return total;
  }

  public BigDecimal positionOf(String symbol) {
    Position position = positions.get(symbol);
    return position == null ? BigDecimal.ZERO : position.quantity();
  }

  private Book withHighWaterMark() {
    BigDecimal equity = equity();
    if (equity.compareTo(highWaterMark) <= 0) {
      return this;
    }
    return new Book(portfolio, initialCash, cash, realizedPnl, fees, equity, positions, marks);
  }
}
