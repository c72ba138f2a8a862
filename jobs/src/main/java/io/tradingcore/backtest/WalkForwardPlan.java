package io.tradingcore.backtest;

import io.tradingcore.marketdata.UsEquityCalendar;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * How a walk-forward splits a range of trading days into folds: each fold fits on its train window
 * and is scored on the test window that follows it. Rolling (the default): every train window is
 * {@code trainDays} long and moves by {@code testDays} from one fold to the next; anchored: every
 * train window starts on the range's first day and grows by {@code testDays}. The test windows
 * follow one another without overlap and together cover every day after the first train window; the
 * last one is shorter when fewer than {@code testDays} days are left.
 *
 * @param days the trading days of the range, in order
 * @param folds the folds, in time order
 */
public record WalkForwardPlan(
    List<LocalDate> days, int trainDays, int testDays, boolean anchored, List<Fold> folds) {

  /** Consecutive trading days, both ends inclusive. */
  public record Window(List<LocalDate> days) {
    public Window {
      days = List.copyOf(days);
      if (days.isEmpty()) {
        throw new IllegalArgumentException("a window needs at least one day");
      }
    }

    public LocalDate first() {
      return days.get(0);
    }

    public LocalDate last() {
      return days.get(days.size() - 1);
    }

    public boolean contains(LocalDate day) {
      return !day.isBefore(first()) && !day.isAfter(last());
    }

    /** {@code 2019-02-11..2019-02-12 (2 days)}. */
    @Override
    public String toString() {
      return (days.size() == 1 ? first().toString() : first() + ".." + last())
          + " ("
          + days.size()
          + (days.size() == 1 ? " day)" : " days)");
    }
  }

  /** One fold: fitted on {@code train}, scored on {@code test}; numbered from 1. */
  public record Fold(int number, Window train, Window test) {}

  public WalkForwardPlan {
    days = List.copyOf(days);
    folds = List.copyOf(folds);
  }

  /** The trading days of {@code calendar} from {@code from} to {@code to}, both inclusive. */
  public static List<LocalDate> tradingDays(
      LocalDate from, LocalDate to, UsEquityCalendar calendar) {
    return from.datesUntil(to.plusDays(1)).filter(calendar::isTradingDay).toList();
  }

  /**
   * Splits {@code days} into folds.
   *
   * @throws IllegalArgumentException when a window length is not positive or the days do not hold
   *     one train window and one test day, naming what is needed
   */
  public static WalkForwardPlan of(
      List<LocalDate> days, int trainDays, int testDays, boolean anchored) {
    List<String> errors = new ArrayList<>();
    if (trainDays < 1) {
      errors.add("--train-days must be at least 1, got " + trainDays);
    }
    if (testDays < 1) {
      errors.add("--test-days must be at least 1, got " + testDays);
    }
    if (errors.isEmpty() && days.size() < trainDays + 1) {
      errors.add(
          (days.isEmpty()
                  ? "the range has no trading days"
                  : "the range "
                      + days.get(0)
                      + ".."
                      + days.get(days.size() - 1)
                      + " has "
                      + days.size()
                      + " trading day"
                      + (days.size() == 1 ? "" : "s"))
              + "; --train-days "
              + trainDays
              + " needs at least "
              + (trainDays + 1)
              + " (one train window and a day to test on), "
              + (trainDays + testDays)
              + " for a full --test-days "
              + testDays
              + " window: widen --from/--to or shorten the windows");
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", errors));
    }
    List<Fold> folds = new ArrayList<>();
    for (int testStart = trainDays; testStart < days.size(); testStart += testDays) {
      int trainStart = anchored ? 0 : testStart - trainDays;
      int testEnd = Math.min(testStart + testDays, days.size());
      folds.add(
          new Fold(
              folds.size() + 1,
              new Window(days.subList(trainStart, testStart)),
              new Window(days.subList(testStart, testEnd))));
    }
    return new WalkForwardPlan(days, trainDays, testDays, anchored, folds);
  }

  /** The days every test window together covers. */
  public Window tested() {
    return new Window(days.subList(trainDays, days.size()));
  }
}
