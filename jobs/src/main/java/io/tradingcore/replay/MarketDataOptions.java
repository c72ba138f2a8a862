package io.tradingcore.replay;

import io.tradingcore.jobs.TradingOptions;
import io.tradingcore.marketdata.UsEquityCalendar;
import io.tradingcore.schemas.Topic;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Command-line options that choose a bounded market-data history: shared by the local stack (which
 * replays it into Kafka) and the feature export (which computes features over it).
 */
public final class MarketDataOptions {

  @Option(
      names = "--source",
      defaultValue = "synthetic",
      converter = DataSourceConverter.class,
      description =
          "Market data: synthetic, csv, bitstamp (trades as bars) or bitstamp-ticks (trades as"
              + " ticks, aggregated to bars in the job) (default: ${DEFAULT-VALUE}).")
  DataSource source = DataSource.SYNTHETIC;

  @Option(
      names = "--csv-dir",
      description =
          "Folder of <SYMBOL>_1min.csv files for --source csv, e.g. ../shared/data/us-equities-1min-2019-02.")
  Path csvDir;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the synthetic data (default: ${DEFAULT-VALUE}).")
  long seed = 42;

  @Option(
      names = "--regime",
      defaultValue = "mixed",
      converter = RegimeConverter.class,
      description =
          "Regimes of the synthetic market: mixed, trend, chop or shock (default: ${DEFAULT-VALUE}).")
  RegimeMix regime = RegimeMix.MIXED;

  @Option(
      names = "--days",
      defaultValue = "5",
      description =
          "Trading days of synthetic data: NYSE sessions, holidays skipped, early closes at 13:00"
              + " (default: ${DEFAULT-VALUE}).")
  int days = 5;

  @Option(
      names = "--start-date",
      defaultValue = "2019-02-11",
      description =
          "First trading day of synthetic data; a weekend or exchange holiday starts on the next"
              + " trading day (default: ${DEFAULT-VALUE}).")
  LocalDate startDate = LocalDate.of(2019, 2, 11);

  public DataSource source() {
    return source;
  }

  /** {@code --start-date} of the synthetic market. */
  public LocalDate startDate() {
    return startDate;
  }

  /**
   * The trading days the synthetic market generates ({@code --start-date}, {@code --days}); empty
   * for the other sources, whose days are those of their files.
   */
  public Optional<List<LocalDate>> syntheticDays() {
    if (source != DataSource.SYNTHETIC || days < 1) {
      return Optional.empty();
    }
    List<LocalDate> sessions = new ArrayList<>();
    LocalDate day = startDate;
    while (sessions.size() < days) {
      if (UsEquityCalendar.INSTANCE.isTradingDay(day)) {
        sessions.add(day);
      }
      day = day.plusDays(1);
    }
    return Optional.of(List.copyOf(sessions));
  }

  /**
   * Checks the options against each other and the file system, adjusts {@code trading} to what the
   * source implies (Bitstamp's single symbol and its lot), and returns a way to open the source.
   *
   * @throws CommandLine.ParameterException naming the offending option
   */
  public Factory resolve(CommandLine cli, TradingOptions trading) {
    return switch (source) {
      case SYNTHETIC -> {
        if (days < 1) {
          throw new CommandLine.ParameterException(cli, "--days must be at least 1");
        }
        // The benchmark is generated too, so that every bar can be aligned.
        List<String> symbols = trading.marketSymbols();
        yield Factory.bars(
            listener ->
                new SyntheticBarSource(
                    SyntheticBarSource.Config.of(symbols)
                        .withSeed(seed)
                        .withStartDate(startDate)
                        .withTradingDays(days)
                        .withRegimes(regime)),
            "synthetic "
                + String.join(",", symbols)
                + ", seed "
                + seed
                + ", "
                + regime.name().toLowerCase(java.util.Locale.ROOT)
                + " regimes"
                + ", "
                + days
                + " days from "
                + startDate);
      }
      case CSV -> {
        if (csvDir == null) {
          throw new CommandLine.ParameterException(
              cli,
              "--source csv needs --csv-dir, e.g. --csv-dir ../shared/data/us-equities-1min-2019-02");
        }
        if (!Files.isDirectory(csvDir)) {
          throw new CommandLine.ParameterException(cli, "--csv-dir " + csvDir + " is not a folder");
        }
        List<String> symbols = trading.marketSymbols();
        // Fail now, before anything starts, if a symbol (or the benchmark) has no file.
        CsvBarSource.open(csvDir, symbols, input -> {}).close();
        Path dir = csvDir;
        yield Factory.bars(
            listener -> CsvBarSource.open(dir, symbols, listener),
            "CSV " + String.join(",", symbols) + " from " + csvDir);
      }
      case BITSTAMP, BITSTAMP_TICKS -> {
        applyBitstampDefaults(cli, trading, "--source " + source.optionValue());
        yield source == DataSource.BITSTAMP
            ? Factory.bars(
                BitstampTradesSource::fromClasspath,
                "Bitstamp BTC/USD trades 2013-11-25..12-01 as 1-minute bars (lot 0.0001)")
            : Factory.ticks(
                BitstampTickSource::fromClasspath,
                "Bitstamp BTC/USD trades 2013-11-25..12-01 as ticks to "
                    + Topic.TICKS.topicName()
                    + ", aggregated in the job (lot 0.0001)");
      }
    };
  }

  /**
   * Adjusts {@code trading} to the Bitstamp data's one instrument: {@value
   * BitstampTradesSource#SYMBOL} traded (refusing other --symbols) and its own benchmark unless
   * --benchmark says otherwise, with a lot of 0.0001 unless --lot says otherwise. It trades round
   * the clock by the default --round-the-clock.
   *
   * @param option how the user chose Bitstamp data, named in the error
   * @throws CommandLine.ParameterException for --symbols other than {@value
   *     BitstampTradesSource#SYMBOL}
   */
  public static void applyBitstampDefaults(CommandLine cli, TradingOptions trading, String option) {
    if (!cli.getParseResult().hasMatchedOption("--symbols")) {
      trading.replaceSymbols(List.of(BitstampTradesSource.SYMBOL));
    } else if (!trading.symbols().equals(List.of(BitstampTradesSource.SYMBOL))) {
      throw new CommandLine.ParameterException(
          cli,
          option
              + " has one symbol, "
              + BitstampTradesSource.SYMBOL
              + "; got --symbols "
              + String.join(",", trading.symbols()));
    }
    trading.defaultLot(BitstampTradesSource.SYMBOL, new BigDecimal("0.0001"));
    if (!cli.getParseResult().hasMatchedOption("--benchmark")) {
      // One instrument: it is its own benchmark (beta 1), and every bar can be aligned.
      trading.replaceBenchmark(BitstampTradesSource.SYMBOL);
    }
  }

  /**
   * Opens the chosen source, bars or ticks, reporting unusable input to the given listener.
   *
   * @param bars opens a bar source, or {@code null} for a tick source
   * @param ticks opens a tick source, or {@code null} for a bar source
   */
  public record Factory(
      Function<BadInputListener, BarSource> bars,
      Function<BadInputListener, TickSource> ticks,
      String describe) {

    static Factory bars(Function<BadInputListener, BarSource> bars, String describe) {
      return new Factory(bars, null, describe);
    }

    static Factory ticks(Function<BadInputListener, TickSource> ticks, String describe) {
      return new Factory(null, ticks, describe);
    }

    public boolean yieldsTicks() {
      return ticks != null;
    }

    /** Opens a bar source; a tick source is refused with a message saying what to use. */
    public BarSource openBars(BadInputListener listener) {
      if (bars == null) {
        throw new IllegalArgumentException(
            describe + " yields ticks, not bars; use a bar source here (e.g. --source bitstamp)");
      }
      return bars.apply(listener);
    }

    /** Hands the source to the replayer, which publishes bars or ticks accordingly. */
    public void attach(Replayer replayer) {
      if (ticks != null) {
        replayer.fromTicks(ticks.apply(replayer));
      } else {
        replayer.from(bars.apply(replayer));
      }
    }
  }

  /** Converts --source, spelled as in the usage ({@code bitstamp-ticks}). */
  static final class DataSourceConverter implements CommandLine.ITypeConverter<DataSource> {
    @Override
    public DataSource convert(String value) {
      try {
        return DataSource.fromOption(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  /** Converts --regime. */
  static final class RegimeConverter implements CommandLine.ITypeConverter<RegimeMix> {
    @Override
    public RegimeMix convert(String value) {
      try {
        return RegimeMix.fromOption(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
