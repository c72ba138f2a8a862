package io.tradingcore.backtest.report;

/**
 * The deepest and the longest drawdown of a run.
 *
 * @param max largest {@code 1 − equity / high-water mark} over the steps (0 when equity never fell
 *     below its mark); the mark starts at the initial cash
 * @param peakMillis time of the step that set the mark the deepest drawdown fell from; {@code null}
 *     when that mark is the initial cash
 * @param troughMillis time of the deepest step; {@code null} without a drawdown
 * @param longestSteps most consecutive steps with equity below the high-water mark
 * @param longestStartMillis time of the longest stretch's first step below the mark; {@code null}
 *     without a drawdown
 * @param longestEndMillis time of its last step below the mark
 * @param longestRecovered whether equity got back to the mark after the longest stretch (false when
 *     the run ended under water)
 */
public record Drawdown(
    double max,
    Long peakMillis,
    Long troughMillis,
    int longestSteps,
    Long longestStartMillis,
    Long longestEndMillis,
    boolean longestRecovered) {}
