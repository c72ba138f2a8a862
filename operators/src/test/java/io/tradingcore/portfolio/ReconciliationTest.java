package io.tradingcore.portfolio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import io.tradingcore.schemas.avro.Side;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconciliationTest {
  private static final long STARTED = 1_700_000_000_000L;
  private static final long INTERVAL = 60_000L;

  private final ReconciliationState state = new ReconciliationState();

  @Test
  void aBookThatAgreesWithTheBrokerHasNoBreaks() {
    assertThat(againstLongAaplShortMsft(pos("AAPL", "100.00", 1), pos("MSFT", "-12.5", 1)))
        .as("scale does not matter, only the number")
        .isEmpty();
  }

  @Test
  void listsEverySymbolThatDiffersWithBothQuantities() {
    List<Reconciliation.Break> differences =
        againstLongAaplShortMsft(pos("AAPL", "150", 2), pos("TSLA", "7", 1));

    // AAPL: broker 150, book 100 → +50; MSFT: broker flat, book −12.5 → +12.5; TSLA: 7 vs none.
    assertThat(differences)
        .extracting(Reconciliation.Break::symbol)
        .containsExactly("AAPL", "MSFT", "TSLA");
    assertThat(differences.get(0).difference()).isEqualByComparingTo("50");
    assertThat(differences.get(1).difference()).isEqualByComparingTo("12.5");
    assertThat(differences.get(2).book()).isEqualByComparingTo("0");
    assertThat(differences.get(2).broker()).isEqualByComparingTo("7");
  }

  @Test
  void aStatementAheadOfTheBookIsNotJudgedHoweverLongItTakes() {
    book(fill("AAPL", Side.BUY, "100"));
    // The broker filled 20 more (report AAPL#2); statements overtook the report on the way to the
    // job, as after a restart when statements and reports are read back at different speeds.
    for (long n = 1; n <= 5; n++) {
      assertThat(Reconciliation.onStatement(state, statement(n, pos("AAPL", "120", 2))))
          .as("statement %d", n)
          .isEmpty();
    }
    assertThat(state.previousBreaks).as("nothing pending").isEmpty();

    book(fill("AAPL", Side.BUY, "100"), fill("AAPL", Side.BUY, "20"));
    assertThat(Reconciliation.onStatement(state, statement(6, pos("AAPL", "120", 2)))).isEmpty();
    assertThat(Reconciliation.onStatement(state, statement(7, pos("AAPL", "120", 2)))).isEmpty();
  }

  @Test
  void aBookAheadOfTheStatementIsNotJudged() {
    // The book applied AAPL#2, a report published after the statements that count only AAPL#1.
    book(fill("AAPL", Side.BUY, "100"), fill("AAPL", Side.BUY, "20"));

    assertThat(Reconciliation.onStatement(state, statement(1, pos("AAPL", "100", 1)))).isEmpty();
    assertThat(Reconciliation.onStatement(state, statement(2, pos("AAPL", "100", 1)))).isEmpty();
  }

  @Test
  void theSameDifferenceAfterNewFillsIsNotYetABreak() {
    // The broker holds 10 AAPL the book never saw (a trade outside the bridge).
    book(fill("AAPL", Side.BUY, "100"));
    Reconciliation.onStatement(state, statement(1, pos("AAPL", "110", 1)));

    // Between the statements the bridge published another fill of AAPL (count 1 → 2) and the
    // book applied it: the same difference of 10, but not on two quiet statements.
    book(fill("AAPL", Side.BUY, "100"), fill("AAPL", Side.BUY, "10"));
    assertThat(Reconciliation.onStatement(state, statement(2, pos("AAPL", "120", 2)))).isEmpty();

    assertThat(Reconciliation.onStatement(state, statement(3, pos("AAPL", "120", 2))))
        .extracting(Reconciliation.Break::difference)
        .containsExactly(new BigDecimal("10"));
  }

  @Test
  void aDifferenceOnTwoQuietConsecutiveStatementsIsABreakRaisedOnce() {
    book(fill("AAPL", Side.BUY, "100"));
    // 50 AAPL at the broker that no report of this bridge run explains.
    assertThat(Reconciliation.onStatement(state, statement(1, pos("AAPL", "150", 1)))).isEmpty();

    List<Reconciliation.Break> confirmed =
        Reconciliation.onStatement(state, statement(2, pos("AAPL", "150", 1)));
    assertThat(confirmed).hasSize(1);
    assertThat(confirmed.get(0).book()).isEqualByComparingTo("100");
    assertThat(confirmed.get(0).broker()).isEqualByComparingTo("150");

    assertThat(Reconciliation.onStatement(state, statement(3, pos("AAPL", "150", 1))))
        .as("raised once, not on every statement")
        .isEmpty();
  }

  @Test
  void aLostReportIsFoundOnceALaterReportOfTheSymbolIsApplied() {
    // The bridge published AAPL#1 (100) and AAPL#2 (20); the book lost AAPL#1 and applied AAPL#2
    // as its first fill of the symbol.
    book("AAPL#2", fill("AAPL", Side.BUY, "20"));

    Reconciliation.onStatement(state, statement(1, pos("AAPL", "120", 2)));
    assertThat(Reconciliation.onStatement(state, statement(2, pos("AAPL", "120", 2))))
        .extracting(Reconciliation.Break::difference)
        .containsExactly(new BigDecimal("100"));
  }

  @Test
  void aSymbolWithNoReportInTheBridgeRunIsJudgedOnTheBooksQuantity() {
    // A new bridge run has published nothing for MSFT; the paper broker restarted flat.
    book(fill("MSFT", Side.BUY, "30"));
    Reconciliation.onStatement(state, statement(1, pos("MSFT", "0", 0)));

    assertThat(Reconciliation.onStatement(state, statement(2, pos("MSFT", "0", 0))))
        .extracting(Reconciliation.Break::book, Reconciliation.Break::broker)
        .containsExactly(tuple(new BigDecimal("30"), BigDecimal.ZERO));
  }

  @Test
  void aBreakThatClearedAndCameBackIsRaisedAgain() {
    book(fill("AAPL", Side.BUY, "100"));
    Reconciliation.onStatement(state, statement(1, pos("AAPL", "150", 1)));
    assertThat(Reconciliation.onStatement(state, statement(2, pos("AAPL", "150", 1)))).hasSize(1);
    Reconciliation.onStatement(state, statement(3, pos("AAPL", "100", 1)));
    assertThat(state.raised).isEmpty();

    Reconciliation.onStatement(state, statement(4, pos("AAPL", "150", 1)));
    assertThat(Reconciliation.onStatement(state, statement(5, pos("AAPL", "150", 1)))).hasSize(1);
  }

  @Test
  void aRaisedBreakStaysRaisedWhileItsSymbolCannotBeJudged() {
    book(fill("AAPL", Side.BUY, "100"));
    Reconciliation.onStatement(state, statement(1, pos("AAPL", "150", 1)));
    assertThat(Reconciliation.onStatement(state, statement(2, pos("AAPL", "150", 1)))).hasSize(1);

    // The book's last report of AAPL is now one statement 3 does not count: AAPL is not judged.
    book("AAPL#3", fill("AAPL", Side.BUY, "100"));
    assertThat(Reconciliation.onStatement(state, statement(3, pos("AAPL", "150", 1)))).isEmpty();
    assertThat(state.raised).containsKey("AAPL");

    // Judged again on 4 and 5 with the same quantities: the same break, not raised twice.
    assertThat(Reconciliation.onStatement(state, statement(4, pos("AAPL", "150", 3)))).isEmpty();
    assertThat(Reconciliation.onStatement(state, statement(5, pos("AAPL", "150", 3)))).isEmpty();
  }

  @Test
  void statementsOfDifferentBridgeRunsOrWithAGapAreNotConsecutive() {
    book(fill("AAPL", Side.BUY, "100"));
    Reconciliation.onStatement(state, statement(1, pos("AAPL", "150", 1)));
    BrokerStatement otherRun =
        new BrokerStatement(
            "main", "paper", "bridge", STARTED + 1, 2, STARTED + 2 * INTERVAL, List.of());
    assertThat(Reconciliation.onStatement(state, otherRun))
        .as("a new bridge run starts counting afresh")
        .isEmpty();

    Reconciliation.onStatement(state, statement(5, pos("AAPL", "150", 1)));
    assertThat(Reconciliation.onStatement(state, statement(7, pos("AAPL", "150", 1))))
        .as("statement 6 went missing: 5 and 7 are not consecutive")
        .isEmpty();
  }

  @Test
  void theAlertHaltsAndNamesEverySymbolWithBothQuantities() {
    BrokerStatement statement = statement(2, pos("AAPL", "150", 2), pos("MSFT", "0", 1));
    List<Reconciliation.Break> breaks =
        List.of(
            new Reconciliation.Break("AAPL", new BigDecimal("100"), new BigDecimal("150")),
            new Reconciliation.Break("MSFT", new BigDecimal("-12.5"), BigDecimal.ZERO));

    RiskAlert alert = Reconciliation.alert(statement, breaks);

    assertThat(alert.reason()).isEqualTo(RiskReason.RECONCILIATION);
    assertThat(alert.severity()).isEqualTo(Severity.HALT);
    assertThat(alert.portfolio()).isEqualTo("main");
    assertThat(alert.symbol()).as("several symbols: the whole portfolio").isNull();
    assertThat(alert.cause())
        .contains("AAPL broker 150, book 100 (broker − book = 50)")
        .contains("MSFT broker 0, book -12.5 (broker − book = 12.5)")
        .contains("statements 1 and 2 of bridge bridge");
    assertThat(alert.values())
        .containsOnly(
            entry("AAPL.broker", 150.0),
            entry("AAPL.book", 100.0),
            entry("AAPL.difference", 50.0),
            entry("MSFT.broker", 0.0),
            entry("MSFT.book", -12.5),
            entry("MSFT.difference", 12.5));
    assertThat(alert.tsEvent()).isEqualTo(STARTED + 2 * INTERVAL);
    assertThat(alert.causationId()).isEqualTo("bridge@" + STARTED + "/main#2");
    assertThat(Reconciliation.alert(statement, breaks).eventId())
        .as("deterministic id")
        .isEqualTo(alert.eventId());
  }

  /** The differences between a book long 100 AAPL and short 12.5 MSFT and a statement. */
  private List<Reconciliation.Break> againstLongAaplShortMsft(BrokerPosition... broker) {
    book(fill("AAPL", Side.BUY, "100"), fill("MSFT", Side.SELL, "12.5"));
    return Reconciliation.differences(state.book, statement(1, broker));
  }

  /** A book that applied {@code fills}, reported as SYMBOL#1, SYMBOL#2, ... per symbol. */
  private void book(Fill... fills) {
    book(null, fills);
  }

  /** As {@link #book(Fill...)}, with the last fill reported as {@code lastId} when not null. */
  private void book(String lastId, Fill... fills) {
    Book book = Book.open("main", new BigDecimal("100000"));
    Map<String, Integer> numbers = new HashMap<>();
    for (int i = 0; i < fills.length; i++) {
      Fill f = fills[i];
      int number = numbers.merge(f.symbol, 1, Integer::sum);
      String id = i == fills.length - 1 && lastId != null ? lastId : f.symbol + "#" + number;
      BigDecimal quantity = new BigDecimal(f.quantity);
      book = book.applyFill(f.symbol, f.side, quantity, BigDecimal.TEN, BigDecimal.ZERO);
      Reconciliation.onFill(
          state,
          book,
          new ExecutionReport(
              id,
              "order-" + id,
              "main",
              f.symbol,
              f.side,
              ExecutionStatus.FILLED,
              quantity,
              BigDecimal.TEN,
              quantity,
              BigDecimal.ZERO,
              BigDecimal.ZERO,
              0L));
    }
  }

  private record Fill(String symbol, Side side, String quantity) {}

  private static Fill fill(String symbol, Side side, String quantity) {
    return new Fill(symbol, side, quantity);
  }

  /** The broker's line: {@code fills} reports of the symbol in this run, the last SYMBOL#fills. */
  static BrokerPosition pos(String symbol, String quantity, long fills) {
    return new BrokerPosition(
        symbol, new BigDecimal(quantity), fills, fills == 0 ? null : symbol + "#" + fills);
  }

  static BrokerStatement statement(long sequence, BrokerPosition... positions) {
    return new BrokerStatement(
        "main",
        "paper",
        "bridge",
        STARTED,
        sequence,
        STARTED + sequence * INTERVAL,
        new ArrayList<>(List.of(positions)));
  }
}
