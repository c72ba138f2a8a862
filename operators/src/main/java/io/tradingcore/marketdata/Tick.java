package io.tradingcore.marketdata;

import static java.util.Objects.requireNonNull;

import io.tradingcore.schemas.avro.Side;
import io.tradingcore.schemas.avro.TickKind;
import java.math.BigDecimal;

/**
 * One trade or quote of one instrument at {@code eventTimeMillis}, as read from {@code
 * md.ticks.v1}.
 *
 * <p>A {@link TickKind#TRADE} carries {@code price} and {@code size} (and the venue's {@code
 * aggressor} when it reports one); a {@link TickKind#QUOTE} carries {@code bid}, {@code ask} and
 * their sizes. Which fields are present, and whether their values are plausible, is {@link
 * TickChecks}' concern, not the constructor's, so that bad ticks are quarantined with a reason
 * instead of failing the job.
 *
 * @param tradeId the venue's trade id, used to refuse duplicates; {@code null} when unknown
 */
public record Tick(
    String symbol,
    TickKind kind,
    long eventTimeMillis,
    BigDecimal price,
    BigDecimal size,
    BigDecimal bid,
    BigDecimal ask,
    BigDecimal bidSize,
    BigDecimal askSize,
    Side aggressor,
    String venue,
    String tradeId) {

  public Tick {
    requireNonNull(symbol, "symbol");
    requireNonNull(kind, "kind");
  }

  /** A trade without aggressor flag, venue or trade id. */
  public static Tick trade(String symbol, long eventTimeMillis, BigDecimal price, BigDecimal size) {
    return new Tick(
        symbol,
        TickKind.TRADE,
        eventTimeMillis,
        price,
        size,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** A quote of the best bid and ask with their sizes. */
  public static Tick quote(
      String symbol,
      long eventTimeMillis,
      BigDecimal bid,
      BigDecimal ask,
      BigDecimal bidSize,
      BigDecimal askSize) {
    return new Tick(
        symbol,
        TickKind.QUOTE,
        eventTimeMillis,
        null,
        null,
        bid,
        ask,
        bidSize,
        askSize,
        null,
        null,
        null);
  }

  public boolean isTrade() {
    return kind == TickKind.TRADE;
  }
}
