package io.tradingcore.features;

/** One symbol's features routed to a portfolio that trades it. */
public record PortfolioFeatures(String portfolio, BarFeatures features) {}
