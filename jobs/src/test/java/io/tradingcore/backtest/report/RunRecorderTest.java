package io.tradingcore.backtest.report;

import static io.tradingcore.backtest.report.Runs.dec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingcore.codec.AvroMapping;
import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.portfolio.Book;
import io.tradingcore.portfolio.BookSnapshot;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.avro.PortfolioSnapshot;
import io.tradingcore.schemas.avro.Side;
import io.tradingcore.schemas.avro.SnapshotTrigger;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The records a backtest's job writes, made by the position book's own {@link Book} and mapped to
 * the wire as the job maps them, turned back into a run.
 */
class RunRecorderTest {
  private static final String PORTFOLIO = "p1";
  private static final BigDecimal CASH = dec("10000");
  private static final long T1 = Instant.parse("2019-02-11T14:31:00Z").toEpochMilli();
  private static final long T2 = T1 + 60_000;
  private static final long T3 = T2 + 60_000;

  /** What the job emits for three bars of AAPL and MSFT and one AAPL buy filled on bar 2. */
  private final List<PortfolioSnapshot> snapshots = new ArrayList<>();

  private final ExecutionReport fill =
      report("e-1", PORTFOLIO, "AAPL", Side.BUY, "10", "101", "0.10", T1);

  private Book book = Book.open(PORTFOLIO, CASH);

  RunRecorderTest() {
    mark("AAPL", "100", T1);
    mark("MSFT", "50", T1);
    mark("AAPL", "102", T2);
    mark("MSFT", "51", T2);
    // The fill of bar 2 (stamped with its start, T1) arrives after bar 2's marks.
    book = book.applyFill("AAPL", Side.BUY, dec("10"), dec("101"), dec("0.10"));
    snapshots.add(
        AvroMapping.toAvro(
            new BookSnapshot(snapshots.size() + 1, SnapshotTrigger.FILL, T1, book, fill)));
    mark("AAPL", "103", T3);
    mark("MSFT", "49", T3);
  }

  @Test
  void makesOneStepPerBarEndWithTheBookBeforeTheNextBar() {
    RunRecorder recorder =
        new RunRecorder(PORTFOLIO, "policy", CASH, BarsPerYear.US_EQUITY_MINUTES);
    // Snapshots in any order: they are numbered.
    List<PortfolioSnapshot> shuffled = new ArrayList<>(snapshots);
    Collections.reverse(shuffled);
    shuffled.forEach(recorder::accept);
    recorder.accept(fill);

    BacktestRun run = recorder.toRun();

    // Step 2 holds the fill valued at bar 2's close: 10000 − 1010 − 0.10 + 10·102 = 10009.90.
    // Step 3: 10000 − 1010.10 + 10·103 = 10019.90.
    assertThat(run.steps()).extracting(EquityPoint::timeMillis).containsExactly(T1, T2, T3);
    assertThat(run.steps())
        .extracting(EquityPoint::equity)
        .usingElementComparator(BigDecimal::compareTo)
        .containsExactly(dec("10000"), dec("10009.90"), dec("10019.90"));
    assertThat(run.steps())
        .extracting(EquityPoint::grossExposure)
        .usingElementComparator(BigDecimal::compareTo)
        .containsExactly(dec("0"), dec("1020"), dec("1030"));
    assertThat(run.fills())
        .containsExactly(new Fill(T1, "AAPL", Side.BUY, dec("10"), dec("101"), dec("0.10")));
    assertThat(run.finalMarks()).containsEntry("AAPL", dec("103.00000000"));
    PerformanceMetrics m = PerformanceMetrics.of(run);
    assertThat(m.assets().get("AAPL").netPnl()).isEqualByComparingTo("19.90");
    assertThat(m.unattributedPnl()).isEqualByComparingTo("0");
  }

  @Test
  void skipsOtherPortfoliosReportsWithoutFillAndReportsDeliveredTwice() {
    RunRecorder recorder =
        new RunRecorder(PORTFOLIO, "policy", CASH, BarsPerYear.US_EQUITY_MINUTES);
    snapshots.forEach(recorder::accept);
    recorder.accept(fill);
    recorder.accept(fill);
    recorder.accept(report("e-2", "other", "AAPL", Side.BUY, "5", "101", "0.05", T1));
    recorder.accept(
        new ExecutionReport(
            "e-3",
            "o-3",
            PORTFOLIO,
            "AAPL",
            Side.SELL,
            ExecutionStatus.ACCEPTED,
            BigDecimal.ZERO,
            null,
            BigDecimal.ZERO,
            dec("1"),
            BigDecimal.ZERO,
            T2));
    recorder.accept(
        AvroMapping.toAvro(
            new BookSnapshot(1, SnapshotTrigger.MARK, T1, Book.open("other", dec("5")))));

    BacktestRun run = recorder.toRun();

    assertThat(run.fills()).hasSize(1);
    assertThat(recorder.skippedReports()).isEqualTo(3);
    assertThat(run.steps()).hasSize(3);
  }

  @Test
  void refusesAMissingSnapshot() {
    RunRecorder recorder =
        new RunRecorder(PORTFOLIO, "policy", CASH, BarsPerYear.US_EQUITY_MINUTES);
    snapshots.stream().filter(s -> s.getSequence() != 3).forEach(recorder::accept);

    assertThatThrownBy(recorder::toRun)
        .hasMessageContaining("snapshot 3 of portfolio p1 is missing (next is 4)");
  }

  @Test
  void refusesSnapshotsOfAnotherInitialCash() {
    RunRecorder recorder = new RunRecorder(PORTFOLIO, "policy", dec("20000"), 98_280);
    snapshots.forEach(recorder::accept);

    assertThatThrownBy(recorder::toRun)
        .hasMessageContaining("snapshot 1 implies an initial cash of 10000")
        .hasMessageContaining("not 20000");
  }

  @Test
  void refusesTwoDifferentSnapshotsUnderOneNumber() {
    RunRecorder recorder = new RunRecorder(PORTFOLIO, "policy", CASH, 98_280);
    recorder.accept(snapshots.get(0));

    assertThatThrownBy(
            () ->
                recorder.accept(
                    PortfolioSnapshot.newBuilder(snapshots.get(4)).setSequence(1).build()))
        .hasMessageContaining("two different snapshots numbered 1");
  }

  private void mark(String symbol, String price, long time) {
    book = book.mark(symbol, dec(price));
    snapshots.add(
        AvroMapping.toAvro(
            new BookSnapshot(snapshots.size() + 1, SnapshotTrigger.MARK, time, book)));
  }

  private static ExecutionReport report(
      String id,
      String portfolio,
      String symbol,
      Side side,
      String qty,
      String price,
      String fee,
      long time) {
    return new ExecutionReport(
        id,
        "order-" + id,
        portfolio,
        symbol,
        side,
        ExecutionStatus.FILLED,
        dec(qty),
        dec(price),
        dec(qty),
        BigDecimal.ZERO,
        dec(fee),
        time);
  }
}
