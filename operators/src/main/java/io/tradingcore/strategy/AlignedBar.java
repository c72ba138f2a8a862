package io.tradingcore.strategy;

import io.tradingcore.features.BarFeatures;
import java.util.Map;

/**
 * Features of a portfolio's symbols for one bar end time. {@code bySymbol} holds every symbol that
 * had a bar at that time: a symbol may be missing when its bar never came.
 */
public record AlignedBar(long barEnd, Map<String, BarFeatures> bySymbol) {}
