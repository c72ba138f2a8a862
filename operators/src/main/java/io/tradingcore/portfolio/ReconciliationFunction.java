package io.tradingcore.portfolio;

import io.tradingcore.risk.RiskAlert;
import io.tradingcore.schemas.avro.SnapshotTrigger;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by portfolio: reconciles the position book with the broker's statements ({@link
 * Reconciliation}) and raises a {@code RECONCILIATION} HALT on a confirmed break.
 *
 * <p>Input 1: the book's snapshots (the quantities after each fill). Input 2: the statements the
 * broker bridge publishes on {@code positions.broker.v1}; statements of portfolios this job does
 * not trade are counted and ignored.
 */
public final class ReconciliationFunction
    extends KeyedCoProcessFunction<String, BookSnapshot, BrokerStatement, RiskAlert> {
  private static final long serialVersionUID = 1L;

  public static final String STATE = "reconciliation";

  private final Set<String> portfolios;

  private transient ValueState<ReconciliationState> state;
  private transient Counter statements;
  private transient Counter foreignStatements;
  private transient Counter breaks;

  public ReconciliationFunction(List<PortfolioSpec> portfolios) {
    this.portfolios = new TreeSet<>(PortfolioSpec.byName(portfolios).keySet());
  }

  @Override
  public void open(OpenContext context) {
    state =
        getRuntimeContext().getState(new ValueStateDescriptor<>(STATE, ReconciliationState.class));
    statements = getRuntimeContext().getMetricGroup().counter("reconciliation_statements_total");
    foreignStatements =
        getRuntimeContext().getMetricGroup().counter("reconciliation_other_portfolios_total");
    breaks = getRuntimeContext().getMetricGroup().counter("reconciliation_breaks_total");
  }

  @Override
  public void processElement1(BookSnapshot snapshot, Context ctx, Collector<RiskAlert> out)
      throws Exception {
    if (snapshot.trigger() != SnapshotTrigger.FILL) {
      return; // a mark moves prices, never quantities
    }
    ReconciliationState current = current();
    Reconciliation.onFill(current, snapshot.book(), snapshot.fill());
    state.update(current);
  }

  @Override
  public void processElement2(BrokerStatement statement, Context ctx, Collector<RiskAlert> out)
      throws Exception {
    if (!portfolios.contains(statement.portfolio())) {
      foreignStatements.inc();
      return;
    }
    statements.inc();
    ReconciliationState current = current();
    List<Reconciliation.Break> confirmed = Reconciliation.onStatement(current, statement);
    state.update(current);
    if (!confirmed.isEmpty()) {
      breaks.inc(confirmed.size());
      out.collect(Reconciliation.alert(statement, confirmed));
    }
  }

  private ReconciliationState current() throws Exception {
    ReconciliationState existing = state.value();
    return existing == null ? new ReconciliationState() : existing;
  }
}
