package io.tradingcore.risk.breakers;

import io.tradingcore.risk.OperatorCommand;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run-time thresholds of the breakers in broadcast state, shared by the two signal functions:
 * one {@link ThresholdOverrides} per watched portfolio that received a SET_LIMIT (so at most one
 * entry per configured portfolio), read on every record, written by the command side.
 */
final class ThresholdState {
  private static final Logger LOG = LoggerFactory.getLogger(ThresholdState.class);

  /** Run-time overrides by portfolio. */
  static final MapStateDescriptor<String, ThresholdOverrides> OVERRIDES =
      new MapStateDescriptor<>(
          "breaker-threshold-overrides",
          Types.STRING,
          TypeInformation.of(ThresholdOverrides.class));

  private ThresholdState() {}

  /** The thresholds in force for {@code portfolio}. */
  static BreakerThresholds current(
      BreakerPortfolios portfolios,
      ReadOnlyBroadcastState<String, ThresholdOverrides> overrides,
      String portfolio)
      throws Exception {
    return portfolios.thresholds(portfolio, overrides.get(portfolio));
  }

  /**
   * The thresholds in force per portfolio, computed once from the broadcast state and kept until
   * the next command: a signal function would otherwise rebuild them for every record. Not state: a
   * restored instance starts empty and recomputes from the restored overrides.
   */
  static final class InForce {
    private final Map<String, BreakerThresholds> byPortfolio = new HashMap<>();

    BreakerThresholds get(
        BreakerPortfolios portfolios,
        ReadOnlyBroadcastState<String, ThresholdOverrides> overrides,
        String portfolio)
        throws Exception {
      BreakerThresholds thresholds = byPortfolio.get(portfolio);
      if (thresholds == null) {
        thresholds = current(portfolios, overrides, portfolio);
        byPortfolio.put(portfolio, thresholds);
      }
      return thresholds;
    }

    /** Forgets every computed value: a command may have changed any of them. */
    void clear() {
      byPortfolio.clear();
    }
  }

  /**
   * Applies {@code command} to the portfolios it changes; returns how many it changed (0 for any
   * other command). A SET_LIMIT of a window is logged and ignored: it takes a savepoint restart.
   * Every parallel instance applies the command; only those told to {@code announce} log it.
   */
  static int apply(
      BreakerPortfolios portfolios,
      BroadcastState<String, ThresholdOverrides> overrides,
      OperatorCommand command,
      String operatorName,
      boolean announce)
      throws Exception {
    if (portfolios.triesToChangeAWindow(command)) {
      if (!announce) {
        return 0;
      }
      LOG.warn(
          "{}: {} cannot change {} while the job runs (it shapes a CEP pattern); restart from a"
              + " savepoint with the new value. Command {} ignored.",
          operatorName,
          command.operator(),
          command.parameter().externalName(),
          command.commandId());
      return 0;
    }
    List<String> changed = portfolios.changedBy(command);
    for (String portfolio : changed) {
      ThresholdOverrides before = overrides.get(portfolio);
      ThresholdOverrides after =
          (before == null ? ThresholdOverrides.NONE : before)
              .with(command.parameter(), command.value());
      overrides.put(portfolio, after);
      if (!announce) {
        continue;
      }
      LOG.info(
          "{}: {} = {} for portfolio {} (command {} by {})",
          operatorName,
          command.parameter().externalName(),
          command.parameter().display(command.value()),
          portfolio,
          command.commandId(),
          command.operator());
    }
    return changed.size();
  }
}
