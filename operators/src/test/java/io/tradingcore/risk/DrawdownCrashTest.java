package io.tradingcore.risk;

import static io.tradingcore.testing.TestBars.bar;
import static io.tradingcore.testing.TestBars.minute;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.execution.Order;
import io.tradingcore.execution.PaperFillModel;
import io.tradingcore.execution.SimulatedOrder;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.TradingState;
import io.tradingcore.testing.TestReports;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The drawdown limit end to end with the paper fill model: a portfolio long two symbols rides a
 * steady crash; the gate halts, its closing orders fill on the next bars, and the loss stays within
 * the limit plus one bar's move (and the fees).
 */
class DrawdownCrashTest {
  /**
   * Whole fills (the bars trade 1,000, the orders at most 400): this tests the gate, not the cap.
   */
  private static final PaperFillModel FILLS = PaperFillModel.withParticipation(BigDecimal.ONE);

  @Test
  void aCrashEndsFlatAndHaltedWithTheLossBoundedByTheLimitPlusOneBar() {
    GateScenario gate = GateScenario.trading("AAPL", "MSFT");
    List<Order> working = new ArrayList<>();
    gate.bar(1, "AAPL", "100", "MSFT", "100");
    working.add(gate.target("AAPL", "400").orElseThrow());
    working.add(gate.target("MSFT", "300").orElseThrow());

    BigDecimal aapl = new BigDecimal("100");
    BigDecimal msft = new BigDecimal("100");
    BigDecimal largestBarMove = BigDecimal.ZERO;
    int seen = gate.orders.size();
    for (int minute = 2; minute <= 40; minute++) {
      // −0.6 % a bar for AAPL, −0.4 % for MSFT: each bar opens at the last close and falls.
      BigDecimal nextAapl = aapl.multiply(new BigDecimal("0.994")).setScale(4, RoundingMode.DOWN);
      BigDecimal nextMsft = msft.multiply(new BigDecimal("0.996")).setScale(4, RoundingMode.DOWN);
      fill(
          gate,
          working,
          bar("AAPL").atMinute(minute).ohlc(s(aapl), s(aapl), s(nextAapl), s(nextAapl)).build());
      fill(
          gate,
          working,
          bar("MSFT").atMinute(minute).ohlc(s(msft), s(msft), s(nextMsft), s(nextMsft)).build());
      BigDecimal move =
          gate.position("AAPL")
              .abs()
              .multiply(aapl.subtract(nextAapl))
              .add(gate.position("MSFT").abs().multiply(msft.subtract(nextMsft)));
      largestBarMove = largestBarMove.max(move);
      aapl = nextAapl;
      msft = nextMsft;
      gate.bar(minute, "AAPL", s(aapl), "MSFT", s(msft));
      working.addAll(gate.orders.subList(seen, gate.orders.size()));
      seen = gate.orders.size();
    }

    assertThat(gate.state()).isEqualTo(TradingState.HALTED);
    assertThat(gate.position("AAPL")).isZero();
    assertThat(gate.position("MSFT")).isZero();
    assertThat(gate.alerts(RiskReason.DRAWDOWN)).hasSize(1);
    assertThat(gate.alerts(RiskReason.FLATTEN)).as("flat again").isNotEmpty();

    BigDecimal highWaterMark = gate.risk().state().book.highWaterMark();
    BigDecimal fees = gate.risk().state().book.fees();
    BigDecimal loss = highWaterMark.subtract(gate.equity());
    BigDecimal bound = highWaterMark.multiply(new BigDecimal("0.02")).add(largestBarMove).add(fees);
    assertThat(loss).as("loss %s, bound %s", loss, bound).isPositive().isLessThanOrEqualTo(bound);
  }

  /** Fills every working order of the bar's symbol the paper model fills on it. */
  private static void fill(GateScenario gate, List<Order> working, Bar bar) {
    for (Order order : List.copyOf(working)) {
      PaperFillModel.PaperFill fill = FILLS.onBar(new SimulatedOrder(order), bar).fill();
      if (fill == null) {
        continue;
      }
      working.remove(order);
      gate.report(TestReports.filled(order, s(fill.price()), s(fill.fee())));
    }
  }

  private static String s(BigDecimal price) {
    return price.toPlainString();
  }
}
