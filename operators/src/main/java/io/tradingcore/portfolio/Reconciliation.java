package io.tradingcore.portfolio;

import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.money.Decimals;
import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares the position book with the broker's statements, in plain Java.
 *
 * <p>Fills in flight make differences that are not breaks: the broker has counted a fill whose
 * report the book has not applied yet, or the book has applied a report published after the
 * statement. Statements and reports reach the job on different topics, and after a restart or under
 * back-pressure either may run ahead by any number of statements. A symbol is therefore compared
 * only when the book stands exactly where the statement does: the last fill report the book applied
 * for the symbol is the statement's last one ({@link BrokerPosition#lastFillReport()}), or the
 * statement has none from its bridge run. Reports of a portfolio share one partition of {@code
 * fills.v1} and arrive in order, so the book then holds every fill the statement counts and none
 * after.
 *
 * <p>Even then a remote broker's positions can run ahead of its reports (a fill between the
 * bridge's poll and its position read). A difference is therefore a break only when it is seen,
 * compared, on two consecutive statements of the same bridge run with nothing that could explain it
 * in between: the broker's quantity and its count of fill reports for the symbol are the same on
 * both, and the book's quantity is the same too. A break is raised once; it is raised again only
 * after the symbol has agreed in between.
 *
 * <p>A lost report is found when a later report of the symbol is applied (the book then lacks its
 * fill); a lost last report leaves the symbol uncompared until it trades again.
 */
public final class Reconciliation {
  private Reconciliation() {}

  /** One symbol whose book and broker quantities differ. */
  public record Break(String symbol, BigDecimal book, BigDecimal broker) {
    /** Broker minus book. */
    public BigDecimal difference() {
      return broker.subtract(book);
    }

    String signature() {
      return Decimals.normalize(book).toPlainString()
          + "/"
          + Decimals.normalize(broker).toPlainString();
    }
  }

  /** Records the book's quantities after it applied {@code fill}. */
  public static void onFill(ReconciliationState state, Book book, ExecutionReport fill) {
    Map<String, BigDecimal> quantities = new HashMap<>();
    book.positions().forEach((symbol, position) -> quantities.put(symbol, position.quantity()));
    state.book = quantities;
    state.lastFill.put(fill.symbol(), fill.executionId());
  }

  /**
   * Whether the book stands where {@code statement} does for {@code symbol}: it applied the
   * statement's last fill report of the symbol last, or the statement has none.
   */
  static boolean comparable(ReconciliationState state, BrokerStatement statement, String symbol) {
    String last = statement.lastFillReportOf(symbol);
    return last == null || last.equals(state.lastFill.get(symbol));
  }

  /** The symbols where the book and {@code statement} disagree, in alphabetical order. */
  public static List<Break> differences(Map<String, BigDecimal> book, BrokerStatement statement) {
    TreeSet<String> symbols = new TreeSet<>(book.keySet());
    statement.positions().forEach(p -> symbols.add(p.symbol()));
    List<Break> breaks = new ArrayList<>();
    for (String symbol : symbols) {
      BigDecimal ours = book.getOrDefault(symbol, BigDecimal.ZERO);
      BigDecimal theirs = statement.quantityOf(symbol);
      if (ours.compareTo(theirs) != 0) {
        breaks.add(new Break(symbol, ours, theirs));
      }
    }
    return breaks;
  }

  /**
   * Compares {@code statement} with the book and moves {@code state} on.
   *
   * @return the breaks confirmed by this statement and not raised before; empty for none
   */
  public static List<Break> onStatement(ReconciliationState state, BrokerStatement statement) {
    List<Break> differences = differences(state.book, statement);
    BrokerStatement previous = state.previous;
    boolean consecutive = previous != null && previous.isFollowedBy(statement);
    List<Break> confirmed = new ArrayList<>();
    Map<String, BigDecimal> breaks = new LinkedHashMap<>();
    Map<String, String> raised = new LinkedHashMap<>();
    for (Break difference : differences) {
      String symbol = difference.symbol();
      String already = state.raised.get(symbol);
      if (!comparable(state, statement, symbol)) {
        // Not judged now, and not a first sighting for the next statement either.
        if (already != null) {
          raised.put(symbol, already);
        }
        continue;
      }
      breaks.put(symbol, difference.book());
      BigDecimal bookBefore = state.previousBreaks.get(symbol);
      boolean persisted =
          consecutive
              && bookBefore != null
              && bookBefore.compareTo(difference.book()) == 0
              && previous.quantityOf(symbol).compareTo(difference.broker()) == 0
              && previous.fillReportsOf(symbol) == statement.fillReportsOf(symbol);
      if (persisted && !difference.signature().equals(already)) {
        confirmed.add(difference);
        raised.put(symbol, difference.signature());
      } else if (already != null) {
        raised.put(symbol, already);
      }
    }
    // A break raised before stays raised while its symbol cannot be judged.
    state.raised.forEach(
        (symbol, signature) -> {
          if (!raised.containsKey(symbol) && !comparable(state, statement, symbol)) {
            raised.put(symbol, signature);
          }
        });
    state.previous = statement;
    state.previousBreaks = breaks;
    state.raised = raised;
    return confirmed;
  }

  /**
   * The risk event for {@code breaks} found on {@code statement}: a HALT of the portfolio, naming
   * each symbol with both quantities. Its id derives from the statement, so a replay raises the
   * same.
   */
  public static RiskAlert alert(BrokerStatement statement, List<Break> breaks) {
    if (breaks.isEmpty()) {
      throw new IllegalArgumentException("an alert needs at least one break");
    }
    StringBuilder cause = new StringBuilder("position break with broker ");
    cause.append(statement.broker()).append(": ");
    Map<String, Double> values = new LinkedHashMap<>();
    for (int i = 0; i < breaks.size(); i++) {
      Break b = breaks.get(i);
      if (i > 0) {
        cause.append("; ");
      }
      cause
          .append(b.symbol())
          .append(" broker ")
          .append(Decimals.normalize(b.broker()).toPlainString())
          .append(", book ")
          .append(Decimals.normalize(b.book()).toPlainString())
          .append(" (broker − book = ")
          .append(Decimals.normalize(b.difference()).toPlainString())
          .append(")");
      values.put(b.symbol() + ".broker", b.broker().doubleValue());
      values.put(b.symbol() + ".book", b.book().doubleValue());
      values.put(b.symbol() + ".difference", b.difference().doubleValue());
    }
    cause
        .append(", unchanged over statements ")
        .append(statement.sequence() - 1)
        .append(" and ")
        .append(statement.sequence())
        .append(" of bridge ")
        .append(statement.bridge())
        .append(" with no fill of the symbol in between");
    return RiskAlert.raised(
        "reconciliation",
        statement.portfolio(),
        breaks.size() == 1 ? breaks.get(0).symbol() : null,
        RiskReason.RECONCILIATION,
        Severity.HALT,
        cause.toString(),
        values,
        statement.statementId(),
        statement.asOf());
  }
}
