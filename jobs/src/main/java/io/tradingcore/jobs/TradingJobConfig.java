package io.tradingcore.jobs;

import io.tradingcore.features.FeatureWindows;
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
 * @param tickOutOfOrderness how far behind the newest tick a tick may arrive and still land in its
 *     bar: the bound of the ticks' watermarks, so also how long after its end a bar is emitted
 * @param barInterval length of the bars built from ticks
 */
public record TradingJobConfig(
    List<PortfolioSpec> portfolios,
    FeatureWindows featureWindows,
    MomentumParameters momentum,
    Duration outOfOrderness,
    Duration sourceIdleness,
    Duration tickOutOfOrderness,
    Duration barInterval)
    implements Serializable {

  /** Default bound of the ticks' watermarks. */
  public static final Duration DEFAULT_TICK_OUT_OF_ORDERNESS = Duration.ofSeconds(2);

  /** Without tick settings: the defaults. */
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
        DEFAULT_TICK_OUT_OF_ORDERNESS,
        TickBarBuilder.DEFAULT_INTERVAL);
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
    if (outOfOrderness == null || outOfOrderness.isNegative()) {
      errors.add("out-of-orderness must be zero or positive, got " + outOfOrderness);
    }
    if (sourceIdleness == null || sourceIdleness.isNegative() || sourceIdleness.isZero()) {
      errors.add("source idleness must be positive, got " + sourceIdleness);
    }
    if (tickOutOfOrderness == null || tickOutOfOrderness.isNegative()) {
      errors.add("tick out-of-orderness must be zero or positive, got " + tickOutOfOrderness);
    }
    if (barInterval == null
        || barInterval.isNegative()
        || barInterval.isZero()
        || barInterval.getNano() % 1_000_000 != 0) {
      errors.add(
          "bar interval must be a positive whole number of milliseconds, got " + barInterval);
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid trading job configuration: " + String.join("; ", errors));
    }
    portfolios = List.copyOf(portfolios);
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

  /** The core that turns ticks into bars of {@link #barInterval}. */
  public TickBarBuilder tickBars() {
    return new TickBarBuilder(
        barInterval, TickBarBuilder.DEFAULT_TICK_RULE_MEMORY, TickBarBuilder.SOURCE);
  }
}
