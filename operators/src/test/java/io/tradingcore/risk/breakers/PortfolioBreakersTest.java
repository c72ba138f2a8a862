package io.tradingcore.risk.breakers;

import static io.tradingcore.risk.breakers.BreakerTestData.ALPHA;
import static io.tradingcore.risk.breakers.BreakerTestData.BETA;
import static io.tradingcore.risk.breakers.BreakerTestData.MONDAY_10AM;
import static io.tradingcore.risk.breakers.BreakerTestData.kill;
import static io.tradingcore.risk.breakers.BreakerTestData.portfolio;
import static io.tradingcore.risk.breakers.BreakerTestData.report;
import static io.tradingcore.risk.breakers.BreakerTestData.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.portfolio.BookSnapshot;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.risk.OperatorCommand;
import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.avro.ExecutionStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.PhysicalTransformation;
import org.apache.flink.streaming.api.transformations.SourceTransformation;
import org.junit.jupiter.api.Test;

/** The graph {@link PortfolioBreakers#attach} builds, without running it. */
class PortfolioBreakersTest {
  private static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(5);

  private final StreamExecutionEnvironment env =
      StreamExecutionEnvironment.getExecutionEnvironment();
  private final DataStream<BookSnapshot> snapshots =
      env.fromData(snapshot(ALPHA, 1, MONDAY_10AM, "100000"));
  private final DataStream<ExecutionReport> fills =
      env.fromData(report(ALPHA, "o1", ExecutionStatus.ACCEPTED, MONDAY_10AM));
  private final DataStream<OperatorCommand> commands = env.fromData(kill(ALPHA));

  @Test
  void everyOperatorHasABreakerUidAndAReadableName() {
    SingleOutputStreamOperator<RiskAlert> alerts =
        PortfolioBreakers.attach(
            snapshots, fills, commands, List.of(portfolio(ALPHA)), OUT_OF_ORDERNESS);

    List<Transformation<?>> operators =
        alerts.getTransformation().getTransitivePredecessors().stream()
            .filter(t -> t instanceof PhysicalTransformation)
            .filter(t -> !(t instanceof SourceTransformation))
            .toList();

    // Per branch: signals, event time, two filters; five patterns, each with its late map; the
    // alerts operator.
    assertThat(operators).extracting(Transformation::getUid).hasSize(19).doesNotHaveDuplicates();
    assertThat(operators)
        .allSatisfy(
            t -> {
              assertThat(t.getUid()).as("uid of %s", t.getName()).startsWith("breaker-");
              assertThat(t.getName()).startsWith("breaker");
            });
    assertThat(operators)
        .extracting(Transformation::getUid)
        .contains(
            "breaker-book-signals",
            "breaker-fill-signals",
            "breaker-daily-loss",
            "breaker-profit-lock",
            "breaker-losing-streak",
            "breaker-reject-burst",
            "breaker-runaway-orders",
            "breaker-alerts");
  }

  @Test
  void refusesAtStartPortfoliosWhoseWindowsDiffer() {
    List<PortfolioSpec> portfolios =
        List.of(portfolio(ALPHA), portfolio(BETA, Map.of("runaway_window", "5m")));

    assertThatThrownBy(
            () ->
                PortfolioBreakers.attach(snapshots, fills, commands, portfolios, OUT_OF_ORDERNESS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("runaway_window")
        .hasMessageContaining("beta=5m");
  }

  @Test
  void refusesATimingWhoseQuietPeriodOutlastsIdleness() {
    assertThatThrownBy(
            () ->
                new BreakerTiming(
                    Duration.ofSeconds(-1), Duration.ofSeconds(1), Duration.ofSeconds(2)))
        .hasMessageContaining("out-of-orderness must be zero or positive")
        .hasMessageContaining("quiet period (PT2S) must be shorter than idleness (PT1S)");
  }
}
