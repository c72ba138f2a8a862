package io.tradingcore.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingcore.backtest.WalkForwardPlan.Fold;
import io.tradingcore.marketdata.UsEquityCalendar;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class WalkForwardPlanTest {
  /** Presidents' Day 2019 (Monday 18 February) is a holiday; the 16th and 17th are a weekend. */
  private static final List<LocalDate> FEB_13_TO_25 =
      WalkForwardPlan.tradingDays(
          LocalDate.of(2019, 2, 13), LocalDate.of(2019, 2, 25), UsEquityCalendar.INSTANCE);

  private static LocalDate feb(int day) {
    return LocalDate.of(2019, 2, day);
  }

  private static List<LocalDate> febDays(int... days) {
    return java.util.Arrays.stream(days).mapToObj(WalkForwardPlanTest::feb).toList();
  }

  @Test
  void tradingDaysSkipWeekendsAndHolidays() {
    assertThat(FEB_13_TO_25).containsExactlyElementsOf(febDays(13, 14, 15, 19, 20, 21, 22, 25));
    // Christmas and New Year's Day closed; Christmas Eve is an early close but a trading day.
    assertThat(
            WalkForwardPlan.tradingDays(
                LocalDate.of(2018, 12, 21), LocalDate.of(2019, 1, 2), UsEquityCalendar.INSTANCE))
        .containsExactly(
            LocalDate.of(2018, 12, 21),
            LocalDate.of(2018, 12, 24),
            LocalDate.of(2018, 12, 26),
            LocalDate.of(2018, 12, 27),
            LocalDate.of(2018, 12, 28),
            LocalDate.of(2018, 12, 31),
            LocalDate.of(2019, 1, 2));
  }

  @Test
  void rollingFoldsMoveByTheTestWindowAndTheLastTestsTheDaysLeft() {
    WalkForwardPlan plan = WalkForwardPlan.of(FEB_13_TO_25, 3, 2, false);

    assertThat(plan.folds()).hasSize(3);
    assertFold(plan.folds().get(0), 1, febDays(13, 14, 15), febDays(19, 20));
    assertFold(plan.folds().get(1), 2, febDays(15, 19, 20), febDays(21, 22));
    assertFold(plan.folds().get(2), 3, febDays(20, 21, 22), febDays(25));
    assertThat(plan.tested().days()).containsExactlyElementsOf(febDays(19, 20, 21, 22, 25));
    assertThat(plan.folds().get(0).train()).hasToString("2019-02-13..2019-02-15 (3 days)");
    assertThat(plan.folds().get(2).test()).hasToString("2019-02-25 (1 day)");
  }

  @Test
  void anchoredFoldsTrainFromTheFirstDayAndGrow() {
    WalkForwardPlan plan = WalkForwardPlan.of(FEB_13_TO_25, 3, 2, true);

    assertThat(plan.folds()).hasSize(3);
    assertFold(plan.folds().get(0), 1, febDays(13, 14, 15), febDays(19, 20));
    assertFold(plan.folds().get(1), 2, febDays(13, 14, 15, 19, 20), febDays(21, 22));
    assertFold(plan.folds().get(2), 3, febDays(13, 14, 15, 19, 20, 21, 22), febDays(25));
  }

  @Test
  void testWindowsNeverOverlapAndEachFollowsItsTrainWindow() {
    for (boolean anchored : new boolean[] {false, true}) {
      for (int train = 1; train <= 6; train++) {
        for (int test = 1; test <= 4; test++) {
          WalkForwardPlan plan = WalkForwardPlan.of(FEB_13_TO_25, train, test, anchored);
          List<LocalDate> tested =
              plan.folds().stream().flatMap(f -> f.test().days().stream()).toList();
          assertThat(tested).as("train %d test %d", train, test).doesNotHaveDuplicates();
          assertThat(tested).isEqualTo(FEB_13_TO_25.subList(train, FEB_13_TO_25.size()));
          for (Fold fold : plan.folds()) {
            assertThat(fold.train().last()).isBefore(fold.test().first());
            assertThat(FEB_13_TO_25.indexOf(fold.test().first()))
                .as("the test window starts on the trading day after its train window")
                .isEqualTo(FEB_13_TO_25.indexOf(fold.train().last()) + 1);
          }
        }
      }
    }
  }

  @Test
  void aRangeTooShortForOneFoldIsRefusedNamingWhatIsNeeded() {
    assertThatThrownBy(() -> WalkForwardPlan.of(febDays(13, 14, 15), 3, 2, false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the range 2019-02-13..2019-02-15 has 3 trading days; --train-days 3 needs at least 4"
                + " (one train window and a day to test on), 5 for a full --test-days 2 window:"
                + " widen --from/--to or shorten the windows");
    assertThatThrownBy(
            () ->
                WalkForwardPlan.of(
                    WalkForwardPlan.tradingDays(feb(16), feb(18), UsEquityCalendar.INSTANCE),
                    1,
                    1,
                    false))
        .hasMessageStartingWith("the range has no trading days");
    assertThatThrownBy(() -> WalkForwardPlan.of(FEB_13_TO_25, 0, -1, false))
        .hasMessage(
            "--train-days must be at least 1, got 0; --test-days must be at least 1, got -1");
  }

  private static void assertFold(
      Fold fold, int number, List<LocalDate> train, List<LocalDate> test) {
    assertThat(fold.number()).isEqualTo(number);
    assertThat(fold.train().days()).as("fold %d train", number).containsExactlyElementsOf(train);
    assertThat(fold.test().days()).as("fold %d test", number).containsExactlyElementsOf(test);
  }
}
