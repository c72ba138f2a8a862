package io.tradingcore.metrics;

/**
 * Names of the job's own metrics, as operators register them in their Flink metric groups.
 *
 * <p>Flink's Prometheus reporter exports a metric of an operator as {@code
 * flink_taskmanager_job_task_operator_<name>}, and one under a key-value group {@code addGroup(key,
 * value)} as {@code flink_taskmanager_job_task_operator_<key>_<name>} with a label {@code
 * key="value"}. The names below are chosen so the exported names contain the design's: a gauge
 * {@value #UNREALIZED_PNL} under {@value #PORTFOLIO} becomes {@code
 * ..._portfolio_unrealized_pnl{portfolio="main"}}. Counters and meters are exported as Prometheus
 * gauges without a suffix, histograms as summaries (quantiles and {@code _count}).
 */
public final class TradingMetrics {
  private TradingMetrics() {}

  /** Counter: bars that entered the feature path (passed the quality gate). */
  public static final String DATA_BARS_TOTAL = "data_bars_total";

  /** Meter over {@link #DATA_BARS_TOTAL}: bars per second, averaged over the last 10 s. */
  public static final String DATA_BARS_PER_SECOND = "data_bars_per_second";

  /** Seconds over which {@link #DATA_BARS_PER_SECOND} averages. */
  public static final int DATA_BARS_RATE_SPAN_SECONDS = 10;

  /** Histogram, seconds: one ONNX Runtime call (observation to logits and state) per decision. */
  public static final String MODEL_PREDICT_SECONDS = "model_predict_seconds";

  /**
   * Histogram, seconds: in the strategy operator (policy scorer or momentum), from the arrival of a
   * portfolio's aligned observation to its targets having been emitted.
   */
  public static final String DECISION_LATENCY_SECONDS = "decision_latency_seconds";

  /** Key of the per-portfolio group (label {@code portfolio}). */
  public static final String PORTFOLIO = "portfolio";

  /** Gauge under {@link #PORTFOLIO}: unrealised P&L of the book after its last change. */
  public static final String UNREALIZED_PNL = "unrealized_pnl";

  /** Gauge under {@link #PORTFOLIO}: realised P&L of the book after its last change. */
  public static final String REALIZED_PNL = "realized_pnl";

  /** Gauge under {@link #PORTFOLIO}: equity (cash + Σ position × mark) after its last change. */
  public static final String EQUITY = "equity";

  /** Counter: orders the risk gate denied; also per {@link #REASON} (the denial's code). */
  public static final String RISK_LIMIT_VIOLATIONS = "risk_limit_violations_total";

  /** Key of a per-reason group (label {@code reason}). */
  public static final String REASON = "reason";

  /** Counter: orders the risk gate released; also per {@link #SIDE} and {@link #ORDER_TYPE}. */
  public static final String ORDERS_TOTAL = "orders_total";

  /** Key of the order-side group (label {@code side}). */
  public static final String SIDE = "side";

  /** Key of the order-type group (label {@code type}). */
  public static final String ORDER_TYPE = "type";

  /** Counter per {@link #REASON}: records put on md.quarantine.v1 ({@code QuarantineCounters}). */
  public static final String RECORDS_QUARANTINED = "records_quarantined_total";

  /** Counter: fills the position book applied. */
  public static final String FILLS_TOTAL = "fills_total";

  /** Key of the model-version group (label {@code model_version}). */
  public static final String MODEL_VERSION = "model_version";

  /** Gauge under {@link #MODEL_VERSION}: 1 for the version deciding now, 0 for earlier ones. */
  public static final String MODEL_INFO = "model_info";
}
