package io.tradingcore.marketdata;

/** A bar routed to one portfolio that trades its symbol (keyed by portfolio downstream). */
public record PortfolioBar(String portfolio, Bar bar) {}
