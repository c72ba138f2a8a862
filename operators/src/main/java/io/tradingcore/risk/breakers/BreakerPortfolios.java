package io.tradingcore.risk.breakers;

import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.risk.OperatorCommand;
import io.tradingcore.risk.RiskParameter;
import io.tradingcore.schemas.avro.ControlCommand;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The portfolios the breakers watch: each one's starting cash and configured thresholds, the two
 * count windows they all share, and which SET_LIMIT commands reach which portfolio.
 *
 * <p>A CEP pattern has one window for every key, so every portfolio must configure the same {@code
 * reject_window} and the same {@code runaway_window}; a configuration that does not is refused at
 * start with every difference named.
 */
public final class BreakerPortfolios implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Map<String, BigDecimal> initialCash = new LinkedHashMap<>();
  private final Map<String, BreakerThresholds> configured = new LinkedHashMap<>();
  private final Duration rejectWindow;
  private final Duration runawayWindow;

  public BreakerPortfolios(List<PortfolioSpec> portfolios) {
    if (portfolios == null || portfolios.isEmpty()) {
      throw new IllegalArgumentException("the breakers need at least one portfolio");
    }
    for (PortfolioSpec spec : portfolios) {
      initialCash.put(spec.name(), spec.initialCash());
      configured.put(spec.name(), BreakerThresholds.of(spec.limits()));
    }
    List<String> errors = new ArrayList<>();
    this.rejectWindow = sharedWindow(portfolios, RiskParameter.REJECT_WINDOW, errors);
    this.runawayWindow = sharedWindow(portfolios, RiskParameter.RUNAWAY_WINDOW, errors);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid breaker configuration: " + String.join("; ", errors));
    }
  }

  private static Duration sharedWindow(
      List<PortfolioSpec> portfolios, RiskParameter window, List<String> errors) {
    Map<String, String> byPortfolio = new LinkedHashMap<>();
    portfolios.forEach(p -> byPortfolio.put(p.name(), window.display(p.limits().get(window))));
    if (new TreeSet<>(byPortfolio.values()).size() > 1) {
      errors.add(
          window.externalName()
              + " shapes a CEP pattern shared by every portfolio and must be the same for all,"
              + " got "
              + byPortfolio);
    }
    return portfolios.get(0).limits().duration(window);
  }

  /** Whether the breakers watch {@code portfolio}; records of any other are ignored. */
  public boolean watches(String portfolio) {
    return configured.containsKey(portfolio);
  }

  /** The equity the first trading day starts from. */
  public BigDecimal initialCash(String portfolio) {
    return initialCash.get(portfolio);
  }

  /** The thresholds in force for {@code portfolio}: configured, with run-time overrides. */
  public BreakerThresholds thresholds(String portfolio, ThresholdOverrides overrides) {
    BreakerThresholds thresholds = configured.get(portfolio);
    return overrides == null ? thresholds : overrides.applyTo(thresholds);
  }

  /**
   * The watched portfolios whose breakers {@code command} changes: a SET_LIMIT of a threshold
   * {@linkplain BreakerThresholds#changeableAtRunTime(RiskParameter) changeable at run time},
   * addressed to one of them or to every portfolio. Empty for anything else.
   */
  public List<String> changedBy(OperatorCommand command) {
    if (command.command() != ControlCommand.SET_LIMIT
        || !BreakerThresholds.changeableAtRunTime(command.parameter())) {
      return List.of();
    }
    return configured.keySet().stream().filter(command::appliesTo).toList();
  }

  /**
   * Whether {@code command} tries to change a breaker window of a watched portfolio, which takes a
   * savepoint restart: the breakers say so in their log and otherwise ignore it.
   */
  public boolean triesToChangeAWindow(OperatorCommand command) {
    return command.command() == ControlCommand.SET_LIMIT
        && command.parameter().scope() == RiskParameter.Scope.PORTFOLIO_BREAKER
        && command.parameter().fixedAtStart()
        && configured.keySet().stream().anyMatch(command::appliesTo);
  }

  /** The window of the reject-burst pattern, fixed at start. */
  public Duration rejectWindow() {
    return rejectWindow;
  }

  /** The window of the runaway-orders pattern, fixed at start. */
  public Duration runawayWindow() {
    return runawayWindow;
  }
}
