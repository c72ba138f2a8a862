package io.tradingcore.bridge;

import io.tradingcore.execution.Order;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.schemas.avro.ExecutionReport;
import io.tradingcore.schemas.avro.ExecutionStatus;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A broker the bridge submits orders to: the built-in paper broker, later real brokers. Every call
 * returns the execution reports it produced, for the bridge to publish on {@code fills.v1}.
 */
public interface Broker {

  /** Adapter name carried on every report, e.g. {@code paper}. */
  String name();

  /**
   * The state the broker has for {@code clientOrderId}, if it knows the order. The bridge asks
   * before every submission, so a retried or replayed order is never placed twice.
   */
  Optional<ExecutionStatus> lookup(String clientOrderId);

  /**
   * The state the broker has for {@code order}, if it knows it: what the bridge asks before
   * submitting. A broker with an account per portfolio looks in the order's account only.
   */
  default Optional<ExecutionStatus> lookup(Order order) {
    return lookup(order.clientOrderId());
  }

  /**
   * The reports of an order this broker already has ({@link #lookup(Order)} found it), as the
   * broker has it now, under the execution ids they had (or would have had) when first produced.
   * The bridge publishes them when a replayed order turns out to be known: a bridge that died after
   * the broker took the order and before its transaction committed never published them, and the
   * job drops the ones it already has by execution id. Empty when the order is unknown.
   */
  List<ExecutionReport> reportsOf(Order order);

  /** Places {@code order}: at least an ACCEPTED or REJECTED report. */
  List<ExecutionReport> submit(Order order);

  /** New market data; a simulated broker may fill working orders on it. */
  List<ExecutionReport> onMarketData(Bar bar);

  /** Cancels every working order of {@code portfolio} (the kill switch). */
  List<ExecutionReport> cancelAll(String portfolio);

  /**
   * Cancels one working order: its CANCELED report (or, where the broker cancels asynchronously,
   * PENDING_CANCEL), or nothing when the order is unknown or no longer working.
   */
  List<ExecutionReport> cancel(String clientOrderId);

  /**
   * The positions the broker holds for {@code portfolio} (its account), signed quantity by symbol,
   * for the trading job to reconcile its book with; empty when this broker cannot tell.
   */
  default Optional<Map<String, BigDecimal>> positionsOf(String portfolio) {
    return Optional.empty();
  }

  /**
   * Replaces the working order {@code replacement.targetClientOrderId()} by {@code replacement},
   * which carries the new order's own client order id: the old order's REPLACED report and the new
   * one's state, or the replacement's REJECTED report (the old order then keeps working). A
   * replacement whose id the broker already knows does nothing.
   */
  List<ExecutionReport> replace(Order replacement);

  /**
   * What changed at the broker since the last call: fills and state changes a remote broker makes
   * on its own time. The bridge calls it on every loop and publishes the reports in that loop's
   * transaction. A broker that reports everything as it happens returns nothing.
   */
  default List<ExecutionReport> poll() {
    return List.of();
  }

  /**
   * Whether this broker wants {@link #resume} at start: a broker whose orders outlive the bridge (a
   * remote one) and that reports fills as changes against what it reported before. Reading the
   * reports back costs the bridge a scan of {@code fills.v1}, so the default is no.
   */
  default boolean resumesFromPublishedReports() {
    return false;
  }

  /**
   * The last report the bridge published for each order of this broker, read back from {@code
   * fills.v1} (read committed) when the bridge starts, before its first order: what a restarted
   * bridge had told the job. A broker that reports changes against what it reported before picks up
   * the orders still working from there, so their later fills (and those made while no bridge ran)
   * are reported once, not lost and not doubled. Called only when {@link
   * #resumesFromPublishedReports()}.
   */
  default void resume(Collection<ExecutionReport> lastPublished) {}
}
