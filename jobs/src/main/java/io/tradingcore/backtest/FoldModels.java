package io.tradingcore.backtest;

import io.tradingcore.backtest.WalkForwardPlan.Fold;
import io.tradingcore.policy.IncompatibleModelException;
import io.tradingcore.policy.TrainingRange;
import java.nio.file.Path;
import java.util.Map;

/**
 * The policy models of a walk-forward: {@code fold-<n>.onnx} in one folder, one per fold, each
 * carrying its training date range ({@link TrainingRange#KEY}). The guard refuses to score a fold
 * whose model was not trained strictly before the fold's test window, or does not say when it was
 * trained.
 */
public final class FoldModels {
  private FoldModels() {}

  /** The model file of fold {@code number} in {@code folder}. */
  public static Path file(Path folder, int number) {
    return folder.resolve("fold-" + number + ".onnx");
  }

  /**
   * The model's training range, checked against the fold's test window.
   *
   * @param model the file, for messages
   * @param metadata the model's ONNX metadata
   * @throws IncompatibleModelException naming the model, its range and the window, and what to do
   */
  public static TrainingRange check(Path model, Map<String, String> metadata, Fold fold)
      throws IncompatibleModelException {
    TrainingRange range =
        TrainingRange.fromMetadata(metadata)
            .orElseThrow(
                () ->
                    new IncompatibleModelException(
                        "model "
                            + model
                            + " does not record its training range ("
                            + TrainingRange.KEY
                            + " is missing from its metadata), so walk-forward cannot tell whether"
                            + " it was trained on fold "
                            + fold.number()
                            + "'s test window "
                            + fold.test()
                            + "; retrain it with training/train, which records the range, or add"
                            + " the metadata key "
                            + TrainingRange.KEY
                            + " with the first and last New York dates of its training data, e.g."
                            + " "
                            + fold.train().first()
                            + "/"
                            + fold.train().last()
                            + " (docs/policy-contract.md)"));
    if (!range.endsBefore(fold.test().first())) {
      throw new IncompatibleModelException(
          "model "
              + model
              + " was trained on "
              + range
              + ", which does not end before fold "
              + fold.number()
              + "'s test window "
              + fold.test()
              + " starts; walk-forward scores a model only on days after its training range:"
              + " give fold "
              + fold.number()
              + " a model trained on days up to "
              + fold.train().last());
    }
    return range;
  }
}
