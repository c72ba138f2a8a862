package io.tradingcore.policy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a policy model declares about itself, read from its ONNX metadata: the inputs it expects,
 * how to normalise them, what its outputs mean. See {@code docs/policy-contract.md}.
 *
 * @param observation the N observation names in input order
 * @param normalizationMean per observation value, subtracted before scoring
 * @param normalizationStd per observation value, divided by before scoring; all positive
 * @param clip normalised values are clipped to ±clip
 * @param actions the A logit labels, e.g. {@code AAPL:BUY|MSFT:HOLD}
 * @param notionalPerSymbol money one position was sized with in training
 * @param metrics evaluation figures recorded at training time
 */
public record PolicyContract(
    String modelName,
    String modelVersion,
    List<String> symbols,
    String featureSet,
    String featureSetVersion,
    List<String> observation,
    double[] normalizationMean,
    double[] normalizationStd,
    double clip,
    List<String> actions,
    PositionMode positionMode,
    int hiddenSize,
    BigDecimal notionalPerSymbol,
    String trainingDataSha256,
    Map<String, Double> metrics,
    String createdAt,
    String seed)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String CONTRACT_VERSION = "1";
  static final String PREFIX = "tradingcore.";

  /** What SELL does: flat in {@code LONG_ONLY}, short in {@code LONG_SHORT}. */
  public enum PositionMode {
    LONG_ONLY,
    LONG_SHORT
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  public PolicyContract {
    symbols = List.copyOf(symbols);
    observation = List.copyOf(observation);
    actions = List.copyOf(actions);
    metrics = Map.copyOf(metrics);
  }

  /** Observation length N. */
  public int observationSize() {
    return observation.size();
  }

  /**
   * Reads and validates the contract from a model's metadata; every problem found is named in one
   * message.
   */
  public static PolicyContract fromMetadata(Map<String, String> metadata)
      throws IncompatibleModelException {
    Reader reader = new Reader(metadata);
    String contractVersion = reader.text("contract_version");
    if (contractVersion != null && !CONTRACT_VERSION.equals(contractVersion)) {
      reader.problems.add(
          "contract version "
              + contractVersion
              + " is not supported (this scorer reads version "
              + CONTRACT_VERSION
              + ")");
    }
    String modelName = reader.text("model_name");
    String modelVersion = reader.text("model_version");
    List<String> symbols = reader.strings("symbols");
    String featureSet = reader.text("feature_set");
    String featureSetVersion = reader.text("feature_set_version");
    List<String> observation = reader.strings("observation");
    double[] mean = reader.numbers("normalization_mean");
    double[] std = reader.numbers("normalization_std");
    double clip = reader.number("clip");
    List<String> actions = reader.strings("actions");
    PositionMode mode = reader.mode();
    int hidden = (int) reader.number("hidden_size");
    BigDecimal notional = reader.decimal("notional_per_symbol");
    String dataHash = reader.optionalText("training_data_sha256");
    Map<String, Double> metrics = reader.metrics();
    String createdAt = reader.optionalText("created_at");
    String seed = reader.optionalText("seed");

    List<String> problems = reader.problems;
    if (symbols != null && new LinkedHashSet<>(symbols).size() != symbols.size()) {
      problems.add("symbols list a symbol twice: " + symbols);
    }
    if (observation != null) {
      if (observation.isEmpty()) {
        problems.add("observation is empty");
      }
      if (new LinkedHashSet<>(observation).size() != observation.size()) {
        problems.add("observation lists a name twice");
      }
      if (mean != null && mean.length != observation.size()) {
        problems.add(
            "normalization_mean has "
                + mean.length
                + " values for "
                + observation.size()
                + " observation names");
      }
      if (std != null && std.length != observation.size()) {
        problems.add(
            "normalization_std has "
                + std.length
                + " values for "
                + observation.size()
                + " observation names");
      }
    }
    if (mean != null) {
      for (int i = 0; i < mean.length; i++) {
        if (!Double.isFinite(mean[i])) {
          problems.add("normalization_mean[" + i + "] is " + mean[i]);
        }
      }
    }
    if (std != null) {
      for (int i = 0; i < std.length; i++) {
        if (!(std[i] > 0) || !Double.isFinite(std[i])) {
          problems.add("normalization_std[" + i + "] must be positive, is " + std[i]);
        }
      }
    }
    if (!Double.isNaN(clip) && !(clip > 0)) {
      problems.add("clip must be positive, is " + clip);
    }
    if (hidden <= 0 && reader.has("hidden_size")) {
      problems.add("hidden_size must be positive, is " + hidden);
    }
    if (notional != null && notional.signum() <= 0) {
      problems.add("notional_per_symbol must be positive, is " + notional);
    }
    if (symbols != null && actions != null) {
      List<String> expected = ActionMap.labels(symbols);
      if (!expected.equals(actions)) {
        problems.add(
            "actions must be the "
                + expected.size()
                + " joint SELL/HOLD/BUY labels in contract order ("
                + expected.get(0)
                + ", "
                + expected.get(1)
                + ", …), got "
                + actions);
      }
    }
    if (!problems.isEmpty()) {
      throw new IncompatibleModelException(
          "model metadata breaks the policy contract: " + String.join("; ", problems));
    }
    return new PolicyContract(
        modelName,
        modelVersion,
        symbols,
        featureSet,
        featureSetVersion,
        observation,
        mean,
        std,
        clip,
        actions,
        mode,
        hidden,
        notional,
        dataHash,
        metrics,
        createdAt,
        seed);
  }

  /** Collects every problem while reading, so one refusal names them all. */
  private static final class Reader {
    private final Map<String, String> metadata;
    private final List<String> problems = new ArrayList<>();

    Reader(Map<String, String> metadata) {
      this.metadata = metadata;
    }

    boolean has(String key) {
      return metadata.containsKey(PREFIX + key);
    }

    String optionalText(String key) {
      return metadata.get(PREFIX + key);
    }

    String text(String key) {
      String value = metadata.get(PREFIX + key);
      if (value == null || value.isBlank()) {
        problems.add(PREFIX + key + " is missing");
        return null;
      }
      return value.trim();
    }

    List<String> strings(String key) {
      String value = text(key);
      if (value == null) {
        return null;
      }
      try {
        return JSON.readValue(value, new TypeReference<List<String>>() {});
      } catch (Exception e) {
        problems.add(PREFIX + key + " is not a JSON array of strings: " + abbreviate(value));
        return null;
      }
    }

    double[] numbers(String key) {
      String value = text(key);
      if (value == null) {
        return null;
      }
      try {
        List<Double> list = JSON.readValue(value, new TypeReference<List<Double>>() {});
        double[] array = new double[list.size()];
        for (int i = 0; i < array.length; i++) {
          if (list.get(i) == null) {
            throw new IllegalArgumentException("null");
          }
          array[i] = list.get(i);
        }
        return array;
      } catch (Exception e) {
        problems.add(PREFIX + key + " is not a JSON array of numbers: " + abbreviate(value));
        return null;
      }
    }

    double number(String key) {
      String value = text(key);
      if (value == null) {
        return Double.NaN;
      }
      try {
        return Double.parseDouble(value);
      } catch (NumberFormatException e) {
        problems.add(PREFIX + key + " is not a number: " + abbreviate(value));
        return Double.NaN;
      }
    }

    BigDecimal decimal(String key) {
      String value = text(key);
      if (value == null) {
        return null;
      }
      try {
        return new BigDecimal(value);
      } catch (NumberFormatException e) {
        problems.add(PREFIX + key + " is not a decimal number: " + abbreviate(value));
        return null;
      }
    }

    PositionMode mode() {
      String value = text("position_mode");
      if (value == null) {
        return null;
      }
      try {
        return PositionMode.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add(
            PREFIX + "position_mode must be long_only or long_short, is " + abbreviate(value));
        return null;
      }
    }

    Map<String, Double> metrics() {
      String value = optionalText("metrics");
      if (value == null || value.isBlank()) {
        return Map.of();
      }
      try {
        Map<String, Double> parsed =
            JSON.readValue(value, new TypeReference<LinkedHashMap<String, Double>>() {});
        parsed.values().removeIf(v -> v == null);
        return parsed;
      } catch (Exception e) {
        problems.add(PREFIX + "metrics is not a JSON object of numbers: " + abbreviate(value));
        return Map.of();
      }
    }

    private static String abbreviate(String value) {
      return value.length() <= 80 ? value : value.substring(0, 77) + "…";
    }
  }
}
