package io.tradingcore.local;

import io.tradingcore.schemas.avro.PortfolioSnapshot;
import io.tradingcore.schemas.avro.PositionSnapshot;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;

/** What a local run did, printed at its end. */
public record RunSummary(
    long barsReplayed,
    long barsMarked,
    long ordersCommitted,
    long fills,
    long rejects,
    long riskEvents,
    long quarantined,
    BigDecimal initialCash,
    BigDecimal finalEquity,
    double totalReturn,
    double maxDrawdown,
    PortfolioSnapshot lastSnapshot,
    Duration elapsed,
    long ticksReplayed) {

  /** A run that replayed bars. */
  public RunSummary(
      long barsReplayed,
      long barsMarked,
      long ordersCommitted,
      long fills,
      long rejects,
      long riskEvents,
      long quarantined,
      BigDecimal initialCash,
      BigDecimal finalEquity,
      double totalReturn,
      double maxDrawdown,
      PortfolioSnapshot lastSnapshot,
      Duration elapsed) {
    this(
        barsReplayed,
        barsMarked,
        ordersCommitted,
        fills,
        rejects,
        riskEvents,
        quarantined,
        initialCash,
        finalEquity,
        totalReturn,
        maxDrawdown,
        lastSnapshot,
        elapsed,
        0);
  }

  /** Orders the broker had not finished with at the end (waiting for a bar that never came). */
  public long openOrders() {
    return Math.max(0, ordersCommitted - fills - rejects);
  }

  public void print(PrintStream out) {
    out.println();
    out.println("Summary");
    if (ticksReplayed > 0) {
      line(
          out,
          "Ticks",
          String.format(
              Locale.ROOT,
              "%,d replayed, aggregated in the job; %,d bars marked in the book",
              ticksReplayed,
              barsMarked));
    } else {
      line(
          out,
          "Bars",
          String.format(
              Locale.ROOT, "%,d replayed, %,d marked in the book", barsReplayed, barsMarked));
    }
    line(
        out,
        "Orders",
        String.format(
            Locale.ROOT,
            "%,d committed, %,d filled, %,d rejected, %,d still open",
            ordersCommitted,
            fills,
            rejects,
            openOrders()));
    line(out, "Initial cash", money(initialCash));
    line(out, "Final equity", money(finalEquity));
    line(out, "Return", String.format(Locale.ROOT, "%+.3f %%", totalReturn * 100));
    line(out, "Max drawdown", String.format(Locale.ROOT, "%.3f %%", maxDrawdown * 100));
    if (lastSnapshot != null) {
      line(
          out,
          "P&L",
          "realised "
              + money(lastSnapshot.getRealizedPnl())
              + ", unrealised "
              + money(lastSnapshot.getUnrealizedPnl())
              + ", fees "
              + money(lastSnapshot.getFees()));
      StringBuilder positions = new StringBuilder();
      for (PositionSnapshot p : lastSnapshot.getPositions()) {
        if (positions.length() > 0) {
          positions.append(", ");
        }
        positions
            .append(p.getSymbol())
            .append(' ')
            .append(p.getQuantity().stripTrailingZeros().toPlainString())
            .append(" @ ")
            .append(p.getMarketPrice().stripTrailingZeros().toPlainString());
      }
      line(out, "Positions", positions.length() == 0 ? "none" : positions.toString());
    }
    line(out, "Risk events", String.format(Locale.ROOT, "%,d", riskEvents));
    line(out, "Quarantined", String.format(Locale.ROOT, "%,d records", quarantined));
    line(out, "Wall time", String.format(Locale.ROOT, "%.1f s", elapsed.toMillis() / 1000.0));
  }

  private static void line(PrintStream out, String label, String value) {
    out.printf(Locale.ROOT, "  %-14s %s%n", label, value);
  }

  static String money(BigDecimal value) {
    return String.format(Locale.ROOT, "%,.2f", value.setScale(2, RoundingMode.HALF_EVEN));
  }
}
