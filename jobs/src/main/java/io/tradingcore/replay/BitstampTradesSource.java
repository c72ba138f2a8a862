package io.tradingcore.replay;

import static java.util.Objects.requireNonNull;

import io.tradingcore.marketdata.Bar;
import io.tradingcore.marketdata.BarAggregator;
import io.tradingcore.marketdata.TradeOutcome;
import io.tradingcore.schemas.avro.QuarantineReason;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Replays real Bitstamp BTC/USD trades (25 Nov – 1 Dec 2013) as one-minute {@code BTCUSD} bars.
 *
 * <p>The trades are the classpath resource {@value #RESOURCE} shipped inside {@code
 * org.ta4j:ta4j-examples}; only that data file is read, never the artifact's classes (they need
 * Java 21). Its lines are {@code timestamp,price,amount} with the timestamp in epoch seconds (UTC).
 * Trades are aggregated with {@link BarAggregator}; a line that cannot be a trade (wrong column
 * count, unparsable field, non-positive price, negative amount, missing header) or a trade older
 * than the open minute is reported to the {@link BadInputListener} and skipped. Trades of amount
 * zero occur in the file; they are kept, setting prices without weight in the VWAP.
 */
public final class BitstampTradesSource implements BarSource {

  /** Classpath resource holding the trades. */
  public static final String RESOURCE = "bitstamp_trades_from_20131125_usd.csv";

  /** The artifact that ships {@link #RESOURCE}. */
  public static final String ARTIFACT = "org.ta4j:ta4j-examples:0.18";

  /** The symbol of every bar. */
  public static final String SYMBOL = "BTCUSD";

  /** The {@code source} of every bar. */
  public static final String SOURCE = "bitstamp";

  static final List<String> COLUMNS = List.of("timestamp", "price", "amount");

  private static final long MILLIS_PER_SECOND = 1_000;

  private final CsvLineReader lines;
  private final BarAggregator aggregator = new BarAggregator(SYMBOL, SOURCE);
  private boolean exhausted;
  private long tradesAggregated;

  private BitstampTradesSource(String origin, Reader reader, BadInputListener listener) {
    this.lines =
        new CsvLineReader(
            origin,
            reader instanceof BufferedReader buffered ? buffered : new BufferedReader(reader),
            COLUMNS,
            requireNonNull(listener, "listener"));
  }

  /**
   * Reads {@value #RESOURCE} from this class's class loader.
   *
   * @throws IllegalStateException naming {@value #ARTIFACT} if the resource is not on the classpath
   */
  public static BitstampTradesSource fromClasspath(BadInputListener listener) {
    return fromClasspath(RESOURCE, BitstampTradesSource.class.getClassLoader(), listener);
  }

  static BitstampTradesSource fromClasspath(
      String resource, ClassLoader classLoader, BadInputListener listener) {
    InputStream in = classLoader.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException(
          "Classpath resource "
              + resource
              + " not found: it ships in "
              + ARTIFACT
              + " (a provided dependency of trading-core-jobs); put that jar on the classpath");
    }
    return new BitstampTradesSource(
        "classpath:" + resource, new InputStreamReader(in, StandardCharsets.UTF_8), listener);
  }

  /**
   * Reads trades in the same layout from any reader, e.g. a newer Bitstamp export or a test
   * fixture.
   *
   * @param origin name used in bad-input reports, e.g. the file path
   */
  public static BitstampTradesSource fromReader(
      String origin, Reader reader, BadInputListener listener) {
    return new BitstampTradesSource(
        requireNonNull(origin, "origin"), requireNonNull(reader, "reader"), listener);
  }

  @Override
  public List<String> symbols() {
    return List.of(SYMBOL);
  }

  @Override
  public Optional<Bar> next() {
    if (exhausted) {
      return Optional.empty();
    }
    CsvLineReader.Row row;
    while ((row = lines.next()) != null) {
      Optional<Bar> closed = aggregate(row);
      if (closed.isPresent()) {
        return closed;
      }
    }
    exhausted = true;
    return aggregator.flush();
  }

  /** Trades merged into bars so far, zero-amount trades included. */
  public long tradesAggregated() {
    return tradesAggregated;
  }

  @Override
  public void close() {
    lines.close();
  }

  private Optional<Bar> aggregate(CsvLineReader.Row row) {
    Long eventTimeMillis = parseEpochSecondsAsMillis(row.field(0));
    BigDecimal price = parseDecimal(row.field(1));
    BigDecimal amount = parseDecimal(row.field(2));
    if (eventTimeMillis == null || price == null || amount == null) {
      lines.report(
          row,
          QuarantineReason.NOT_A_NUMBER,
          "expected epoch seconds, price and amount as numbers: '" + row.raw() + "'");
      return Optional.empty();
    }
    if (price.signum() <= 0) {
      lines.report(row, QuarantineReason.NON_POSITIVE_PRICE, "price " + price + " is not positive");
      return Optional.empty();
    }
    if (amount.signum() < 0) {
      lines.report(row, QuarantineReason.NEGATIVE_VOLUME, "amount " + amount + " is negative");
      return Optional.empty();
    }
    TradeOutcome outcome = aggregator.onTrade(price, amount, eventTimeMillis);
    if (outcome instanceof TradeOutcome.Late late) {
      lines.report(
          row,
          QuarantineReason.LATE,
          "trade at "
              + Instant.ofEpochMilli(late.eventTimeMillis())
              + " is older than the open bar, which starts at "
              + Instant.ofEpochMilli(late.earliestAcceptedMillis()));
      return Optional.empty();
    }
    tradesAggregated++;
    return outcome.closedBar();
  }

  private static Long parseEpochSecondsAsMillis(String text) {
    try {
      return Math.multiplyExact(Long.parseLong(text), MILLIS_PER_SECOND);
    } catch (NumberFormatException | ArithmeticException e) {
      return null;
    }
  }

  private static BigDecimal parseDecimal(String text) {
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
