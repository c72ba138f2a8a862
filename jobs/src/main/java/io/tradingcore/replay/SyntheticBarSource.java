package io.tradingcore.replay;

import static java.util.Objects.requireNonNull;

import io.tradingcore.marketdata.Bar;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The default market for local runs and backtests: seeded, correlated one-minute bars for any set
 * of symbols over the NYSE regular session (09:30–16:00 America/New_York, 390 bars a trading day,
 * 210 on an early-close day ending 13:00, none on exchange holidays; {@link
 * io.tradingcore.marketdata.UsEquityCalendar}).
 *
 * <p>A one-factor model: each minute the market factor moves according to its {@link MarketRegime}
 * (TREND, CHOP or SHOCK, switched by a seeded Markov chain), and each asset moves by its beta times
 * the factor plus its own noise. Each bar comes from ten intra-minute sub-steps: the open is the
 * previous close with a tiny gap (an overnight gap at the bell), high and low are the extremes of
 * the path, prices are exact cents and never below 0.01, volume is a whole number of shares that
 * grows with the size of the move, and the VWAP lies inside [low, high].
 *
 * <p>The same symbols, seed and start date give the same bars, on any JVM; a symbol's own noise has
 * its own random stream, so adding a symbol to a run does not change the others' paths.
 */
public final class SyntheticBarSource implements BarSource {

  /** The {@code source} of every bar. */
  public static final String SOURCE = "synthetic";

  /** Sub-steps of the random walk inside one minute. */
  static final int SUB_STEPS = 10;

  /**
   * What to generate.
   *
   * @param symbols the assets; known symbols (AAPL, MSFT, SPY, QQQ) start near their February 2019
   *     prices, others from a price derived from the seed and the symbol
   * @param seed fixes the whole run
   * @param startDate the first session; a day without one (weekend, exchange holiday) starts on the
   *     next trading day
   * @param tradingDays number of sessions to generate, or empty for an endless source
   * @param regimes which market regimes to visit
   */
  public record Config(
      List<String> symbols,
      long seed,
      LocalDate startDate,
      OptionalInt tradingDays,
      RegimeMix regimes) {

    public static final long DEFAULT_SEED = 42;
    public static final LocalDate DEFAULT_START_DATE = LocalDate.of(2019, 2, 11);
    public static final int DEFAULT_TRADING_DAYS = 5;

    public Config {
      List<String> errors = new ArrayList<>(SymbolLists.problems(symbols));
      if (startDate == null) {
        errors.add("startDate must be set");
      }
      if (tradingDays == null) {
        errors.add("tradingDays must be set (empty for unbounded)");
      } else if (tradingDays.isPresent() && tradingDays.getAsInt() <= 0) {
        errors.add("tradingDays must be positive, was " + tradingDays.getAsInt());
      }
      if (regimes == null) {
        errors.add("regimes must be set");
      }
      if (!errors.isEmpty()) {
        throw new IllegalArgumentException("Invalid SyntheticBarSource config: " + errors);
      }
      symbols = List.copyOf(symbols);
    }

    /** The mixed market. */
    public Config(List<String> symbols, long seed, LocalDate startDate, OptionalInt tradingDays) {
      this(symbols, seed, startDate, tradingDays, RegimeMix.MIXED);
    }

    /** {@value #DEFAULT_TRADING_DAYS} sessions from 2019-02-11 with seed {@value #DEFAULT_SEED}. */
    public static Config of(List<String> symbols) {
      return new Config(
          symbols, DEFAULT_SEED, DEFAULT_START_DATE, OptionalInt.of(DEFAULT_TRADING_DAYS));
    }

    public Config withSeed(long seed) {
      return new Config(symbols, seed, startDate, tradingDays, regimes);
    }

    public Config withRegimes(RegimeMix regimes) {
      return new Config(symbols, seed, startDate, tradingDays, regimes);
    }

    public Config withStartDate(LocalDate startDate) {
      return new Config(symbols, seed, startDate, tradingDays, regimes);
    }

    public Config withTradingDays(int tradingDays) {
      return new Config(symbols, seed, startDate, OptionalInt.of(tradingDays), regimes);
    }

    /** The same config without an end. */
    public Config unbounded() {
      return new Config(symbols, seed, startDate, OptionalInt.empty(), regimes);
    }
  }

  private final List<String> symbols;
  private final UsEquitySession session;
  private final MarketFactor market;
  private final List<SyntheticAsset> assets;
  private final ArrayDeque<Bar> minuteBars = new ArrayDeque<>();
  private MarketRegime minuteRegime;
  private MarketRegime currentRegime;
  private boolean closed;

  public SyntheticBarSource(Config config) {
    requireNonNull(config, "config");
    this.symbols = config.symbols();
    this.session = new UsEquitySession(config.startDate(), config.tradingDays());
    this.market = new MarketFactor(config.seed(), config.regimes());
    // Bars of one minute leave in symbol order, so generate them in that order.
    this.assets =
        symbols.stream()
            .map(s -> new SyntheticAsset(AssetProfile.forSymbol(s, config.seed()), config.seed()))
            .sorted(Comparator.comparing(SyntheticAsset::symbol))
            .toList();
    this.currentRegime = market.regime();
  }

  /**
   * Every bar of a bounded configuration, in order: test and benchmark input held in memory.
   *
   * @throws IllegalArgumentException for an endless configuration
   */
  public static List<Bar> allBars(Config config) {
    if (config.tradingDays().isEmpty()) {
      throw new IllegalArgumentException("an endless synthetic market has no last bar");
    }
    List<Bar> bars = new ArrayList<>();
    try (SyntheticBarSource source = new SyntheticBarSource(config)) {
      Optional<Bar> next;
      while ((next = source.next()).isPresent()) {
        bars.add(next.get());
      }
    }
    return bars;
  }

  @Override
  public List<String> symbols() {
    return symbols;
  }

  @Override
  public Optional<Bar> next() {
    if (closed) {
      return Optional.empty();
    }
    if (minuteBars.isEmpty()) {
      if (!session.hasNext()) {
        return Optional.empty();
      }
      generateMinute();
    }
    currentRegime = minuteRegime;
    return Optional.of(minuteBars.poll());
  }

  /**
   * The regime of the minute of the bar last returned by {@link #next()} (before the first bar, the
   * regime the market starts in). For tests and diagnostics; bars do not carry it.
   */
  public MarketRegime currentRegime() {
    return currentRegime;
  }

  @Override
  public void close() {
    closed = true;
    minuteBars.clear();
  }

  private void generateMinute() {
    UsEquitySession.Minute minute = session.next();
    MarketFactor.Minute factor = market.nextMinute(minute.firstOfDay(), SUB_STEPS);
    minuteRegime = factor.regime();
    for (SyntheticAsset asset : assets) {
      minuteBars.add(asset.nextBar(minute, factor));
    }
  }
}
