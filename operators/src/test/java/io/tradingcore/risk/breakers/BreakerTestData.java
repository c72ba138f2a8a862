package io.tradingcore.risk.breakers;

import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.marketdata.LotSizes;
import io.tradingcore.portfolio.Book;
import io.tradingcore.portfolio.BookSnapshot;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.risk.OperatorCommand;
import io.tradingcore.risk.RiskLimits;
import io.tradingcore.risk.RiskParameter;
import io.tradingcore.schemas.avro.ControlCommand;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.schemas.avro.SnapshotTrigger;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Named days, portfolios, books, reports and commands for the breaker tests. */
final class BreakerTestData {
  static final String ALPHA = "alpha";
  static final String BETA = "beta";
  static final String GAMMA = "gamma";
  static final String UNWATCHED = "another-jobs-portfolio";

  static final String INITIAL_CASH = "100000";

  /** A week of trading days in New York winter time (UTC−5), Monday 4 March 2024 first. */
  static final LocalDate MONDAY = LocalDate.of(2024, 3, 4);

  static final LocalDate TUESDAY = MONDAY.plusDays(1);
  static final LocalDate WEDNESDAY = MONDAY.plusDays(2);
  static final LocalDate THURSDAY = MONDAY.plusDays(3);
  static final LocalDate FRIDAY = MONDAY.plusDays(4);

  static final long MONDAY_10AM = at(MONDAY, "10:00");

  static final Duration SECOND = Duration.ofSeconds(1);

  static final BreakerThresholds DEFAULTS = BreakerThresholds.of(RiskLimits.DEFAULT);

  private BreakerTestData() {}

  /** {@code time} (HH:mm) on {@code day}, New York, as epoch millis. */
  static long at(LocalDate day, String time) {
    return ZonedDateTime.of(day, LocalTime.parse(time), DayLedger.NEW_YORK)
        .toInstant()
        .toEpochMilli();
  }

  /** A portfolio with {@value #INITIAL_CASH} of cash and the default limits. */
  static PortfolioSpec portfolio(String name) {
    return portfolio(name, Map.of());
  }

  /** A portfolio with {@value #INITIAL_CASH} of cash and {@code limits} (name → value). */
  static PortfolioSpec portfolio(String name, Map<String, String> limits) {
    return new PortfolioSpec(
        name,
        List.of("AAPL"),
        new BigDecimal(INITIAL_CASH),
        RiskLimits.of(limits),
        LotSizes.WHOLE_UNITS);
  }

  static OperatorCommand setLimit(String portfolio, RiskParameter parameter, String value) {
    return new OperatorCommand(
        "set-" + portfolio + "-" + parameter.externalName() + "-" + value,
        portfolio,
        ControlCommand.SET_LIMIT,
        parameter,
        parameter.parse(value),
        "risk-desk",
        "test",
        0L);
  }

  static OperatorCommand kill(String portfolio) {
    return new OperatorCommand(
        "kill-" + portfolio, portfolio, ControlCommand.KILL, null, null, "risk-desk", "test", 0L);
  }

  /** A book holding {@code equity} in cash, numbered {@code sequence}, at {@code tsEvent}. */
  static BookSnapshot snapshot(String portfolio, long sequence, long tsEvent, String equity) {
    return new BookSnapshot(
        sequence, SnapshotTrigger.MARK, tsEvent, Book.open(portfolio, new BigDecimal(equity)));
  }

  /** The books a position book would report, numbered from 1. */
  static Books book(String portfolio) {
    return new Books(portfolio);
  }

  /** {@code book(ALPHA).on(MONDAY, "99000", "98500").on(TUESDAY, "99200").snapshots()}. */
  static final class Books {
    private final String portfolio;
    private final List<BookSnapshot> snapshots = new ArrayList<>();

    private Books(String portfolio) {
      this.portfolio = portfolio;
    }

    /** One snapshot per equity on {@code day}, from 10:00 New York, a minute apart. */
    Books on(LocalDate day, String... equities) {
      long time = BreakerTestData.at(day, "10:00");
      for (String equity : equities) {
        at(time, equity);
        time += Duration.ofMinutes(1).toMillis();
      }
      return this;
    }

    Books at(long tsEvent, String equity) {
      snapshots.add(snapshot(portfolio, snapshots.size() + 1L, tsEvent, equity));
      return this;
    }

    List<BookSnapshot> snapshots() {
      return List.copyOf(snapshots);
    }
  }

  static ExecutionReport report(
      String portfolio, String clientOrderId, ExecutionStatus status, long tsEvent) {
    boolean filled = status == ExecutionStatus.FILLED;
    return new ExecutionReport(
        status + "-" + clientOrderId + "-" + tsEvent,
        clientOrderId,
        portfolio,
        "AAPL",
        Side.BUY,
        status,
        filled ? BigDecimal.TEN : BigDecimal.ZERO,
        filled ? new BigDecimal("180") : null,
        filled ? BigDecimal.TEN : BigDecimal.ZERO,
        BigDecimal.ZERO,
        BigDecimal.ZERO,
        tsEvent);
  }

  /** {@code count} orders rejected by the broker, from {@code from}, {@code every} apart. */
  static List<ExecutionReport> rejects(String portfolio, int count, long from, Duration every) {
    return reports(portfolio, ExecutionStatus.REJECTED, count, from, every);
  }

  /** {@code count} orders accepted by the broker, from {@code from}, {@code every} apart. */
  static List<ExecutionReport> accepted(String portfolio, int count, long from, Duration every) {
    return reports(portfolio, ExecutionStatus.ACCEPTED, count, from, every);
  }

  private static List<ExecutionReport> reports(
      String portfolio, ExecutionStatus status, int count, long from, Duration every) {
    List<ExecutionReport> reports = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long ts = from + i * every.toMillis();
      reports.add(report(portfolio, portfolio + "-order-" + ts, status, ts));
    }
    return reports;
  }
}
