package io.tradingcore.backtest;

import static io.tradingcore.testing.TestBars.bar;
import static io.tradingcore.testing.TestBars.minute;
import static io.tradingcore.testing.TestFeatures.features;
import static io.tradingcore.testing.TestObservations.observation;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.execution.Order;
import io.tradingcore.execution.PaperFillModel;
import io.tradingcore.marketdata.MarketSessions;
import io.tradingcore.portfolio.BookSnapshot;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.strategy.TargetPosition;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The backtest's gate, venue and book in plain Java, without Flink. */
class BacktestPortfolioTest {
  private static final PortfolioSpec SPEC = BacktestFixtures.MAIN;
  private static final MarketSessions SESSIONS = BacktestFixtures.ROUND_THE_CLOCK;
  private static final PaperFillModel FILLS = BacktestFixtures.TEN_BPS;

  @Test
  void anOrderPlacedWhileABarsTimeIsHandledWaitsForABarEndingLater() {
    Recorder out = new Recorder();
    BacktestPortfolioState state = BacktestPortfolio.open(SPEC);
    // Handling minute 3, the gate releases an order decided at minute 2 (its context came late).
    BacktestPortfolio atMinute3 = new BacktestPortfolio(SPEC, SESSIONS, FILLS, state, minute(3));
    atMinute3.onObservation(
        observation(
                features("AAPL").atMinute(2).close("150"),
                features("MSFT").atMinute(2).close("100"))
            .build(),
        out);
    atMinute3.onTarget(
        new TargetPosition(
            "main", "AAPL", minute(2), BigDecimal.TEN, new BigDecimal("150"), "test@1", "test"),
        out);
    assertThat(out.orders).hasSize(1);
    // Bar 3 starts at the decision, so the fill model alone would fill on it; the venue does not,
    // because the order reached it only while minute 3 was being handled.
    atMinute3.onBar(bar("AAPL").atMinute(3).ohlc("150", "151", "149", "150.5").build(), out);
    assertThat(out.fills()).isEmpty();

    BacktestPortfolio atMinute4 =
        new BacktestPortfolio(SPEC, SESSIONS, FILLS, atMinute3.state(), minute(4));
    atMinute4.onBar(bar("AAPL").atMinute(4).ohlc("152", "153", "151", "152.5").build(), out);

    assertThat(out.fills())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.lastPrice()).isEqualByComparingTo("152");
              assertThat(f.status()).isEqualTo(ExecutionStatus.FILLED);
            });
    assertThat(atMinute4.state().working).isEmpty();
    assertThat(atMinute4.state().book.positionOf("AAPL")).isEqualByComparingTo("10");
  }

  /** Everything the portfolio produced, in order. */
  private static final class Recorder implements BacktestPortfolio.Output {
    final List<Order> orders = new ArrayList<>();
    final List<ExecutionReport> reports = new ArrayList<>();
    final List<BookSnapshot> snapshots = new ArrayList<>();
    final List<RiskAlert> events = new ArrayList<>();

    List<ExecutionReport> fills() {
      return reports.stream().filter(ExecutionReport::isFill).toList();
    }

    @Override
    public void order(Order order) {
      orders.add(order);
    }

    @Override
    public void report(ExecutionReport report) {
      reports.add(report);
    }

    @Override
    public void snapshot(BookSnapshot snapshot) {
      snapshots.add(snapshot);
    }

    @Override
    public void riskEvent(RiskAlert alert) {
      events.add(alert);
    }
  }
}
