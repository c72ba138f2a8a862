package io.tradingcore.kafka;

import io.tradingcore.marketdata.QuarantineCounters;
import io.tradingcore.marketdata.Quarantined;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Passes decoded values on and sends undecodable records to {@link #QUARANTINE} with a count: the
 * operator's total {@code records_quarantined_total} (kept for existing dashboards) and one per
 * reason ({@link QuarantineCounters}).
 */
public final class SplitDecoded<T> extends ProcessFunction<Decoded<T>, T> {
  private static final long serialVersionUID = 1L;

  public static final OutputTag<Quarantined> QUARANTINE =
      new OutputTag<>("undecodable", TypeInformation.of(Quarantined.class));

  private transient Counter undecodable;
  private transient QuarantineCounters byReason;

  @Override
  public void open(org.apache.flink.api.common.functions.OpenContext context) {
    undecodable = getRuntimeContext().getMetricGroup().counter(QuarantineCounters.METRIC);
    byReason = QuarantineCounters.register(getRuntimeContext().getMetricGroup());
  }

  @Override
  public void processElement(Decoded<T> decoded, Context ctx, Collector<T> out) {
    if (decoded.isOk()) {
      out.collect(decoded.value());
    } else {
      undecodable.inc();
      byReason.count(decoded.rejected().reason());
      ctx.output(QUARANTINE, decoded.rejected());
    }
  }
}
