package io.tradingcore.jobs;

import io.tradingcore.policy.IncompatibleModelException;
import io.tradingcore.policy.PolicyModel;
import io.tradingcore.policy.PolicyScorerFunction;
import io.tradingcore.portfolio.PortfolioSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * What decides targets in the trading job: the policy (default, with the bundled model or {@code
 * --model}) or the momentum baseline. Shared by the job's entry point and the local stack.
 */
public final class StrategyOptions {

  @Option(
      names = "--strategy",
      defaultValue = "policy",
      description =
          "What decides targets: policy (the PPO-LSTM model, scored with ONNX Runtime) or momentum"
              + " (the baseline) (default: ${DEFAULT-VALUE}).")
  String strategy = "policy";

  @Option(
      names = "--model",
      paramLabel = "FILE",
      description =
          "ONNX policy model to start with (default: the bundled "
              + ModelReleases.BUNDLED
              + "); replace it at runtime by publishing to models.v1.")
  Path model;

  @Option(
      names = "--model-threads",
      defaultValue = "1",
      description = "ONNX Runtime threads per scorer subtask (default: ${DEFAULT-VALUE}).")
  int modelThreads = 1;

  /**
   * The strategy, with the policy's model loaded and checked against the portfolio now, so a model
   * that does not fit is refused before anything starts.
   */
  StrategyChoice resolve(List<PortfolioSpec> portfolios) {
    String kind = strategy.strip().toLowerCase(Locale.ROOT);
    if (kind.equals("momentum")) {
      return StrategyChoice.momentum();
    }
    if (!kind.equals("policy")) {
      throw new IllegalArgumentException(
          "--strategy must be policy or momentum, got '" + strategy + "'");
    }
    if (modelThreads < 1) {
      throw new IllegalArgumentException("--model-threads must be at least 1, got " + modelThreads);
    }
    PolicyModel.Settings scoring = new PolicyModel.Settings(modelThreads);
    try {
      ModelReleases.Loaded loaded =
          model == null ? ModelReleases.bundled() : ModelReleases.fromFile(model);
      PolicyScorerFunction.fits(loaded.release(), loaded.contract(), portfolios);
      return StrategyChoice.policy(loaded, scoring);
    } catch (IncompatibleModelException e) {
      throw new IllegalArgumentException(
          "--model "
              + (model == null ? "(the bundled default)" : model)
              + " is refused: "
              + e.getMessage()
              + (model == null
                  ? " (the bundled model trades its own symbols: pass --model for others, or"
                      + " --strategy momentum)"
                  : ""));
    }
  }

  /**
   * {@code config} with the chosen strategy; the policy's model is loaded and checked against every
   * portfolio now, so a model that does not fit is refused before anything starts.
   *
   * @throws IllegalArgumentException naming the option and the mismatch
   */
  public TradingJobConfig applyTo(TradingJobConfig config) {
    return config.withStrategy(resolve(config.portfolios()));
  }
}
