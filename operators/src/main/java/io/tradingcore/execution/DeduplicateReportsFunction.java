package io.tradingcore.execution;

import io.tradingcore.marketdata.QuarantineCounters;
import io.tradingcore.marketdata.Quarantined;
import io.tradingcore.schemas.avro.QuarantineReason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by portfolio: lets each execution report through once, by its execution id, before it
 * reaches the risk gate and the position book. A report published twice (two bridges, a replay, an
 * at-least-once broker adapter) would otherwise double a position and its cash.
 *
 * <p>Ids are remembered for {@link #REMEMBER_FOR}, far longer than any redelivery, then expire so
 * state does not grow without bound. Duplicates go to {@link #DUPLICATES} with a count ({@code
 * execution_reports_duplicate_total}, and {@code records_quarantined_total} under {@code
 * reason=DUPLICATE}).
 */
public final class DeduplicateReportsFunction
    extends KeyedProcessFunction<String, ExecutionReport, ExecutionReport> {
  private static final long serialVersionUID = 1L;

  public static final String SEEN_STATE = "execution-reports-seen";
  public static final Duration REMEMBER_FOR = Duration.ofDays(7);
  public static final OutputTag<Quarantined> DUPLICATES =
      new OutputTag<>("duplicate-reports", TypeInformation.of(Quarantined.class));

  private transient MapState<String, Boolean> seen;
  private transient Counter duplicates;
  private transient QuarantineCounters quarantined;

  @Override
  public void open(OpenContext context) {
    MapStateDescriptor<String, Boolean> descriptor =
        new MapStateDescriptor<>(SEEN_STATE, Types.STRING, Types.BOOLEAN);
    descriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(REMEMBER_FOR).updateTtlOnCreateAndWrite().build());
    seen = getRuntimeContext().getMapState(descriptor);
    duplicates = getRuntimeContext().getMetricGroup().counter("execution_reports_duplicate_total");
    quarantined = QuarantineCounters.register(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement(ExecutionReport report, Context ctx, Collector<ExecutionReport> out)
      throws Exception {
    if (seen.contains(report.executionId())) {
      duplicates.inc();
      quarantined.count(QuarantineReason.DUPLICATE);
      ctx.output(
          DUPLICATES,
          new Quarantined(
              "fills.v1",
              null,
              null,
              report.portfolio(),
              report.toString().getBytes(StandardCharsets.UTF_8),
              QuarantineReason.DUPLICATE,
              "execution report " + report.executionId() + " was already applied",
              "deduplicate-reports"));
      return;
    }
    seen.put(report.executionId(), Boolean.TRUE);
    out.collect(report);
  }
}
