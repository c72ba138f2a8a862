package io.tradingcore.jobs;

import io.tradingcore.features.FeatureWindows;
import io.tradingcore.features.cross.CrossAssetParameters;
import io.tradingcore.marketdata.GateParameters;
import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.marketdata.TickBarBuilder;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.strategy.MomentumParameters;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the trading job's graph depends on, validated together.
 *
 * @param outOfOrderness how late a bar may arrive behind the newest one and still be aligned
 * @param sourceIdleness after how long without data a Kafka partition stops holding back event time
 * @param gate the bar quality gate's interval and statistical rules
 * @param crossAsset correlation window, benchmark and staleness limit of the portfolio alignment
 * @param tickOutOfOrderness how far behind the newest tick a tick may arrive and still land in its
 *     bar: the bound of the ticks' watermarks, so also how long after its end a bar is emitted;
 *     bars built from ticks have the gate's interval
 * @param strategy the policy (with its starting model) or the momentum baseline
 * @param risk trading sessions, market-breaker thresholds and the control topic's key file
 */
public record TradingJobConfig(
    List<PortfolioSpec> portfolios,
    FeatureWindows featureWindows,
    MomentumParameters momentum,
    Duration outOfOrderness,
    Duration sourceIdleness,
    GateParameters gate,
    CrossAssetParameters crossAsset,
    Duration tickOutOfOrderness,
    StrategyChoice strategy,
    RiskSettings risk)
    implements Serializable {

  /** Default bound of the ticks' watermarks. */
  public static final Duration DEFAULT_TICK_OUT_OF_ORDERNESS = Duration.ofSeconds(2);

  /** With the defaults of the quality gate, the cross-asset alignment and the tick watermarks. */
  public TradingJobConfig(
      List<PortfolioSpec> portfolios,
      FeatureWindows featureWindows,
      MomentumParameters momentum,
      Duration outOfOrderness,
      Duration sourceIdleness) {
    this(
        portfolios,
        featureWindows,
        momentum,
        outOfOrderness,
        sourceIdleness,
        GateParameters.DEFAULT,
        CrossAssetParameters.DEFAULT,
        DEFAULT_TICK_OUT_OF_ORDERNESS,
        StrategyChoice.momentum(),
        RiskSettings.DEFAULT);
  }

  /** With the default risk settings. */
  public TradingJobConfig(
      List<PortfolioSpec> portfolios,
      FeatureWindows featureWindows,
      MomentumParameters momentum,
      Duration outOfOrderness,
      Duration sourceIdleness,
      GateParameters gate,
      CrossAssetParameters crossAsset,
      Duration tickOutOfOrderness,
      StrategyChoice strategy) {
    this(
        portfolios,
        featureWindows,
        momentum,
        outOfOrderness,
        sourceIdleness,
        gate,
        crossAsset,
        tickOutOfOrderness,
        strategy,
        RiskSettings.DEFAULT);
  }

  public TradingJobConfig {
    List<String> errors = new ArrayList<>();
    if (portfolios == null || portfolios.isEmpty()) {
      errors.add("at least one portfolio is needed");
    } else {
      Set<String> names = new HashSet<>();
      for (PortfolioSpec portfolio : portfolios) {
        if (!names.add(portfolio.name())) {
          errors.add("portfolio " + portfolio.name() + " is configured twice");
        }
      }
    }
    if (portfolios != null) {
      conflictingLots(portfolios).ifPresent(errors::add);
    }
    if (featureWindows == null || momentum == null) {
      errors.add("feature windows and strategy parameters are required");
    }
    if (gate == null) {
      errors.add("quality gate parameters are required");
    }
    if (outOfOrderness == null || outOfOrderness.isNegative()) {
      errors.add("out-of-orderness must be zero or positive, got " + outOfOrderness);
    }
    if (sourceIdleness == null || sourceIdleness.isNegative() || sourceIdleness.isZero()) {
      errors.add("source idleness must be positive, got " + sourceIdleness);
    }
    if (crossAsset == null) {
      errors.add("cross-asset parameters are required");
    } else if (portfolios != null) {
      for (PortfolioSpec portfolio : portfolios) {
        Set<String> aligned = new HashSet<>(portfolio.symbols());
        aligned.add(crossAsset.benchmark());
        if (aligned.size() > CrossAssetParameters.MAX_SYMBOLS) {
          errors.add(
              "portfolio "
                  + portfolio.name()
                  + " aligns "
                  + aligned.size()
                  + " symbols with its benchmark; at most "
                  + CrossAssetParameters.MAX_SYMBOLS);
        }
      }
    }
    if (strategy == null) {
      errors.add("a strategy is required");
    }
    if (risk == null) {
      errors.add("risk settings are required");
    }
    if (tickOutOfOrderness == null || tickOutOfOrderness.isNegative()) {
      errors.add("tick out-of-orderness must be zero or positive, got " + tickOutOfOrderness);
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid trading job configuration: " + String.join("; ", errors));
    }
    portfolios = List.copyOf(portfolios);
  }

  /** The same configuration with other quality-gate settings. */
  public TradingJobConfig withGate(GateParameters replacement) {
    return new TradingJobConfig(
        portfolios,
        featureWindows,
        momentum,
        outOfOrderness,
        sourceIdleness,
        replacement,
        crossAsset,
        tickOutOfOrderness,
        strategy,
        risk);
  }

  /** The same configuration with another cross-asset alignment. */
  public TradingJobConfig withCrossAsset(CrossAssetParameters replacement) {
    return new TradingJobConfig(
        portfolios,
        featureWindows,
        momentum,
        outOfOrderness,
        sourceIdleness,
        gate,
        replacement,
        tickOutOfOrderness,
        strategy,
        risk);
  }

  /** The same configuration with another strategy. */
  public TradingJobConfig withStrategy(StrategyChoice replacement) {
    return new TradingJobConfig(
        portfolios,
        featureWindows,
        momentum,
        outOfOrderness,
        sourceIdleness,
        gate,
        crossAsset,
        tickOutOfOrderness,
        replacement,
        risk);
  }

  /** The same configuration with other momentum parameters (a walk-forward's fitted threshold). */
  public TradingJobConfig withMomentum(MomentumParameters replacement) {
    return new TradingJobConfig(
        portfolios,
        featureWindows,
        replacement,
        outOfOrderness,
        sourceIdleness,
        gate,
        crossAsset,
        tickOutOfOrderness,
        strategy,
        risk);
  }

  /** The same configuration with other risk settings. */
  public TradingJobConfig withRisk(RiskSettings replacement) {
    return new TradingJobConfig(
        portfolios,
        featureWindows,
        momentum,
        outOfOrderness,
        sourceIdleness,
        gate,
        crossAsset,
        tickOutOfOrderness,
        strategy,
        replacement);
  }

  /** The trading calendar of each symbol. */
  public io.tradingcore.marketdata.MarketSessions sessions() {
    return risk.sessions();
  }

  /** Lot sizes of every traded symbol (portfolios trading a symbol agree on its lot). */
  public LotSizes lots() {
    Map<String, BigDecimal> bySymbol = new TreeMap<>();
    for (PortfolioSpec portfolio : portfolios) {
      for (String symbol : portfolio.symbols()) {
        bySymbol.put(symbol, portfolio.lots().of(symbol));
      }
    }
    return new LotSizes(portfolios.get(0).lots().defaultLot(), bySymbol);
  }

  private static Optional<String> conflictingLots(List<PortfolioSpec> portfolios) {
    Map<String, BigDecimal> seen = new TreeMap<>();
    for (PortfolioSpec portfolio : portfolios) {
      for (String symbol : portfolio.symbols()) {
        BigDecimal lot = portfolio.lots().of(symbol);
        BigDecimal earlier = seen.putIfAbsent(symbol, lot);
        if (earlier != null && earlier.compareTo(lot) != 0) {
          return Optional.of(
              "portfolios disagree on the lot size of " + symbol + ": " + earlier + " and " + lot);
        }
      }
    }
    return Optional.empty();
  }

  /** The core that turns ticks into bars of the gate's interval. */
  public TickBarBuilder tickBars() {
    return new TickBarBuilder(
        gate.interval(), TickBarBuilder.DEFAULT_TICK_RULE_MEMORY, TickBarBuilder.SOURCE);
  }
}
