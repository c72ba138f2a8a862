package io.tradingcore.risk.breakers;

import static io.tradingcore.risk.breakers.BreakerTestData.ALPHA;
import static io.tradingcore.risk.breakers.BreakerTestData.DEFAULTS;
import static io.tradingcore.risk.breakers.BreakerTestData.MONDAY;
import static io.tradingcore.risk.breakers.BreakerTestData.MONDAY_10AM;
import static io.tradingcore.risk.breakers.BreakerTestData.TUESDAY;
import static io.tradingcore.risk.breakers.BreakerTestData.WEDNESDAY;
import static io.tradingcore.risk.breakers.BreakerTestData.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BreakerAlertsTest {

  @Test
  void aDailyLossEventCarriesTheLossTheLimitAndTheDay() {
    RiskAlert alert = BreakerAlerts.dailyLoss(equity(7, "100000", "97500"));

    assertThat(alert.portfolio()).isEqualTo(ALPHA);
    assertThat(alert.symbol()).isNull();
    assertThat(alert.reason()).isEqualTo(RiskReason.DAILY_LOSS);
    assertThat(alert.severity()).isEqualTo(Severity.HALT);
    assertThat(alert.causationId()).isEqualTo("snapshot-7");
    assertThat(alert.tsEvent()).isEqualTo(MONDAY_10AM);
    // (100 000 − 97 500) / 100 000 = 0.025
    assertThat(alert.values())
        .containsEntry("observed", 0.025)
        .containsEntry("limit", 0.02)
        .containsEntry("dayStartEquity", 100_000.0)
        .containsEntry("equity", 97_500.0);
    assertThat(alert.cause())
        .isEqualTo("equity 97500 is 2.5 % below the day's starting equity 100000 (limit 2 %)");
  }

  @Test
  void aProfitLockEventReducesAndCarriesTheGain() {
    RiskAlert alert = BreakerAlerts.profitLock(equity(3, "98000", "101430"));

    assertThat(alert.reason()).isEqualTo(RiskReason.PROFIT_LOCK);
    assertThat(alert.severity()).isEqualTo(Severity.REDUCE);
    // (101 430 − 98 000) / 98 000 = 0.035
    assertThat(alert.values()).containsEntry("observed", 0.035).containsEntry("limit", 0.03);
    assertThat(alert.cause()).contains("3.5 % above", "(lock at 3 %)");
  }

  @Test
  void aLosingStreakEventNamesTheDaysAndTheEquityLost() {
    List<BookSignal> days =
        List.of(
            close(MONDAY, "100000", "99000"),
            close(TUESDAY, "99000", "98000"),
            close(WEDNESDAY, "98000", "97500"));

    RiskAlert alert = BreakerAlerts.losingStreak(days);

    assertThat(alert.reason()).isEqualTo(RiskReason.LOSING_STREAK);
    assertThat(alert.severity()).isEqualTo(Severity.HALT);
    assertThat(alert.causationId()).isEqualTo("day-2024-03-06");
    assertThat(alert.values())
        .containsEntry("observed", 3.0)
        .containsEntry("limit", 3.0)
        .containsEntry("streakStartEquity", 100_000.0)
        .containsEntry("dayStartEquity", 98_000.0)
        .containsEntry("equity", 97_500.0);
    assertThat(alert.cause())
        .isEqualTo(
            "3 losing days in a row, 2024-03-04 to 2024-03-06: equity 100000 → 97500 (limit 3)");
  }

  @Test
  void aRejectBurstEventCountsTheRejectsAndTheirSpan() {
    List<FillSignal> rejects = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rejects.add(fill(FillSignal.Kind.REJECT, i, MONDAY_10AM + i * 5_000L));
    }

    RiskAlert alert = BreakerAlerts.rejectBurst(rejects, Duration.ofMinutes(1));

    assertThat(alert.reason()).isEqualTo(RiskReason.REJECT_BURST);
    assertThat(alert.severity()).isEqualTo(Severity.HALT);
    assertThat(alert.causationId()).isEqualTo("exec-9");
    assertThat(alert.tsEvent()).isEqualTo(MONDAY_10AM + 45_000);
    assertThat(alert.values())
        .containsEntry("observed", 10.0)
        .containsEntry("limit", 10.0)
        .containsEntry("windowMillis", 60_000.0)
        .containsEntry("spanMillis", 45_000.0);
    assertThat(alert.cause()).isEqualTo("10 broker rejects within 45s (limit 10 within 1m)");
  }

  @Test
  void aRunawayEventNamesTheLastOrder() {
    List<FillSignal> orders = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      orders.add(fill(FillSignal.Kind.ORDER, i, MONDAY_10AM + i * 1_000L));
    }

    RiskAlert alert = BreakerAlerts.runawayOrders(orders, Duration.ofMinutes(1));

    assertThat(alert.reason()).isEqualTo(RiskReason.RUNAWAY_ORDERS);
    assertThat(alert.causationId()).isEqualTo("order-59");
    assertThat(alert.values())
        .containsEntry("observed", 60.0)
        .containsEntry("spanMillis", 59_000.0);
    assertThat(alert.cause())
        .isEqualTo("60 orders reached the broker within 59s (limit 60 within 1m)");
  }

  @Test
  void aReplayRaisesTheSameEventIds() {
    BookSignal breach = equity(7, "100000", "97500");

    assertThat(BreakerAlerts.dailyLoss(breach).eventId())
        .isEqualTo(BreakerAlerts.dailyLoss(breach).eventId())
        .isNotEqualTo(BreakerAlerts.dailyLoss(equity(8, "100000", "97500")).eventId());
  }

  private static BookSignal equity(long sequence, String dayStart, String equity) {
    return new BookSignal(
        BookSignal.Kind.EQUITY,
        ALPHA,
        sequence,
        MONDAY_10AM,
        MONDAY.toEpochDay(),
        new BigDecimal(dayStart),
        new BigDecimal(equity),
        DEFAULTS);
  }

  private static BookSignal close(LocalDate day, String start, String close) {
    return new BookSignal(
        BookSignal.Kind.DAY_CLOSE,
        ALPHA,
        day.toEpochDay(),
        at(day.plusDays(1), "10:00"),
        day.toEpochDay(),
        new BigDecimal(start),
        new BigDecimal(close),
        DEFAULTS);
  }

  private static FillSignal fill(FillSignal.Kind kind, int n, long ts) {
    return new FillSignal(kind, ALPHA, ts, "order-" + n, "exec-" + n, DEFAULTS);
  }
}
