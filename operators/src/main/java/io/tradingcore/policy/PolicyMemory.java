package io.tradingcore.policy;

/**
 * A portfolio's recurrent policy state between bars, kept in Flink keyed state: the LSTM's (h, c)
 * after the last step, and which model produced them. A restore resumes from exactly these values.
 *
 * @param modelVersion the model whose state this is; another model starts from zeros
 * @param steps decision steps taken with this model
 * @param lastBarEnd bar end of the last step
 */
public record PolicyMemory(String modelVersion, float[] h, float[] c, long steps, long lastBarEnd) {

  /** The state a portfolio starts from under {@code modelVersion}: zeros. */
  public static PolicyMemory initial(String modelVersion, int hiddenSize) {
    return new PolicyMemory(modelVersion, new float[hiddenSize], new float[hiddenSize], 0, 0);
  }
}
