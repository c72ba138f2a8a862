package io.tradingcore.replay;

import static java.util.Objects.requireNonNull;

import io.tradingcore.marketdata.Tick;
import io.tradingcore.schemas.avro.QuarantineReason;
import io.tradingcore.schemas.avro.TickKind;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Replays the real Bitstamp BTC/USD trades of {@link BitstampTradesSource} as they are: one TRADE
 * tick per line, for the trading job to aggregate ({@code --source bitstamp-ticks}).
 *
 * <p>Lines that are not numbers are reported and skipped here; everything else goes out as the
 * venue printed it (the 18 trades of amount zero included), so the job's plausibility checks
 * quarantine what they refuse. The file has no trade ids or aggressor flags: buy volume comes from
 * the tick rule.
 */
public final class BitstampTickSource implements TickSource {

  /** The {@code venue} of every tick. */
  public static final String VENUE = "BITSTAMP";

  private static final long MILLIS_PER_SECOND = 1_000;

  private final CsvLineReader lines;

  private BitstampTickSource(String origin, Reader reader, BadInputListener listener) {
    this.lines =
        new CsvLineReader(
            origin,
            reader instanceof BufferedReader buffered ? buffered : new BufferedReader(reader),
            BitstampTradesSource.COLUMNS,
            requireNonNull(listener, "listener"));
  }

  /**
   * Reads {@value BitstampTradesSource#RESOURCE} from this class's class loader.
   *
   * @throws IllegalStateException naming {@value BitstampTradesSource#ARTIFACT} if it is missing
   */
  public static BitstampTickSource fromClasspath(BadInputListener listener) {
    String resource = BitstampTradesSource.RESOURCE;
    InputStream in = BitstampTickSource.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException(
          "Classpath resource "
              + resource
              + " not found: it ships in "
              + BitstampTradesSource.ARTIFACT
              + " (a provided dependency of trading-core-jobs); put that jar on the classpath");
    }
    return new BitstampTickSource(
        "classpath:" + resource, new InputStreamReader(in, StandardCharsets.UTF_8), listener);
  }

  /** Trades in the same layout from any reader, e.g. a test fixture. */
  public static BitstampTickSource fromReader(
      String origin, Reader reader, BadInputListener listener) {
    return new BitstampTickSource(
        requireNonNull(origin, "origin"), requireNonNull(reader, "reader"), listener);
  }

  @Override
  public List<String> symbols() {
    return List.of(BitstampTradesSource.SYMBOL);
  }

  @Override
  public Optional<Tick> next() {
    CsvLineReader.Row row;
    while ((row = lines.next()) != null) {
      try {
        long eventTime = Math.multiplyExact(Long.parseLong(row.field(0)), MILLIS_PER_SECOND);
        return Optional.of(
            new Tick(
                BitstampTradesSource.SYMBOL,
                TickKind.TRADE,
                eventTime,
                new BigDecimal(row.field(1)),
                new BigDecimal(row.field(2)),
                null,
                null,
                null,
                null,
                null,
                VENUE,
                null));
      } catch (NumberFormatException | ArithmeticException e) {
        lines.report(
            row,
            QuarantineReason.NOT_A_NUMBER,
            "expected epoch seconds, price and amount as numbers: '" + row.raw() + "'");
      }
    }
    return Optional.empty();
  }

  @Override
  public void close() {
    lines.close();
  }
}
