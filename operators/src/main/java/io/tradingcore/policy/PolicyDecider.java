package io.tradingcore.policy;

import ai.onnxruntime.OrtException;
import io.tradingcore.features.cross.ObservedSymbol;
import io.tradingcore.features.cross.PortfolioObservation;
import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.money.Decimals;
import io.tradingcore.strategy.TargetPosition;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One decision of the policy for one portfolio and bar, without Flink: build the observation, score
 * one recurrent step, map the arg-max joint action to position levels and the levels to target
 * quantities.
 *
 * <p>A level is sized when it changes — {@code notional / close} rounded down to the lot — and kept
 * while it holds, as the momentum baseline does; only symbols whose level changes get a new target.
 */
public final class PolicyDecider {
  private final PolicyModel model;
  private final BigDecimal notionalPerSymbol;

  public PolicyDecider(PolicyModel model, BigDecimal notionalPerSymbol) {
    this.model = model;
    this.notionalPerSymbol = notionalPerSymbol;
  }

  public PolicyModel model() {
    return model;
  }

  /** What came of one bar. */
  public sealed interface Outcome {}

  /** Not a decision step (a symbol missing, stale, not warm, or a value not finite). */
  public record NotAStep() implements Outcome {}

  /** The model produced a NaN or infinite logit: no trade, and the state does not move. */
  public record InvalidOutput(float[] logits) implements Outcome {}

  /**
   * A decision: the joint action, the new memory, and targets for the symbols whose level changed.
   */
  public record Decision(
      int action, float[] logits, PolicyMemory memory, List<TargetPosition> targets)
      implements Outcome {}

  /** The level a target stands for: its sign. */
  public static int level(TargetPosition target) {
    return target == null ? 0 : target.quantity().signum();
  }

  /**
   * Decides one bar.
   *
   * @param current the targets in force, by symbol (absent = flat)
   * @param memory the portfolio's state under this model
   */
  public Outcome decide(
      String portfolio,
      PortfolioObservation observation,
      Map<String, TargetPosition> current,
      PolicyMemory memory,
      LotSizes lots)
      throws OrtException {
    ObservationLayout layout = model.layout();
    List<String> symbols = layout.symbols();
    int[] levels = new int[symbols.size()];
    for (int s = 0; s < levels.length; s++) {
      levels[s] = level(current.get(symbols.get(s)));
    }
    double[] raw = layout.raw(observation, levels);
    if (raw == null) {
      return new NotAStep();
    }
    PolicyModel.Step step = model.step(layout.normalize(raw), memory.h(), memory.c());
    int action = ActionMap.argMax(step.logits());
    if (action < 0) {
      return new InvalidOutput(step.logits());
    }
    int[] actions = ActionMap.decode(action, symbols.size());
    String label = model.contract().actions().get(action);
    List<TargetPosition> targets = new ArrayList<>();
    for (int s = 0; s < symbols.size(); s++) {
      int next = ActionMap.nextLevel(levels[s], actions[s], model.contract().positionMode());
      if (next == levels[s]) {
        continue;
      }
      ObservedSymbol observed = observation.symbol(symbols.get(s));
      BigDecimal close = observed.features().close();
      BigDecimal quantity = size(symbols.get(s), close, lots).multiply(BigDecimal.valueOf(next));
      targets.add(
          new TargetPosition(
              portfolio,
              symbols.get(s),
              observation.barEnd(),
              Decimals.normalize(quantity),
              close,
              model.version(),
              String.format(
                  Locale.ROOT,
                  "%s chose %s (p=%.2f): %s %s",
                  model.version(),
                  label,
                  probability(step.logits(), action),
                  ActionMap.name(actions[s]),
                  next > 0 ? "long" : next < 0 ? "short" : "flat")));
    }
    PolicyMemory after =
        new PolicyMemory(
            model.version(), step.h(), step.c(), memory.steps() + 1, observation.barEnd());
    return new Decision(action, step.logits(), after, targets);
  }

  private BigDecimal size(String symbol, BigDecimal close, LotSizes lots) {
    BigDecimal lot = lots.of(symbol);
    BigDecimal count = notionalPerSymbol.divide(close.multiply(lot), 0, RoundingMode.DOWN);
    return count.multiply(lot);
  }

  /** Softmax probability of {@code action}, for the reason people read. */
  static double probability(float[] logits, int action) {
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    double sum = 0;
    for (float l : logits) {
      sum += Math.exp(l - max);
    }
    return Math.exp(logits[action] - max) / sum;
  }
}
