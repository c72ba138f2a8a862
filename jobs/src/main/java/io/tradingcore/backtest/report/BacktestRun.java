package io.tradingcore.backtest.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One backtest's results, as the report reads them: the equity after every step, every fill with
 * its cost, and the last price of every symbol traded. Immutable.
 *
 * <p>The step before the first is the initial cash: the first step's return is {@code equity[0] /
 * initialCash − 1}, and the high-water mark starts at the initial cash, as the position book's
 * does.
 *
 * @param name short label, unique within a report (e.g. {@code policy}, {@code buy-and-hold})
 * @param description one line saying what the run is (shown in the report), may be empty
 * @param barsPerYear steps in a year (see {@link BarsPerYear}), for annualisation
 * @param steps equity at the end of each step, in time order
 * @param fills every fill in the order it was applied to the book
 * @param finalMarks last price of every symbol the run traded, for the unrealised P&L at the end
 */
public record BacktestRun(
    String name,
    String description,
    BigDecimal initialCash,
    double barsPerYear,
    List<EquityPoint> steps,
    List<Fill> fills,
    SortedMap<String, BigDecimal> finalMarks) {

  public BacktestRun {
    List<String> errors = new ArrayList<>();
    if (name == null || name.isBlank()) {
      errors.add("name must not be blank");
    }
    if (description == null) {
      description = "";
    }
    if (initialCash == null || initialCash.signum() <= 0) {
      errors.add("initial cash must be positive, got " + initialCash);
    }
    if (!(barsPerYear > 0) || Double.isInfinite(barsPerYear)) {
      errors.add("bars per year must be a positive number, got " + barsPerYear);
    }
    steps = List.copyOf(steps);
    fills = List.copyOf(fills);
    finalMarks = new TreeMap<>(finalMarks);
    for (int i = 1; i < steps.size(); i++) {
      if (steps.get(i).timeMillis() <= steps.get(i - 1).timeMillis()) {
        errors.add(
            "steps must be in strictly increasing time order: step "
                + i
                + " at "
                + steps.get(i).timeMillis()
                + " follows "
                + steps.get(i - 1).timeMillis());
        break;
      }
    }
    for (Fill fill : fills) {
      BigDecimal mark = finalMarks.get(fill.symbol());
      if (mark == null || mark.signum() <= 0) {
        errors.add("a fill of " + fill.symbol() + " needs a positive final mark of that symbol");
        break;
      }
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(
          "Invalid backtest run '" + name + "': " + String.join("; ", errors));
    }
    finalMarks = java.util.Collections.unmodifiableSortedMap(finalMarks);
  }

  public static Builder builder(String name, BigDecimal initialCash, double barsPerYear) {
    return new Builder(name, initialCash, barsPerYear);
  }

  /** Collects steps, fills and marks in order; {@link #build()} validates everything at once. */
  public static final class Builder {
    private final String name;
    private final BigDecimal initialCash;
    private final double barsPerYear;
    private String description = "";
    private final List<EquityPoint> steps = new ArrayList<>();
    private final List<Fill> fills = new ArrayList<>();
    private final Map<String, BigDecimal> marks = new TreeMap<>();

    private Builder(String name, BigDecimal initialCash, double barsPerYear) {
      this.name = name;
      this.initialCash = initialCash;
      this.barsPerYear = barsPerYear;
    }

    public Builder description(String description) {
      this.description = description;
      return this;
    }

    public Builder step(long timeMillis, BigDecimal equity, BigDecimal grossExposure) {
      steps.add(new EquityPoint(timeMillis, equity, grossExposure));
      return this;
    }

    public Builder fill(Fill fill) {
      fills.add(fill);
      return this;
    }

    public Builder mark(String symbol, BigDecimal price) {
      marks.put(symbol, price);
      return this;
    }

    public BacktestRun build() {
      return new BacktestRun(
          name, description, initialCash, barsPerYear, steps, fills, new TreeMap<>(marks));
    }
  }
}
