package io.tradingcore.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Real one-minute bars from {@code shared/data/us-equities-1min-2019-02} beside the checkout, for
 * tests that skip when it is absent. Timestamps are New York local time labelling the bar's end;
 * minutes without trades are absent.
 */
public final class RealMinuteBars {
  public static final Path DIR = Path.of("../../shared/data/us-equities-1min-2019-02");
  public static final String MISSING = "real market data absent: " + DIR.toAbsolutePath();
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** One CSV row; prices as written. */
  public record Row(long endMillis, String open, String high, String low, String close) {}

  private RealMinuteBars() {}

  public static boolean present(String... symbols) {
    for (String symbol : symbols) {
      if (!Files.isRegularFile(file(symbol))) {
        return false;
      }
    }
    return true;
  }

  public static List<Row> read(String symbol) {
    try {
      List<String> lines = Files.readAllLines(file(symbol));
      List<Row> rows = new ArrayList<>(lines.size());
      for (String line : lines.subList(1, lines.size())) {
        String[] c = line.split(",");
        long end = LocalDateTime.parse(c[0], TIME).atZone(NEW_YORK).toInstant().toEpochMilli();
        rows.add(new Row(end, c[1], c[2], c[3], c[4]));
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path file(String symbol) {
    return DIR.resolve(symbol + "_1min.csv");
  }
}
