package io.tradingcore.marketdata;

import io.tradingcore.schemas.avro.QuarantineReason;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.FlinkRuntimeException;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by symbol: turns ticks into bars in event time with a {@link TickBarBuilder}. Each open
 * interval is one entry of keyed map state (by interval start) with an event-time timer at its end;
 * when the watermark reaches it the bar is emitted, with the interval's end as its timestamp, and
 * its state is removed.
 *
 * <p>Refused ticks (implausible, duplicate, late) go to {@link #QUARANTINE} with their reason and a
 * count per reason ({@code records_quarantined_total}, group {@code reason}); late ones are also
 * counted in {@code ticks_late_total}. A symbol that goes quiet keeps only its tick-rule reference,
 * and only for the builder's tick-rule memory (an event-time timer drops it).
 */
public final class TickAggregationFunction extends KeyedProcessFunction<String, Tick, Bar> {
  private static final long serialVersionUID = 1L;

  public static final String OPEN_BARS_STATE = "tick-bars-open";
  public static final String TRADE_IDS_STATE = "tick-bars-trade-ids";
  public static final String TICK_RULE_STATE = "tick-bars-tick-rule";
  public static final String DETECTED_BY = "tick-aggregation";
  public static final OutputTag<Quarantined> QUARANTINE =
      new OutputTag<>("ticks-refused", TypeInformation.of(Quarantined.class));

  private final TickBarBuilder builder;
  private final String sourceTopic;

  private transient MapState<Long, OpenBar> openBars;
  private transient MapState<String, Long> tradeIds;
  private transient ValueState<TickRuleMemory> tickRule;
  private transient TickBarStore store;
  private transient Counter late;
  private transient Map<QuarantineReason, Counter> refused;

  /**
   * @param sourceTopic where the ticks come from, named in quarantine records
   */
  public TickAggregationFunction(TickBarBuilder builder, String sourceTopic) {
    this.builder = builder;
    this.sourceTopic = sourceTopic;
  }

  @Override
  public void open(OpenContext context) {
    openBars =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>(
                    OPEN_BARS_STATE, Types.LONG, TypeInformation.of(OpenBar.class)));
    tradeIds =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>(TRADE_IDS_STATE, Types.STRING, Types.LONG));
    tickRule =
        getRuntimeContext()
            .getState(
                new ValueStateDescriptor<>(
                    TICK_RULE_STATE, TypeInformation.of(TickRuleMemory.class)));
    store = new KeyedStateStore();
    late = getRuntimeContext().getMetricGroup().counter("ticks_late_total");
    refused = new EnumMap<>(QuarantineReason.class);
  }

  @Override
  public void processElement(Tick tick, Context ctx, Collector<Bar> out) {
    TickOutcome outcome = builder.onTick(tick, ctx.timerService().currentWatermark(), store);
    if (outcome instanceof TickOutcome.Accepted accepted) {
      if (accepted.openedBar()) {
        ctx.timerService().registerEventTimeTimer(accepted.barEndMillis());
      }
    } else if (outcome instanceof TickOutcome.Refused refusal) {
      if (refusal.isLate()) {
        late.inc();
      }
      refused.computeIfAbsent(refusal.reason(), this::counter).inc();
      ctx.output(
          QUARANTINE,
          Quarantined.ofTick(tick, sourceTopic, refusal.reason(), refusal.detail(), DETECTED_BY));
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Bar> out) {
    for (Bar bar : builder.emitUpTo(timestamp, store)) {
      out.collect(bar);
    }
    OptionalLong again = builder.expireTickRule(timestamp, store);
    if (again.isPresent()) {
      ctx.timerService().registerEventTimeTimer(again.getAsLong());
    }
  }

  private Counter counter(QuarantineReason reason) {
    return getRuntimeContext()
        .getMetricGroup()
        .addGroup("reason", reason.name())
        .counter("records_quarantined_total");
  }

  /** The builder's state on the current key's Flink state. */
  private final class KeyedStateStore implements TickBarStore {
    @Override
    public OpenBar openBar(long startMillis) {
      try {
        return openBars.get(startMillis);
      } catch (Exception e) {
        throw failed(e);
      }
    }

    @Override
    public void putOpenBar(OpenBar bar) {
      try {
        openBars.put(bar.getStartMillis(), bar);
      } catch (Exception e) {
        throw failed(e);
      }
    }

    @Override
    public void removeOpenBar(long startMillis) {
      try {
        openBars.remove(startMillis);
      } catch (Exception e) {
        throw failed(e);
      }
    }

    @Override
    public Collection<Long> openBarStarts() {
      try {
        List<Long> starts = new ArrayList<>();
        for (Long start : openBars.keys()) {
          starts.add(start);
        }
        return starts;
      } catch (Exception e) {
        throw failed(e);
      }
    }

    @Override
    public boolean hasTradeId(String tradeId) {
      try {
        return tradeIds.contains(tradeId);
      } catch (Exception e) {
        throw failed(e);
      }
    }

    @Override
    public void putTradeId(String tradeId, long barStartMillis) {
      try {
        tradeIds.put(tradeId, barStartMillis);
      } catch (Exception e) {
        throw failed(e);
      }
    }

    @Override
    public void removeTradeIdsOf(long barStartMillis) {
      try {
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, Long> entry : tradeIds.entries()) {
          if (entry.getValue() == barStartMillis) {
            ids.add(entry.getKey());
          }
        }
        for (String id : ids) {
          tradeIds.remove(id);
        }
      } catch (Exception e) {
        throw failed(e);
      }
    }

    @Override
    public TickRuleMemory tickRule() {
      try {
        return tickRule.value();
      } catch (Exception e) {
        throw failed(e);
      }
    }

    @Override
    public void putTickRule(TickRuleMemory memory) {
      try {
        tickRule.update(memory);
      } catch (Exception e) {
        throw failed(e);
      }
    }

    @Override
    public void clearTickRule() {
      tickRule.clear();
    }

    private FlinkRuntimeException failed(Exception e) {
      return new FlinkRuntimeException("Tick aggregation state access failed", e);
    }
  }
}
