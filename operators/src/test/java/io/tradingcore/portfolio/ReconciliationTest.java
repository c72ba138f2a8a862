package io.tradingcore.portfolio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import io.tradingcore.schemas.avro.Side;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
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
  void aFillTheBookHasNotAppliedYetIsNoBreak() {
    book(fill("AAPL", Side.BUY, "100"));
    // The broker filled 20 more; the statement overtook the report on the way to the job.
    assertThat(Reconciliation.onStatement(state, statement(1, pos("AAPL", "120", 2)))).isEmpty();
    book(fill("AAPL", Side.BUY, "100"), fill("AAPL", Side.BUY, "20"));

    assertThat(Reconciliation.onStatement(state, statement(2, pos("AAPL", "120", 2)))).isEmpty();
    assertThat(state.previousBreaks).isEmpty();
  }

  @Test
  void theSameDifferenceAfterNewFillsIsNotYetABreak() {
    book(fill("AAPL", Side.BUY, "100"));
    Reconciliation.onStatement(state, statement(1, pos("AAPL", "110", 2)));

    // Between the statements the bridge published another fill of AAPL (count 2 → 3), and the
    // book is again one report behind by the same 10: in flight again, not confirmed.
    book(fill("AAPL", Side.BUY, "110"));
    assertThat(Reconciliation.onStatement(state, statement(2, pos("AAPL", "120", 3)))).isEmpty();
  }

  @Test
  void aDifferenceOnTwoQuietConsecutiveStatementsIsABreakRaisedOnce() {
    book(fill("AAPL", Side.BUY, "100"));
    assertThat(Reconciliation.onStatement(state, statement(1, pos("AAPL", "150", 2)))).isEmpty();

    List<Reconciliation.Break> confirmed =
        Reconciliation.onStatement(state, statement(2, pos("AAPL", "150", 2)));
    assertThat(confirmed).hasSize(1);
    assertThat(confirmed.get(0).book()).isEqualByComparingTo("100");
    assertThat(confirmed.get(0).broker()).isEqualByComparingTo("150");

    assertThat(Reconciliation.onStatement(state, statement(3, pos("AAPL", "150", 2))))
        .as("raised once, not on every statement")
        .isEmpty();
  }

  @Test
  void aBreakThatClearedAndCameBackIsRaisedAgain() {
    book(fill("AAPL", Side.BUY, "100"));
    Reconciliation.onStatement(state, statement(1, pos("AAPL", "150", 2)));
    assertThat(Reconciliation.onStatement(state, statement(2, pos("AAPL", "150", 2)))).hasSize(1);
    Reconciliation.onStatement(state, statement(3, pos("AAPL", "100", 3)));
    assertThat(state.raised).isEmpty();

    Reconciliation.onStatement(state, statement(4, pos("AAPL", "150", 4)));
    assertThat(Reconciliation.onStatement(state, statement(5, pos("AAPL", "150", 4)))).hasSize(1);
  }

  @Test
  void statementsOfDifferentBridgeRunsOrWithAGapAreNotConsecutive() {
    book(fill("AAPL", Side.BUY, "100"));
    Reconciliation.onStatement(state, statement(1, pos("AAPL", "150", 2)));
    BrokerStatement otherRun =
        new BrokerStatement(
            "main", "paper", "bridge", STARTED + 1, 2, STARTED + 2 * INTERVAL, List.of());
    assertThat(Reconciliation.onStatement(state, otherRun))
        .as("a new bridge run starts counting afresh")
        .isEmpty();

    Reconciliation.onStatement(state, statement(5, pos("AAPL", "150", 2)));
    assertThat(Reconciliation.onStatement(state, statement(7, pos("AAPL", "150", 2))))
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

  private void book(Fill... fills) {
    Book book = Book.open("main", new BigDecimal("100000"));
    for (Fill f : fills) {
      book =
          book.applyFill(
              f.symbol, f.side, new BigDecimal(f.quantity), BigDecimal.TEN, BigDecimal.ZERO);
    }
    Reconciliation.onBook(state, book);
  }

  private record Fill(String symbol, Side side, String quantity) {}

  private static Fill fill(String symbol, Side side, String quantity) {
    return new Fill(symbol, side, quantity);
  }

  static BrokerPosition pos(String symbol, String quantity, long fills) {
    return new BrokerPosition(symbol, new BigDecimal(quantity), fills);
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
