package io.tradingcore.replay;

import static java.util.Objects.requireNonNull;

import io.tradingcore.marketdata.Bar;
import io.tradingcore.money.Decimals;
import io.tradingcore.schemas.avro.QuarantineReason;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.stream.Stream;

/**
 * Replays one-minute bars from a folder holding one CSV file per symbol, {@code <SYMBOL>_1min.csv},
 * with the header {@code timestamp,open,high,low,close,volume} and local timestamps that label the
 * <em>end</em> of each minute (09:31:00 is the bar 09:30–09:31).
 *
 * <p>Files are streamed, one reader each, and merged by end time, so memory does not grow with the
 * length of the history. A line that cannot be read as a bar (wrong column count, unparsable number
 * or timestamp, a timestamp not on a whole minute, a timestamp not after the previous line's, a
 * missing header) is reported to the {@link BadInputListener} with its file and line number and
 * skipped. Plausibility (positive prices, high above low) is left to the quality gate, which
 * quarantines with the same reason codes. The bars carry no VWAP or trade count: the files do not
 * have them.
 */
public final class CsvBarSource implements BarSource {

  /** The zone the timestamps are read in unless configured otherwise. */
  public static final ZoneId DEFAULT_ZONE = ZoneId.of("America/New_York");

  /** The {@code source} of every bar this class produces. */
  public static final String SOURCE = "csv";

  static final String FILE_SUFFIX = "_1min.csv";
  static final List<String> COLUMNS =
      List.of("timestamp", "open", "high", "low", "close", "volume");

  private static final long MINUTE_MILLIS = 60_000;
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);

  /**
   * What to replay.
   *
   * @param folder directory with the {@code <SYMBOL>_1min.csv} files
   * @param symbols symbols to replay, each with its file in {@code folder}
   * @param zone the zone the local timestamps are in
   */
  public record Config(Path folder, List<String> symbols, ZoneId zone) {

    public Config {
      List<String> errors = new ArrayList<>();
      if (folder == null) {
        errors.add("folder must be set");
      }
      if (zone == null) {
        errors.add("zone must be set");
      }
      errors.addAll(SymbolLists.problems(symbols));
      if (!errors.isEmpty()) {
        throw new IllegalArgumentException("Invalid CsvBarSource config: " + errors);
      }
      symbols = List.copyOf(symbols);
    }

    /** Replays {@code symbols} from {@code folder} in {@link #DEFAULT_ZONE}. */
    public static Config of(Path folder, List<String> symbols) {
      return new Config(folder, symbols, DEFAULT_ZONE);
    }

    public Config withZone(ZoneId zone) {
      return new Config(folder, symbols, zone);
    }
  }

  private final List<String> symbols;
  private final List<SymbolFile> files = new ArrayList<>();
  private final PriorityQueue<SymbolFile> pending =
      new PriorityQueue<>((a, b) -> ORDER.compare(a.head, b.head));

  /**
   * Opens a reader per symbol.
   *
   * @throws IllegalArgumentException if the folder does not exist, or a symbol has no file there
   *     (the message lists the symbols that do)
   */
  public CsvBarSource(Config config, BadInputListener listener) {
    requireNonNull(config, "config");
    requireNonNull(listener, "listener");
    this.symbols = config.symbols();
    List<String> available = availableSymbols(config.folder());
    List<String> missing = symbols.stream().filter(s -> !available.contains(s)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "No file for "
              + missing
              + " in "
              + config.folder().toAbsolutePath()
              + " (expected <SYMBOL>"
              + FILE_SUFFIX
              + "); available symbols: "
              + available);
    }
    try {
      for (String symbol : symbols) {
        files.add(new SymbolFile(symbol, config.folder(), config.zone(), listener));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    for (SymbolFile file : files) {
      if (file.advance()) {
        pending.add(file);
      }
    }
  }

  /** Shorthand for {@code new CsvBarSource(Config.of(folder, symbols), listener)}. */
  public static CsvBarSource open(Path folder, List<String> symbols, BadInputListener listener) {
    return new CsvBarSource(Config.of(folder, symbols), listener);
  }

  /**
   * The symbols that have a {@code <SYMBOL>_1min.csv} file in {@code folder}, sorted.
   *
   * @throws IllegalArgumentException if {@code folder} is not a directory
   */
  public static List<String> availableSymbols(Path folder) {
    requireNonNull(folder, "folder");
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException(
          "Market-data folder " + folder.toAbsolutePath() + " does not exist or is not a folder");
    }
    try (Stream<Path> entries = Files.list(folder)) {
      return entries
          .map(path -> path.getFileName().toString())
          .filter(name -> name.endsWith(FILE_SUFFIX) && name.length() > FILE_SUFFIX.length())
          .map(name -> name.substring(0, name.length() - FILE_SUFFIX.length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list " + folder.toAbsolutePath(), e);
    }
  }

  @Override
  public List<String> symbols() {
    return symbols;
  }

  @Override
  public Optional<Bar> next() {
    SymbolFile file = pending.poll();
    if (file == null) {
      return Optional.empty();
    }
    Bar bar = file.head;
    if (file.advance()) {
      pending.add(file);
    }
    return Optional.of(bar);
  }

  @Override
  public void close() {
    pending.clear();
    RuntimeException failure = null;
    for (SymbolFile file : files) {
      try {
        file.lines.close();
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    files.clear();
    if (failure != null) {
      throw failure;
    }
  }

  /** One symbol's file and the next bar read from it. */
  private static final class SymbolFile {
    private final String symbol;
    private final ZoneId zone;
    private final CsvLineReader lines;
    private Bar head;
    private long lastEndMillis = Long.MIN_VALUE;

    SymbolFile(String symbol, Path folder, ZoneId zone, BadInputListener listener) {
      this.symbol = symbol;
      this.zone = zone;
      Path path = folder.resolve(symbol + FILE_SUFFIX);
      try {
        this.lines =
            new CsvLineReader(
                path.toString(),
                Files.newBufferedReader(path, StandardCharsets.UTF_8),
                COLUMNS,
                listener);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot open " + path.toAbsolutePath(), e);
      }
    }

    /** Reads up to the next valid bar; false at the end of the file. */
    boolean advance() {
      CsvLineReader.Row row;
      while ((row = lines.next()) != null) {
        head = parse(row);
        if (head != null) {
          lastEndMillis = head.endMillis();
          return true;
        }
      }
      head = null;
      return false;
    }

    private Bar parse(CsvLineReader.Row row) {
      String timestamp = row.field(0);
      LocalDateTime end;
      try {
        end = LocalDateTime.parse(timestamp, TIMESTAMP);
      } catch (DateTimeParseException e) {
        lines.report(
            row,
            QuarantineReason.MALFORMED_CSV,
            "unparsable timestamp '" + timestamp + "', expected yyyy-MM-dd HH:mm:ss");
        return null;
      }
      if (end.getSecond() != 0 || end.getNano() != 0) {
        lines.report(
            row,
            QuarantineReason.MISALIGNED_TIMESTAMP,
            "timestamp '" + timestamp + "' is not on a whole minute");
        return null;
      }
      Long endMillis = toEpochMillis(end, row);
      if (endMillis == null) {
        return null;
      }
      BigDecimal[] values = new BigDecimal[5];
      List<String> unparsable = new ArrayList<>();
      for (int i = 0; i < values.length; i++) {
        String text = row.field(i + 1);
        try {
          values[i] = new BigDecimal(text);
        } catch (NumberFormatException e) {
          unparsable.add(COLUMNS.get(i + 1) + "='" + text + "'");
        }
      }
      if (!unparsable.isEmpty()) {
        lines.report(row, QuarantineReason.NOT_A_NUMBER, "not a number: " + unparsable);
        return null;
      }
      List<String> unrepresentable = new ArrayList<>();
      for (int i = 0; i < values.length; i++) {
        if (!Decimals.fitsWire(values[i])) {
          unrepresentable.add(COLUMNS.get(i + 1) + "='" + row.field(i + 1) + "'");
        }
      }
      if (!unrepresentable.isEmpty()) {
        lines.report(
            row,
            QuarantineReason.SCHEMA_VIOLATION,
            "more than 8 decimals or 16 integer digits, which md.bars.1m.v1 cannot carry: "
                + unrepresentable);
        return null;
      }
      return new Bar(
          symbol,
          endMillis - MINUTE_MILLIS,
          endMillis,
          values[0],
          values[1],
          values[2],
          values[3],
          values[4],
          null,
          null,
          SOURCE);
    }

    private Long toEpochMillis(LocalDateTime end, CsvLineReader.Row row) {
      List<ZoneOffset> offsets = zone.getRules().getValidOffsets(end);
      if (offsets.isEmpty()) {
        lines.report(
            row,
            QuarantineReason.MISALIGNED_TIMESTAMP,
            "local time " + end + " does not exist in " + zone + " (daylight-saving gap)");
        return null;
      }
      // In the autumn overlap a local time occurs twice: the second occurrence in the file is
      // the later offset, so the merge order stays true to real time.
      long endMillis = end.toInstant(offsets.get(0)).toEpochMilli();
      if (endMillis <= lastEndMillis && offsets.size() > 1) {
        endMillis = end.toInstant(offsets.get(1)).toEpochMilli();
      }
      if (endMillis <= lastEndMillis) {
        lines.report(
            row,
            endMillis == lastEndMillis ? QuarantineReason.DUPLICATE : QuarantineReason.OUT_OF_ORDER,
            "timestamp '"
                + row.field(0)
                + "' is not after the previous bar's; the file must be sorted ascending");
        return null;
      }
      return endMillis;
    }
  }
}
