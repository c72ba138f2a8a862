package io.tradingcore.policy;

import io.tradingcore.features.BarFeatures;
import io.tradingcore.features.cross.ObservedSymbol;
import io.tradingcore.features.cross.PortfolioObservation;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A model's observation resolved against what the pipeline produces: where each of its N values
 * comes from in a {@link PortfolioObservation}, and how it is normalised. Resolving refuses a model
 * that asks for something the pipeline does not produce, or lists it in another order than the
 * feature set's.
 */
public final class ObservationLayout implements Serializable {
  private static final long serialVersionUID = 1L;

  static final String POSITION = "position";
  static final String BETA = "beta";
  static final String CORRELATION = "correlation";

  private enum Kind {
    ASSET,
    POSITION,
    BETA,
    CORRELATION
  }

  /** One observation value: its kind, the symbol(s) by contract index, the feature index. */
  private record Slot(Kind kind, int symbol, int other, int feature) implements Serializable {}

  private final List<String> symbols;
  private final Slot[] slots;
  private final double[] mean;
  private final double[] std;
  private final double clip;

  private ObservationLayout(PolicyContract contract, Slot[] slots) {
    this.symbols = contract.symbols();
    this.slots = slots;
    this.mean = contract.normalizationMean().clone();
    this.std = contract.normalizationStd().clone();
    this.clip = contract.clip();
  }

  /** Observation length N. */
  public int size() {
    return slots.length;
  }

  /** The traded symbols in contract order. */
  public List<String> symbols() {
    return symbols;
  }

  /**
   * Resolves {@code contract}'s observation names against the {@code asset} feature set, version
   * {@link BarFeatures#FEATURE_SET_VERSION}, and the portfolio features.
   *
   * @throws IncompatibleModelException naming every name the pipeline cannot produce, or the first
   *     value out of order
   */
  public static ObservationLayout resolve(PolicyContract contract)
      throws IncompatibleModelException {
    List<String> problems = new ArrayList<>();
    if (!BarFeatures.FEATURE_SET.equals(contract.featureSet())) {
      problems.add(
          "feature set is '"
              + contract.featureSet()
              + "', the pipeline produces '"
              + BarFeatures.FEATURE_SET
              + "'");
    }
    if (!String.valueOf(BarFeatures.FEATURE_SET_VERSION).equals(contract.featureSetVersion())) {
      problems.add(
          "feature set version is "
              + contract.featureSetVersion()
              + ", the pipeline produces version "
              + BarFeatures.FEATURE_SET_VERSION);
    }
    List<String> symbols = contract.symbols();
    Slot[] slots = new Slot[contract.observationSize()];
    Set<Integer> withPosition = new HashSet<>();
    for (int i = 0; i < slots.length; i++) {
      String name = contract.observation().get(i);
      slots[i] = slot(name, symbols);
      if (slots[i] == null) {
        problems.add(
            "observation '"
                + name
                + "' is not produced by the pipeline (per asset: "
                + String.join(", ", BarFeatures.NAMES)
                + ", position, beta; per pair: correlation.A.B; for symbols "
                + symbols
                + ")");
      } else if (slots[i].kind() == Kind.POSITION) {
        withPosition.add(slots[i].symbol());
      }
    }
    for (int s = 0; s < symbols.size(); s++) {
      if (!withPosition.contains(s)) {
        problems.add("observation lacks " + symbols.get(s) + "." + POSITION);
      }
    }
    if (problems.isEmpty()) {
      String order = orderProblem(contract.observation(), slots, symbols);
      if (order != null) {
        problems.add(order);
      }
    }
    if (!problems.isEmpty()) {
      throw new IncompatibleModelException(
          "model "
              + contract.modelVersion()
              + " does not fit the pipeline: "
              + String.join("; ", problems));
    }
    return new ObservationLayout(contract, slots);
  }

  private static Slot slot(String name, List<String> symbols) {
    String[] parts = name.split("\\.", -1);
    if (parts.length == 3 && parts[0].equals(CORRELATION)) {
      int a = symbols.indexOf(parts[1]);
      int b = symbols.indexOf(parts[2]);
      return a >= 0 && b >= 0 && a < b ? new Slot(Kind.CORRELATION, a, b, -1) : null;
    }
    if (parts.length != 2) {
      return null;
    }
    int symbol = symbols.indexOf(parts[0]);
    if (symbol < 0) {
      return null;
    }
    if (parts[1].equals(POSITION)) {
      return new Slot(Kind.POSITION, symbol, -1, -1);
    }
    if (parts[1].equals(BETA)) {
      return new Slot(Kind.BETA, symbol, -1, -1);
    }
    int feature = BarFeatures.NAMES.indexOf(parts[1]);
    return feature < 0 ? null : new Slot(Kind.ASSET, symbol, -1, feature);
  }

  /**
   * The documented order: per symbol in contract order its asset features in the feature set's
   * order, then its position; then the portfolio features. A model that declares another order was
   * trained on vectors laid out differently from what this feature set version produces.
   */
  private static String orderProblem(List<String> names, Slot[] slots, List<String> symbols) {
    Slot previous = null;
    for (int i = 0; i < slots.length; i++) {
      Slot slot = slots[i];
      if (previous != null && rank(slot, symbols.size()) <= rank(previous, symbols.size())) {
        return "wrong feature order: '"
            + names.get(i)
            + "' comes after '"
            + names.get(i - 1)
            + "', but the asset feature set v"
            + BarFeatures.FEATURE_SET_VERSION
            + " lays out per symbol "
            + String.join(", ", BarFeatures.NAMES)
            + ", position, then correlations and betas";
      }
      previous = slot;
    }
    return null;
  }

  private static long rank(Slot slot, int symbolCount) {
    int perSymbol = BarFeatures.NAMES.size() + 1;
    return switch (slot.kind()) {
      case ASSET -> (long) slot.symbol() * perSymbol + slot.feature();
      case POSITION -> (long) slot.symbol() * perSymbol + BarFeatures.NAMES.size();
      case CORRELATION ->
          (long) symbolCount * perSymbol + (long) slot.symbol() * symbolCount + slot.other();
      case BETA ->
          (long) symbolCount * perSymbol + (long) symbolCount * symbolCount + slot.symbol();
    };
  }

  /**
   * The raw (not normalised) observation, or null when {@code observation} is not a decision step:
   * a traded symbol missing, carried forward, not warm, or a used value not finite.
   *
   * @param levels the position level of each contract symbol: −1, 0 or 1
   */
  public double[] raw(PortfolioObservation observation, int[] levels) {
    ObservedSymbol[] observed = new ObservedSymbol[symbols.size()];
    for (int s = 0; s < observed.length; s++) {
      ObservedSymbol symbol = observation.symbol(symbols.get(s));
      if (symbol == null || !symbol.fresh() || !symbol.features().warm()) {
        return null;
      }
      observed[s] = symbol;
    }
    double[] raw = new double[slots.length];
    for (int i = 0; i < slots.length; i++) {
      Slot slot = slots[i];
      double value =
          switch (slot.kind()) {
            case ASSET -> observed[slot.symbol()].features().feature(slot.feature());
            case POSITION -> levels[slot.symbol()];
            case BETA -> observed[slot.symbol()].beta();
            case CORRELATION ->
                observation.correlation(symbols.get(slot.symbol()), symbols.get(slot.other()));
          };
      if (!Double.isFinite(value)) {
        return null;
      }
      raw[i] = value;
    }
    return raw;
  }

  /** clip((raw − mean) / std, −clip, clip), as float32 like the model's input. */
  public float[] normalize(double[] raw) {
    float[] normalized = new float[raw.length];
    for (int i = 0; i < raw.length; i++) {
      double z = (raw[i] - mean[i]) / std[i];
      normalized[i] = (float) Math.max(-clip, Math.min(clip, z));
    }
    return normalized;
  }
}
