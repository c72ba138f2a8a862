package io.tradingcore.backtest;

import io.tradingcore.execution.ExecutionReport;
import io.tradingcore.execution.Order;
import io.tradingcore.execution.PaperFillModel;
import io.tradingcore.marketdata.MarketSessions;
import io.tradingcore.portfolio.BookSnapshot;
import io.tradingcore.portfolio.PortfolioSpec;
import io.tradingcore.risk.RiskAlert;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by portfolio: the backtest's risk gate, simulated venue and position book ({@link
 * BacktestPortfolio}), with its inputs handled in event-time order only.
 *
 * <p>Why it buffers: in the live job the gate judges a target against whatever market context has
 * arrived, and breaker events race targets, so the outcome can depend on thread timing. Here every
 * input waits in keyed state under its event time until the watermark passes it (an event-time
 * timer), and then all inputs of that time are handled sorted by {@link
 * BacktestInput#SAME_TIME_ORDER} (kind, then content). Arrival order, which changes with the
 * parallelism, never matters: the same bars, configuration and seed give the same records in the
 * same order.
 *
 * <p>An input behind the watermark could not be put in its place, so it fails the job instead of
 * being handled out of order. Thin: the logic is in {@link BacktestPortfolio}.
 */
public final class BacktestPortfolioFunction
    extends KeyedProcessFunction<String, BacktestInput, BacktestRecord> {
  private static final long serialVersionUID = 1L;

  public static final String STATE = "backtest-portfolio";
  public static final String PENDING = "backtest-pending-inputs";

  private final Map<String, PortfolioSpec> portfolios;
  private final MarketSessions sessions;
  private final PaperFillModel fills;
  private final ExtraRun run;

  private transient ValueState<BacktestPortfolioState> state;
  private transient MapState<Long, List<BacktestInput>> pending;

  public BacktestPortfolioFunction(
      List<PortfolioSpec> portfolios, MarketSessions sessions, PaperFillModel fills) {
    this(portfolios, sessions, fills, null);
  }

  /**
   * @param run the extra run whose portfolios this operator keeps, written on every record it
   *     produces, or {@code null} for the primary run
   */
  public BacktestPortfolioFunction(
      List<PortfolioSpec> portfolios, MarketSessions sessions, PaperFillModel fills, ExtraRun run) {
    this.portfolios = PortfolioSpec.byName(portfolios);
    this.sessions = sessions;
    this.fills = fills;
    this.run = run;
  }

  @Override
  public void open(OpenContext context) {
    state =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    STATE, TypeInformation.of(BacktestPortfolioState.class)));
    pending =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    PENDING, Types.LONG, Types.LIST(TypeInformation.of(BacktestInput.class))));
  }

  @Override
  public void processElement(BacktestInput input, Context ctx, Collector<BacktestRecord> out)
      throws Exception {
    if (!portfolios.containsKey(input.portfolio())) {
      throw new IllegalStateException("backtest input for unconfigured portfolio: " + input);
    }
    Long time = ctx.timestamp();
    if (time == null) {
      throw new IllegalStateException("backtest input without an event time: " + input);
    }
    long watermark = ctx.timerService().currentWatermark();
    if (time <= watermark) {
      throw new IllegalStateException(
          "backtest input at "
              + time
              + " arrived behind the watermark "
              + watermark
              + ", so it cannot be handled in event-time order: "
              + input);
    }
    List<BacktestInput> atTime = pending.get(time);
    if (atTime == null) {
      atTime = new ArrayList<>();
      ctx.timerService().registerEventTimeTimer(time);
    }
    atTime.add(input);
    pending.put(time, atTime);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<BacktestRecord> out)
      throws Exception {
    List<BacktestInput> inputs = new ArrayList<>(pending.get(timestamp));
    pending.remove(timestamp);
    inputs.sort(BacktestInput.SAME_TIME_ORDER);
    PortfolioSpec spec = portfolios.get(ctx.getCurrentKey());
    BacktestPortfolioState current = state.value();
    BacktestPortfolio portfolio =
        new BacktestPortfolio(
            spec,
            sessions,
            fills,
            current == null ? BacktestPortfolio.open(spec) : current,
            timestamp);
    BacktestPortfolio.Output output = output(out);
    for (BacktestInput input : inputs) {
      switch (input.kind) {
        case BAR -> portfolio.onBar(input.bar.bar(), output);
        case BREAKER -> portfolio.onBreaker(input.alert, output);
        case COMMAND -> portfolio.onCommand(input.command, output);
        case OBSERVATION -> portfolio.onObservation(input.observation, output);
        case TARGET -> portfolio.onTarget(input.target, output);
        case EVENT -> output.riskEvent(input.alert);
        default -> throw new IllegalStateException("unknown backtest input " + input);
      }
    }
    state.update(portfolio.state());
  }

  private BacktestPortfolio.Output output(Collector<BacktestRecord> out) {
    return new BacktestPortfolio.Output() {
      @Override
      public void order(Order order) {
        emit(BacktestRecord.of(order));
      }

      @Override
      public void report(ExecutionReport report) {
        emit(BacktestRecord.of(report));
      }

      @Override
      public void snapshot(BookSnapshot snapshot) {
        emit(BacktestRecord.of(snapshot));
      }

      @Override
      public void riskEvent(RiskAlert alert) {
        emit(BacktestRecord.of(alert));
      }

      private void emit(BacktestRecord record) {
        record.run = run;
        out.collect(record);
      }
    };
  }
}
