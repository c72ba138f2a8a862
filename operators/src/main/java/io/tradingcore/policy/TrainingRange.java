package io.tradingcore.policy;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * The dates a policy model was trained on, from its {@value #KEY} metadata (see {@code
 * docs/policy-contract.md}): the New York dates of the first and last bar of the data the trainer
 * fitted the weights and the normalisation on, both inclusive, written {@code FIRST/LAST}, e.g.
 * {@code 2019-02-11/2019-02-12}. A walk-forward scores a model only on days after {@link #last()}.
 */
public record TrainingRange(LocalDate first, LocalDate last) {
  /** The metadata key. */
  public static final String KEY = PolicyContract.PREFIX + "training_range";

  public TrainingRange {
    if (first == null || last == null) {
      throw new IllegalArgumentException("a training range needs a first and a last date");
    }
    if (last.isBefore(first)) {
      throw new IllegalArgumentException(
          "a training range cannot end (" + last + ") before it starts (" + first + ")");
    }
  }

  /** {@code FIRST/LAST}, as the key holds it. */
  @Override
  public String toString() {
    return first + "/" + last;
  }

  /** Whether every training day lies before {@code day}. */
  public boolean endsBefore(LocalDate day) {
    return last.isBefore(day);
  }

  /**
   * The range in a model's metadata, or empty when the model has no {@value #KEY}.
   *
   * @throws IncompatibleModelException when the key is there but is not {@code FIRST/LAST} dates
   */
  public static Optional<TrainingRange> fromMetadata(Map<String, String> metadata)
      throws IncompatibleModelException {
    String value = metadata.get(KEY);
    if (value == null) {
      return Optional.empty();
    }
    String[] parts = value.strip().split("/", -1);
    try {
      if (parts.length == 2) {
        return Optional.of(new TrainingRange(LocalDate.parse(parts[0]), LocalDate.parse(parts[1])));
      }
    } catch (DateTimeParseException | IllegalArgumentException e) {
      throw new IncompatibleModelException(
          KEY + " '" + value + "' is not FIRST/LAST dates: " + e.getMessage(), e);
    }
    throw new IncompatibleModelException(
        KEY + " '" + value + "' is not FIRST/LAST dates, e.g. 2019-02-11/2019-02-12");
  }

  /** The custom metadata of an ONNX model, read without checking the policy contract. */
  public static Map<String, String> metadataOf(byte[] onnx) throws IncompatibleModelException {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession session = environment.createSession(onnx)) {
      return Map.copyOf(session.getMetadata().getCustomMetadata());
    } catch (OrtException e) {
      throw new IncompatibleModelException(
          "not a loadable ONNX model (" + onnx.length + " bytes): " + e.getMessage(), e);
    }
  }
}
