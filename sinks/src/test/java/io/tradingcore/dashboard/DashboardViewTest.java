package io.tradingcore.dashboard;

import static io.tradingcore.dashboard.DashboardRecords.fill;
import static io.tradingcore.dashboard.DashboardRecords.mark;
import static io.tradingcore.dashboard.DashboardRecords.order;
import static io.tradingcore.dashboard.DashboardRecords.riskEvent;
import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.avro.ModelUpdate;
import io.tradingcore.schemas.avro.RiskEvent;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import io.tradingcore.schemas.avro.TradingState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DashboardViewTest {
  private static final BigDecimal INITIAL_CASH = new BigDecimal("100000");

  @Test
  void showsTheBookToTheCentFromTheExactDecimals() {
    DashboardView view = new DashboardView(INITIAL_CASH, "momentum@1");

    view.onSnapshot(mark(1, "100000.125", "100000.125"));
    view.onSnapshot(mark(2, "98765.43500001", "100500.005"));

    DashboardView.Book book = view.state(true).portfolios().get(0).book();
    assertThat(book.equity()).isEqualTo("98,765.44");
    assertThat(book.cash()).isEqualTo("82,750.12");
    // Half even: -12.005 → -12.00, 250.125 → 250.12, 3.455 → 3.46, 100500.005 → 100500.00.
    assertThat(book.realizedPnl()).isEqualTo("-12.00");
    assertThat(book.unrealizedPnl()).isEqualTo("+250.12");
    assertThat(book.fees()).isEqualTo("3.46");
    assertThat(book.highWaterMark()).isEqualTo("100,500.00");
    // (98765.43500001 - 100000) / 100000 = -1.23456…%
    assertThat(book.totalReturn()).isEqualTo("-1.23 %");
    // (100500.005 - 98765.43500001) / 100500.005 = 1.72594…%
    assertThat(book.drawdown()).isEqualTo("-1.73 %");
    assertThat(book.maxDrawdown()).isEqualTo("-1.73 %");
    assertThat(book.marketTime()).isEqualTo("2019-02-11 14:33:00");
  }

  @Test
  void keepsTheDeepestDrawdownAfterEquityRecovers() {
    DashboardView view = new DashboardView(INITIAL_CASH, null);

    view.onSnapshot(mark(1, "100000", "100000"));
    view.onSnapshot(mark(2, "97000", "100000"));
    view.onSnapshot(mark(3, "101000", "101000"));

    DashboardView.PortfolioState main = view.state(true).portfolios().get(0);
    assertThat(main.book().drawdown()).isEqualTo("0.00 %");
    assertThat(main.book().maxDrawdown()).isEqualTo("-3.00 %");
    assertThat(main.curve().equity()).containsExactly(100000.0, 97000.0, 101000.0);
    assertThat(main.curve().drawdown()).containsExactly(0.0, 0.03, 0.0);
  }

  @Test
  void aRepeatedSnapshotIsShownOnce() {
    DashboardView view = new DashboardView(INITIAL_CASH, null);

    view.onSnapshot(mark(1, "100000", "100000"));
    view.onSnapshot(mark(2, "100100", "100100"));
    view.onSnapshot(mark(2, "100100", "100100"));
    view.onSnapshot(mark(1, "100000", "100000"));

    assertThat(view.state(true).counts().bars()).isEqualTo(2);
    assertThat(view.state(true).portfolios().get(0).book().sequence()).isEqualTo(2);
  }

  @Test
  void listsOpenPositionsOnlyWithAverageAndUnrealizedPnl() {
    DashboardView view = new DashboardView(INITIAL_CASH, null);

    view.onSnapshot(mark(1, "100000", "100000"));

    assertThat(view.state(true).portfolios().get(0).positions())
        .containsExactly(
            new DashboardView.PositionRow(
                "AAPL", "100", "170.00", "172.50", "17,250.00", "+250.00"));
  }

  @Test
  void countsOrdersFillsAndRejectsAndKeepsTheNewestRowsFirst() {
    DashboardView view = new DashboardView(INITIAL_CASH, "momentum@1");

    for (int i = 1; i <= DashboardView.ROWS + 5; i++) {
      view.onOrder(order(i, "momentum@1"));
    }
    view.onReport(fill("main-1", ExecutionStatus.ACCEPTED, "0"));
    view.onReport(fill("main-1", ExecutionStatus.FILLED, "57"));
    view.onReport(fill("main-2", ExecutionStatus.REJECTED, "0"));

    DashboardView.State state = view.state(true);
    assertThat(state.counts().orders()).isEqualTo(DashboardView.ROWS + 5);
    assertThat(state.counts().fills()).isEqualTo(1);
    assertThat(state.counts().rejects()).isEqualTo(1);
    assertThat(state.orders()).hasSize(DashboardView.ROWS);
    assertThat(state.orders().get(0).clientOrderId()).isEqualTo("main-" + (DashboardView.ROWS + 5));
    assertThat(state.orders().get(0).quantity()).isEqualTo("57");
    assertThat(state.fills().get(0).status()).isEqualTo("REJECTED");
    assertThat(state.fills().get(1).price()).isEqualTo("172.5049");
    assertThat(state.fills().get(1).fee()).isEqualTo("0.98");
  }

  @Test
  void followsTheTradingStateTheRiskGateAnnounces() {
    DashboardView view = new DashboardView(INITIAL_CASH, null);
    view.onSnapshot(mark(1, "100000", "100000"));
    assertThat(view.state(true).portfolios().get(0).tradingState()).isEqualTo("ACTIVE");

    view.onRiskEvent(
        riskEvent(RiskReason.KILL_SWITCH, TradingState.HALTED, "KILL by dashboard:operator: x"));
    assertThat(view.state(true).portfolios().get(0).tradingState()).isEqualTo("HALTED");
    assertThat(view.state(true).portfolios().get(0).tradingStateCause())
        .isEqualTo("KILL by dashboard:operator: x");

    view.onRiskEvent(riskEvent(RiskReason.VOLATILITY_SPIKE, null, "breaker only"));
    view.onRiskEvent(
        RiskEvent.newBuilder(
                riskEvent(RiskReason.TRADING_HALTED, TradingState.HALTED, "main is HALTED"))
            .setSeverity(Severity.DENY)
            .build());
    assertThat(view.state(true).portfolios().get(0).tradingState()).isEqualTo("HALTED");
    assertThat(view.state(true).portfolios().get(0).tradingStateCause())
        .as("a denial while halted does not hide why")
        .isEqualTo("KILL by dashboard:operator: x");

    view.onRiskEvent(riskEvent(RiskReason.TRADING_STATE, TradingState.ACTIVE, "RESUME"));
    DashboardView.State state = view.state(true);
    assertThat(state.portfolios().get(0).tradingState()).isEqualTo("ACTIVE");
    assertThat(state.counts().riskEvents()).isEqualTo(4);
    assertThat(state.riskEvents().get(0).reason()).isEqualTo("TRADING_STATE");
  }

  @Test
  void theModelIsWhatTheNewestOrderOrActivationSays() {
    DashboardView view = new DashboardView(INITIAL_CASH, "ppo-lstm-1");
    assertThat(view.state(true).model().deciding()).isEqualTo("ppo-lstm-1");

    view.onOrder(order(1, "ppo-lstm@2"));
    assertThat(view.state(true).model().deciding()).isEqualTo("ppo-lstm@2");

    view.onModelUpdate(
        ModelUpdate.newBuilder()
            .setModelName("ppo-lstm")
            .setVersion("3")
            .setSha256("00")
            .setContract(
                io.tradingcore.schemas.avro.FeatureContract.newBuilder()
                    .setSymbols(List.of("AAPL"))
                    .setFeatureNames(List.of("f"))
                    .setFeatureSetVersion("asset-v1")
                    .setNormalizationMean(List.of(0.0))
                    .setNormalizationStd(List.of(1.0))
                    .setActions(List.of("AAPL:HOLD"))
                    .build())
            .setCreatedAt(Instant.parse("2026-11-21T10:00:00Z"))
            .build());
    assertThat(view.state(true).model().lastRelease())
        .isEqualTo("ppo-lstm@3 (exported 2026-11-21 10:00:00 UTC)");
    assertThat(view.state(true).model().deciding()).isEqualTo("ppo-lstm@2");

    view.onRiskEvent(
        riskEvent(RiskReason.MODEL_ACTIVATED, null, "ppo-lstm@3 now decides (was ppo-lstm@2)"));
    assertThat(view.state(true).model().deciding()).isEqualTo("ppo-lstm@3");
  }

  @Test
  void countsUndecodableRecordsByTopic() {
    DashboardView view = new DashboardView(INITIAL_CASH, null);

    view.onUndecodable("portfolio.v1");
    view.onUndecodable("portfolio.v1");
    view.onUndecodable("fills.v1");

    assertThat(view.state(true).counts().skipped())
        .containsEntry("portfolio.v1", 2L)
        .containsEntry("fills.v1", 1L);
  }

  @Test
  void withoutInitialCashReturnsAreMeasuredFromTheFirstEquitySeen() {
    DashboardView view = new DashboardView(null, null);

    view.onSnapshot(mark(7, "50000", "50000"));
    view.onSnapshot(mark(8, "50500", "50500"));

    DashboardView.Book book = view.state(false).portfolios().get(0).book();
    assertThat(book.baseline()).isEqualTo("50,000.00");
    assertThat(book.totalReturn()).isEqualTo("+1.00 %");
  }
}
