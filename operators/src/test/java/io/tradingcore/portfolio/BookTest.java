package io.tradingcore.portfolio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingcore.schemas.avro.Side;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BookTest {
  private static final BigDecimal CASH = new BigDecimal("100000");

  @Test
  void aBuyMovesCashIntoThePositionAndChargesTheFee() {
    Book book =
        Book.open("main", CASH).applyFill("AAPL", Side.BUY, dec("100"), dec("150"), dec("1.61"));

    // 100,000 − 15,000 − 1.61
    assertThat(book.cash()).isEqualByComparingTo("84998.39");
    assertThat(book.positionOf("AAPL")).isEqualByComparingTo("100");
    assertThat(book.equity()).isEqualByComparingTo("99998.39");
    assertThat(book.fees()).isEqualByComparingTo("1.61");
    assertThat(book.highWaterMark()).isEqualByComparingTo("100000");
  }

  @Test
  void marksToMarketAndRaisesTheHighWaterMark() {
    Book book =
        Book.open("main", CASH)
            .applyFill("AAPL", Side.BUY, dec("100"), dec("150"), dec("1.61"))
            .mark("AAPL", dec("152.50"));

    // equity 84,998.39 + 100 × 152.50 = 100,248.39; unrealised 250
    assertThat(book.equity()).isEqualByComparingTo("100248.39");
    assertThat(book.unrealizedPnl()).isEqualByComparingTo("250");
    assertThat(book.highWaterMark()).isEqualByComparingTo("100248.39");

    Book lower = book.mark("AAPL", dec("149"));
    assertThat(lower.highWaterMark()).isEqualByComparingTo("100248.39");
  }

  @Test
  void aRoundTripRealisesItsProfitNetOfFees() {
    Book book =
        Book.open("main", CASH)
            .applyFill("AAPL", Side.BUY, dec("100"), dec("150"), dec("1.61"))
            .applyFill("AAPL", Side.SELL, dec("100"), dec("151"), dec("1.62"));

    assertThat(book.realizedPnl()).isEqualByComparingTo("100");
    assertThat(book.cash()).isEqualByComparingTo("100096.77");
    assertThat(book.equity()).isEqualByComparingTo("100096.77");
    assertThat(book.positionOf("AAPL")).isEqualByComparingTo("0");
  }

  @Test
  void staysExactOverAMillionRandomFills() {
    Random random = new Random(7);
    Book book = Book.open("main", CASH);
    String[] symbols = {"AAPL", "MSFT", "BTCUSD"};
    BigDecimal expectedCash = CASH;
    BigDecimal expectedFees = BigDecimal.ZERO;
    Map<String, AverageCost> reference = new HashMap<>();
    for (int i = 0; i < 1_000_000; i++) {
      String symbol = symbols[random.nextInt(symbols.length)];
      Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
      BigDecimal quantity = BigDecimal.valueOf(1 + random.nextInt(9_999), 4); // 0.0001 lots
      BigDecimal price = BigDecimal.valueOf(5_000 + random.nextInt(20_000), 2);
      BigDecimal fee = BigDecimal.valueOf(random.nextInt(100), 2);
      book = book.applyFill(symbol, side, quantity, price, fee);
      reference
          .computeIfAbsent(symbol, s -> new AverageCost())
          .fill(side == Side.BUY ? quantity : quantity.negate(), price);
      BigDecimal notional = quantity.multiply(price);
      expectedCash =
          expectedCash.add(side == Side.BUY ? notional.negate() : notional).subtract(fee);
      expectedFees = expectedFees.add(fee);
      if (i % 100_000 == 0) {
        book = book.mark(symbol, price);
      }
    }

    assertThat(book.cash()).isEqualByComparingTo(expectedCash);
    assertThat(book.fees()).isEqualByComparingTo(expectedFees);
    BigDecimal marketValue = BigDecimal.ZERO;
    for (Position position : book.positions().values()) {
      marketValue = marketValue.add(position.quantity().multiply(book.markOf(position.symbol())));
    }
    assertThat(book.equity()).isEqualByComparingTo(book.cash().add(marketValue));
    // P&L identity holds to the last digit: equity − initial = realised + unrealised − fees
    assertThat(book.equity().subtract(CASH))
        .isEqualByComparingTo(book.realizedPnl().add(book.unrealizedPnl()).subtract(book.fees()));
    // And the split between realised and unrealised agrees with an independent average-cost
    // ledger; the book rounds each removed cost share to 8 decimals (at most 5e-9 a fill).
    BigDecimal referenceRealized =
        reference.values().stream().map(a -> a.realized).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(book.realizedPnl().subtract(referenceRealized).abs())
        .isLessThan(new BigDecimal("0.01"));
    for (Map.Entry<String, AverageCost> e : reference.entrySet()) {
      Position position = book.positions().get(e.getKey());
      assertThat(position.quantity()).isEqualByComparingTo(e.getValue().quantity);
      assertThat(position.costBasis().subtract(e.getValue().costBasis()).abs())
          .isLessThan(new BigDecimal("0.01"));
    }
  }

  /** Average-cost accounting written plainly, as a reference for {@link Position}. */
  private static final class AverageCost {
    BigDecimal quantity = BigDecimal.ZERO;
    BigDecimal averagePrice = BigDecimal.ZERO;
    BigDecimal realized = BigDecimal.ZERO;

    void fill(BigDecimal signed, BigDecimal price) {
      if (quantity.signum() == 0 || quantity.signum() == signed.signum()) {
        BigDecimal held = quantity.abs();
        BigDecimal added = signed.abs();
        averagePrice =
            held.multiply(averagePrice)
                .add(added.multiply(price))
                .divide(held.add(added), MathContext.DECIMAL128);
        quantity = quantity.add(signed);
        return;
      }
      BigDecimal closing = signed.abs().min(quantity.abs());
      BigDecimal direction = BigDecimal.valueOf(quantity.signum());
      realized = realized.add(closing.multiply(price.subtract(averagePrice)).multiply(direction));
      quantity = quantity.add(closing.multiply(BigDecimal.valueOf(signed.signum())));
      BigDecimal left = signed.abs().subtract(closing);
      if (left.signum() > 0) {
        quantity = left.multiply(BigDecimal.valueOf(signed.signum()));
        averagePrice = price;
      } else if (quantity.signum() == 0) {
        averagePrice = BigDecimal.ZERO;
      }
    }

    BigDecimal costBasis() {
      return quantity.multiply(averagePrice);
    }
  }

  @Test
  void refusesAFillWithoutAPositiveQuantity() {
    assertThatThrownBy(
            () -> Book.open("main", CASH).applyFill("AAPL", Side.BUY, dec("0"), dec("1"), dec("0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive quantity");
  }

  private static BigDecimal dec(String value) {
    return new BigDecimal(value);
  }
}
