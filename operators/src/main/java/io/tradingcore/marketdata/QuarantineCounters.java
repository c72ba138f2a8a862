package io.tradingcore.marketdata;

import io.tradingcore.metrics.TradingMetrics;
import io.tradingcore.schemas.avro.QuarantineReason;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * One {@code records_quarantined_total} counter per reason code, under the key-value group {@code
 * reason=<CODE>} of an operator's metric group (a {@code reason} label in Prometheus).
 *
 * <p>Every code is registered up front, so a dashboard sees a zero rather than a missing series
 * until the first record of that kind arrives. Create it in {@code open()}.
 */
public final class QuarantineCounters {
  public static final String METRIC = TradingMetrics.RECORDS_QUARANTINED;
  public static final String REASON_GROUP = TradingMetrics.REASON;

  private final Map<QuarantineReason, Counter> byReason = new EnumMap<>(QuarantineReason.class);

  private QuarantineCounters(MetricGroup operator) {
    for (QuarantineReason reason : QuarantineReason.values()) {
      byReason.put(reason, operator.addGroup(REASON_GROUP, reason.name()).counter(METRIC));
    }
  }

  /** Registers the counters of every reason under {@code operator}. */
  public static QuarantineCounters register(MetricGroup operator) {
    return new QuarantineCounters(operator);
  }

  /** Counts one record quarantined for {@code reason}. */
  public void count(QuarantineReason reason) {
    byReason.get(reason).inc();
  }

  /** How many records were counted for {@code reason} (for tests and summaries). */
  public long countOf(QuarantineReason reason) {
    return byReason.get(reason).getCount();
  }
}
