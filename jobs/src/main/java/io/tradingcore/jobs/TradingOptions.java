package io.tradingcore.jobs;

import io.tradingcore.features.FeatureWindows;
import io.tradingcore.features.cross.CrossAssetParameters;
import io.tradingcore.marketdata.GateParameters;
import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.marketdata.MarketSessions;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.risk.RiskLimits;
import io.tradingcore.strategy.MomentumParameters;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Command-line options that shape the trading job, shared by the job's own entry point and the
 * local stack. Turned into a validated {@link TradingJobConfig} in one place.
 */
public final class TradingOptions {

  @Option(
      names = "--symbols",
      split = ",",
      defaultValue = "AAPL,MSFT",
      description = "Symbols the portfolio trades (default: ${DEFAULT-VALUE}).")
  List<String> symbols = new ArrayList<>(List.of("AAPL", "MSFT"));

  @Option(
      names = "--portfolio",
      defaultValue = "main",
      description = "Portfolio (account) name (default: ${DEFAULT-VALUE}).")
  String portfolio = "main";

  @Option(
      names = "--initial-cash",
      defaultValue = "100000",
      description = "Starting cash of the portfolio (default: ${DEFAULT-VALUE}).")
  BigDecimal initialCash = new BigDecimal("100000");

  @Option(
      names = "--notional-per-symbol",
      defaultValue = "10000",
      description =
          "Money the momentum strategy puts into a symbol on entry (default: ${DEFAULT-VALUE}).")
  BigDecimal notionalPerSymbol = new BigDecimal("10000");

  @Option(
      names = "--entry-threshold",
      defaultValue = "0.0005",
      description =
          "Momentum (close / MA5 − 1) above which a symbol goes long (default: ${DEFAULT-VALUE}).")
  double entryThreshold = 0.0005;

  @Option(
      names = "--exit-threshold",
      defaultValue = "0.0005",
      description =
          "Momentum below minus this returns a symbol to flat (default: ${DEFAULT-VALUE}).")
  double exitThreshold = 0.0005;

  @Option(
      names = "--allow-short",
      description = "Sell short on negative momentum instead of going flat.")
  boolean allowShort;

  @Option(
      names = "--max-position",
      defaultValue = "1000",
      description = "Largest absolute position per symbol, in units (default: ${DEFAULT-VALUE}).")
  BigDecimal maxPosition = new BigDecimal("1000");

  @Option(
      names = "--max-order-quantity",
      defaultValue = "1000",
      description = "Largest quantity of one order (default: ${DEFAULT-VALUE}).")
  BigDecimal maxOrderQuantity = new BigDecimal("1000");

  @Option(
      names = "--max-order-notional",
      defaultValue = "50000",
      description = "Largest quantity × price of one order (default: ${DEFAULT-VALUE}).")
  BigDecimal maxOrderNotional = new BigDecimal("50000");

  @Option(
      names = "--risk-limit",
      paramLabel = "NAME=VALUE",
      description =
          "A pre-trade limit or breaker threshold, e.g. --risk-limit max_drawdown=0.02 (repeatable;"
              + " names and defaults in docs/risk.md).")
  Map<String, String> riskLimits = new LinkedHashMap<>();

  @Option(
      names = "--round-the-clock",
      split = ",",
      defaultValue = "BTCUSD,ETHUSD",
      description =
          "Symbols that trade 24/7; every other symbol follows the NYSE session and holidays"
              + " (default: ${DEFAULT-VALUE}).")
  List<String> roundTheClock = new ArrayList<>(RiskSettings.DEFAULT_ROUND_THE_CLOCK);

  @Option(
      names = "--control-keys",
      paramLabel = "FILE",
      description =
          "Secrets file control.v1 commands are verified with (HMAC-SHA256); without it the job"
              + " reads no control topic.")
  java.nio.file.Path controlKeys;

  @Option(
      names = "--lot",
      description = "Lot size of a symbol, e.g. --lot BTCUSD=0.0001 (default: 1 unit).")
  Map<String, BigDecimal> lots = new LinkedHashMap<>();

  @Option(
      names = "--out-of-orderness",
      defaultValue = "PT5S",
      description =
          "How late a bar may be and still be aligned, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration outOfOrderness = Duration.ofSeconds(5);

  @Option(
      names = "--source-idleness",
      defaultValue = "PT10S",
      description =
          "Quiet time after which a partition stops holding event time back (default: ${DEFAULT-VALUE}).")
  Duration sourceIdleness = Duration.ofSeconds(10);

  @Option(
      names = "--bar-interval",
      defaultValue = "PT1M",
      description =
          "Bar interval: every bar must start on a multiple of it and last exactly one; bars"
              + " built from ticks have this length. ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration barInterval = GateParameters.DEFAULT.interval();

  @Option(
      names = "--jump-sigmas",
      defaultValue = "8",
      description =
          "Quality gate: a close whose log return exceeds this many σ of recent returns (σ at least"
              + " 0.005) is quarantined as PRICE_JUMP (default: ${DEFAULT-VALUE}).")
  double jumpSigmas = GateParameters.DEFAULT.jumpSigmas();

  @Option(
      names = "--gate-min-history",
      defaultValue = "20",
      description =
          "Quality gate: accepted bars a symbol needs before the jump and volume rules apply"
              + " (default: ${DEFAULT-VALUE}).")
  int gateMinHistory = GateParameters.DEFAULT.minHistory();

  @Option(
      names = "--volume-multiple",
      defaultValue = "500",
      description =
          "Quality gate: a volume above this multiple of the recent mean is quarantined as"
              + " IMPLAUSIBLE_VOLUME (default: ${DEFAULT-VALUE}).")
  double volumeMultiple = GateParameters.DEFAULT.volumeMultiple();

  @Option(
      names = "--missing-bars-after",
      defaultValue = "5",
      description =
          "Quality gate: more missing intervals than this within a session is reported as"
              + " MISSING_BARS; the bar after the gap passes (default: ${DEFAULT-VALUE}).")
  int missingBarsAfter = GateParameters.DEFAULT.missingBarsAfter();

  @Option(
      names = "--feature-window",
      description =
          "A feature window in bars, by name, e.g. --feature-window vpin=100 --feature-window rsi=10;"
              + " names: momentum, volatility, vwap, intensityShort, intensityLong, volOfVol,"
              + " moments, rsi, ema, vpin (defaults 5, 20, 10, 5, 20, 20, 20, 14, 20, 50).")
  Map<String, Integer> featureWindows = new LinkedHashMap<>();

  /** The windows {@code --feature-window} overrides: the defaults, or a data source's own. */
  private FeatureWindows baseWindows = FeatureWindows.DEFAULT;

  @Option(
      names = "--correlation-window",
      defaultValue = "50",
      description = "Aligned bars in the rolling correlation and beta (default: ${DEFAULT-VALUE}).")
  int correlationWindow = 50;

  @Option(
      names = "--benchmark",
      defaultValue = "SPY",
      description =
          "Symbol betas are measured against; its bars must be in the feed, traded or not"
              + " (default: ${DEFAULT-VALUE}).")
  String benchmark = "SPY";

  @Option(
      names = "--staleness-limit",
      defaultValue = "5",
      description =
          "Bars a missing symbol's features are carried forward before it stops being traded"
              + " (default: ${DEFAULT-VALUE}).")
  int stalenessLimit = 5;

  @Option(
      names = "--tick-out-of-orderness",
      defaultValue = "PT2S",
      description =
          "How late a tick may arrive behind the newest one and still land in its bar; bars from"
              + " ticks are emitted this long after their end (default: ${DEFAULT-VALUE}).")
  Duration tickOutOfOrderness = TradingJobConfig.DEFAULT_TICK_OUT_OF_ORDERNESS;

  /** Replaces the traded symbols (a data source with fixed symbols, when none were given). */
  public void replaceSymbols(List<String> replacement) {
    symbols = new ArrayList<>(replacement);
  }

  /** The benchmark symbol, spelled like {@link #symbols()}. */
  public String benchmark() {
    return benchmark == null ? null : benchmark.strip().toUpperCase(Locale.ROOT);
  }

  /**
   * The traded symbols followed by the benchmark when it is not traded: what a data source must
   * deliver for every bar to be aligned.
   */
  public List<String> marketSymbols() {
    List<String> all = new ArrayList<>(symbols());
    if (benchmark() != null && !all.contains(benchmark())) {
      all.add(benchmark());
    }
    return all;
  }

  /**
   * Replaces the feature windows {@code --feature-window} overrides (a feature export's own, when
   * none were given).
   */
  public void replaceFeatureWindows(FeatureWindows windows) {
    baseWindows = windows;
  }

  /**
   * Replaces the cross-asset settings, the benchmark included (a feature export's own, when none
   * were given).
   */
  public void replaceCrossAsset(CrossAssetParameters crossAsset) {
    correlationWindow = crossAsset.window();
    benchmark = crossAsset.benchmark();
    stalenessLimit = crossAsset.stalenessLimit();
  }

  /** Replaces the benchmark (a data source with one instrument measures it against itself). */
  public void replaceBenchmark(String replacement) {
    benchmark = replacement;
  }

  /** Adds lot sizes the data source implies (e.g. crypto) unless the user set them. */
  public void defaultLot(String symbol, BigDecimal lot) {
    lots.putIfAbsent(symbol, lot);
  }

  /** The traded symbols, trimmed and upper-cased: the one spelling every component uses. */
  public List<String> symbols() {
    return symbols.stream().map(String::strip).map(s -> s.toUpperCase(Locale.ROOT)).toList();
  }

  /** The control key file given with --control-keys, or {@code null}. */
  public java.nio.file.Path controlKeys() {
    return controlKeys;
  }

  public String portfolio() {
    return portfolio;
  }

  public BigDecimal initialCash() {
    return initialCash;
  }

  /** The per-portfolio limits: the three classic options, then every --risk-limit. */
  public RiskLimits limits() {
    return new RiskLimits(maxOrderQuantity, maxOrderNotional, maxPosition).with(riskLimits);
  }

  /** Trading sessions, the job-wide market-breaker thresholds and the control key file. */
  public RiskSettings riskSettings() {
    return new RiskSettings(
            MarketSessions.usEquitiesWithRoundTheClock(
                roundTheClock.stream()
                    .map(String::strip)
                    .map(s -> s.toUpperCase(Locale.ROOT))
                    .filter(s -> !s.isEmpty())
                    .toList()),
            RiskLimits.DEFAULT.with(riskLimits),
            null)
        .withControlKeys(controlKeys);
  }

  /**
   * The validated job configuration with the momentum baseline (see {@link StrategyOptions} for the
   * policy); every problem is reported at once.
   */
  public TradingJobConfig toConfig() {
    List<String> errors = new ArrayList<>();
    PortfolioSpec spec = null;
    MomentumParameters momentum = null;
    CrossAssetParameters crossAsset = null;
    FeatureWindows windows = baseWindows;
    try {
      windows = baseWindows.with(featureWindows);
    } catch (IllegalArgumentException e) {
      errors.add(e.getMessage());
    }
    try {
      spec =
          new PortfolioSpec(
              portfolio, symbols(), initialCash, limits(), new LotSizes(BigDecimal.ONE, lots));
    } catch (IllegalArgumentException e) {
      errors.add(e.getMessage());
    }
    try {
      momentum =
          new MomentumParameters(
              entryThreshold, exitThreshold, notionalPerSymbol, allowShort, windows.momentum());
    } catch (IllegalArgumentException e) {
      errors.add(e.getMessage());
    }
    RiskSettings risk = null;
    try {
      risk = riskSettings();
    } catch (IllegalArgumentException e) {
      errors.add(e.getMessage());
    }
    GateParameters gate = null;
    try {
      gate = gate();
    } catch (IllegalArgumentException e) {
      errors.add(e.getMessage());
    }
    try {
      crossAsset = new CrossAssetParameters(correlationWindow, benchmark(), stalenessLimit);
    } catch (IllegalArgumentException e) {
      errors.add(e.getMessage());
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", errors));
    }
    return new TradingJobConfig(
        List.of(spec),
        windows,
        momentum,
        outOfOrderness,
        sourceIdleness,
        gate,
        crossAsset,
        tickOutOfOrderness,
        StrategyChoice.momentum(),
        risk);
  }

  private GateParameters gate() {
    GateParameters d = GateParameters.DEFAULT;
    return new GateParameters(
        barInterval,
        d.window(),
        gateMinHistory,
        jumpSigmas,
        d.minSigma(),
        volumeMultiple,
        d.reBaseAfter(),
        missingBarsAfter,
        d.sessionBreak(),
        d.stateTtl());
  }
}
