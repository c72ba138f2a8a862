package io.tradingcore.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * The joint actions of a policy over n symbols: per symbol SELL, HOLD or BUY, 3ⁿ in all. Index = Σ
 * aᵢ·3^(n−1−i) with SELL = 0, HOLD = 1, BUY = 2 and the first symbol most significant.
 */
public final class ActionMap {
  public static final int SELL = 0;
  public static final int HOLD = 1;
  public static final int BUY = 2;
  private static final String[] NAMES = {"SELL", "HOLD", "BUY"};

  /** The largest portfolio a joint action space is built for (3¹⁰ = 59,049 logits). */
  public static final int MAX_SYMBOLS = 10;

  private ActionMap() {}

  /** 3ⁿ, the number of joint actions. */
  public static int size(int symbols) {
    if (symbols < 1 || symbols > MAX_SYMBOLS) {
      throw new IllegalArgumentException(
          "a joint action policy trades 1 to " + MAX_SYMBOLS + " symbols, not " + symbols);
    }
    int size = 1;
    for (int i = 0; i < symbols; i++) {
      size *= 3;
    }
    return size;
  }

  /** The labels in logit order, e.g. {@code AAPL:SELL|MSFT:SELL} first. */
  public static List<String> labels(List<String> symbols) {
    int size = size(symbols.size());
    List<String> labels = new ArrayList<>(size);
    for (int index = 0; index < size; index++) {
      int[] actions = decode(index, symbols.size());
      StringBuilder label = new StringBuilder();
      for (int i = 0; i < actions.length; i++) {
        if (i > 0) {
          label.append('|');
        }
        label.append(symbols.get(i)).append(':').append(NAMES[actions[i]]);
      }
      labels.add(label.toString());
    }
    return labels;
  }

  /** The per-symbol actions of joint action {@code index}. */
  public static int[] decode(int index, int symbols) {
    int[] actions = new int[symbols];
    int rest = index;
    for (int i = symbols - 1; i >= 0; i--) {
      actions[i] = rest % 3;
      rest /= 3;
    }
    if (rest != 0 || index < 0) {
      throw new IllegalArgumentException(
          "action " + index + " is outside the " + size(symbols) + " joint actions");
    }
    return actions;
  }

  /** The name of a per-symbol action. */
  public static String name(int action) {
    return NAMES[action];
  }

  /**
   * The position level after {@code action}: BUY → 1, HOLD → {@code level}, SELL → 0 (long only) or
   * −1 (long and short).
   */
  public static int nextLevel(int level, int action, PolicyContract.PositionMode mode) {
    return switch (action) {
      case BUY -> 1;
      case HOLD -> level;
      case SELL -> mode == PolicyContract.PositionMode.LONG_SHORT ? -1 : 0;
      default -> throw new IllegalArgumentException("no per-symbol action " + action);
    };
  }

  /** Index of the largest logit (the first on a tie); −1 when any logit is NaN or infinite. */
  public static int argMax(float[] logits) {
    int best = -1;
    float bestValue = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < logits.length; i++) {
      float value = logits[i];
      if (!Float.isFinite(value)) {
        return -1;
      }
      if (best < 0 || value > bestValue) {
        best = i;
        bestValue = value;
      }
    }
    return best;
  }
}
