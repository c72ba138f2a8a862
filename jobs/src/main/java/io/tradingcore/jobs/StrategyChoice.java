package io.tradingcore.jobs;

import io.tradingcore.policy.ModelRelease;
import io.tradingcore.policy.PolicyContract;
import io.tradingcore.policy.PolicyModel;
import java.io.Serializable;
import java.util.Objects;

/**
 * What decides target positions: the trained policy (an ONNX model, swappable at runtime through
 * {@code models.v1}) or the momentum baseline.
 *
 * @param model the release the policy starts with; null for the baseline
 * @param contract what that model declares (read when it was loaded); null for the baseline
 * @param scoring ONNX Runtime settings of the policy; null for the baseline
 */
public record StrategyChoice(
    Kind kind, ModelRelease model, PolicyContract contract, PolicyModel.Settings scoring)
    implements Serializable {

  /** The strategies a job can run. */
  public enum Kind {
    /** The PPO-LSTM policy scored with ONNX Runtime. */
    POLICY,
    /** The momentum baseline. */
    MOMENTUM
  }

  public StrategyChoice {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.POLICY) {
      Objects.requireNonNull(model, "the policy needs a model");
      Objects.requireNonNull(contract, "the policy needs its model's contract");
      Objects.requireNonNull(scoring, "the policy needs scoring settings");
    }
  }

  public static StrategyChoice momentum() {
    return new StrategyChoice(Kind.MOMENTUM, null, null, null);
  }

  public static StrategyChoice policy(ModelReleases.Loaded model, PolicyModel.Settings scoring) {
    return new StrategyChoice(Kind.POLICY, model.release(), model.contract(), scoring);
  }

  public boolean isPolicy() {
    return kind == Kind.POLICY;
  }
}
