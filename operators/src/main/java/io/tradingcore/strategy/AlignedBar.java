package io.tradingcore.strategy;

import io.tradingcore.features.BarFeatures;
import java.util.Map;

/**
 * The features that have arrived for one bar end of a portfolio, while it waits for the rest (see
 * {@link io.tradingcore.features.CrossAssetFunction}). {@code bySymbol} holds every symbol that had
 * a bar at that time: a symbol may be missing when its bar never came.
 */
public record AlignedBar(long barEnd, Map<String, BarFeatures> bySymbol) {}
