package io.tradingcore.bridge.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import io.tradingcore.bridge.Broker;
import io.tradingcore.execution.Order;
import io.tradingcore.marketdata.Bar;
import io.tradingcore.money.Decimals;
import io.tradingcore.retry.Sleeper;
import io.tradingcore.schemas.avro.ExecutionReport;
import io.tradingcore.schemas.avro.ExecutionStatus;
import io.tradingcore.schemas.avro.Side;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge's {@link Broker} on Alpaca's Trading API v2, one Alpaca account per portfolio.
 *
 * <p>Never a doubled order: an order is created with its deterministic client order id, and a
 * create that timed out or failed with 5xx may still have been carried out, so before every new
 * attempt the adapter looks the client order id up and takes the order it finds; a 422 "client
 * order id must be unique" is answered the same way. Reads and cancels are retried on 429 (waiting
 * for the window Alpaca names), 5xx and time-outs, all with seeded exponential backoff and a
 * bounded number of attempts, through a client-side rate limiter per account.
 *
 * <p>Fills arrive at Alpaca's pace, so {@link #poll()} (at most once per poll interval) reads the
 * state of the orders this adapter knows to be working and reports each change: the last quantity
 * and price of a fill come from the change in {@code filled_qty} and {@code filled_avg_price} since
 * the last report. Report ids are derived from the broker state (client order id, status,
 * cumulative quantity), so a restarted bridge that reports the same state again produces the same
 * id and the job's de-duplication drops it. Alpaca charges no commission on US equities: fees are
 * reported as zero.
 *
 * <p>Not thread-safe: the bridge calls it from one thread.
 */
public final class AlpacaBroker implements Broker {
  private static final Logger LOG = LoggerFactory.getLogger(AlpacaBroker.class);

  public static final String NAME = "alpaca";

  private final AlpacaCredentials credentials;
  private final AlpacaHttp http;
  private final Clock clock;

  /** Orders that may still change, by client order id: what {@link #poll()} reads. */
  private final Map<String, Tracked> working = new LinkedHashMap<>();

  private Instant nextPoll = Instant.MIN;

  public AlpacaBroker(AlpacaSettings settings, AlpacaCredentials credentials) {
    this(
        settings,
        credentials,
        HttpClient.newBuilder().connectTimeout(settings.requestTimeout()).build(),
        Clock.systemUTC(),
        Sleeper.SYSTEM);
  }

  AlpacaBroker(
      AlpacaSettings settings,
      AlpacaCredentials credentials,
      HttpClient client,
      Clock clock,
      Sleeper sleeper) {
    this.credentials = credentials;
    this.http = new AlpacaHttp(settings, client, clock, sleeper);
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String toString() {
    return "AlpacaBroker[" + http.settings().baseUrl() + ", " + credentials + "]";
  }

  // --- Broker ---------------------------------------------------------------------------------

  /** Looks {@code clientOrderId} up in the account that placed it, else in every account. */
  @Override
  public Optional<ExecutionStatus> lookup(String clientOrderId) {
    Tracked known = working.get(clientOrderId);
    List<AlpacaCredentials.Account> accounts =
        known != null
            ? List.of(known.account)
            : credentials.portfolios().stream()
                .map(p -> credentials.account(p).orElseThrow())
                .toList();
    for (AlpacaCredentials.Account account : accounts) {
      Optional<AlpacaOrder> found = fetch(account, clientOrderId);
      if (found.isPresent()) {
        return Optional.of(found.get().executionStatus());
      }
    }
    return Optional.empty();
  }

  /**
   * Looks the order up in its portfolio's account. An order Alpaca has but this adapter does not
   * track was placed by a bridge that stopped before it published the order's reports (they were in
   * the transaction that did not commit): it is tracked from here on with nothing reported, so
   * {@link #reportsOf} (which the bridge calls next) or else the next {@link #poll()} reports its
   * whole state.
   */
  @Override
  public Optional<ExecutionStatus> lookup(Order order) {
    return findAndTrack(order).map(found -> found.order().executionStatus());
  }

  /**
   * The order's state as Alpaca has it now, as one report against what this adapter last reported
   * for it: for an order a bridge placed and died before publishing, that is nothing, so the report
   * carries every fill so far. Its id comes from the state (client order id, status, cumulative
   * quantity), so a state that was published before repeats its id and the job drops it. An order
   * still working stays tracked for {@link #poll()}.
   */
  @Override
  public List<ExecutionReport> reportsOf(Order order) {
    return findAndTrack(order)
        .map(found -> advance(found.tracked(), found.order()).stream().toList())
        .orElse(List.of());
  }

  /** An order Alpaca has, with what this adapter tracks of it. */
  private record Found(Tracked tracked, AlpacaOrder order) {}

  /**
   * The order Alpaca has under {@code order}'s client order id in its portfolio's account, tracked
   * from here on (with nothing reported, when it was not tracked yet).
   */
  private Optional<Found> findAndTrack(Order order) {
    Optional<AlpacaCredentials.Account> account = credentials.account(order.portfolio());
    if (account.isEmpty()) {
      return Optional.empty();
    }
    return fetch(account.get(), order.clientOrderId())
        .map(
            alpaca ->
                new Found(
                    working.computeIfAbsent(
                        order.clientOrderId(), id -> new Tracked(account.get(), id)),
                    alpaca));
  }

  @Override
  public List<ExecutionReport> submit(Order order) {
    Optional<AlpacaCredentials.Account> account = credentials.account(order.portfolio());
    if (account.isEmpty()) {
      return List.of(
          refused(
              order,
              "no Alpaca account for portfolio '"
                  + order.portfolio()
                  + "' in "
                  + credentials.file()));
    }
    AlpacaOrderRequest request;
    try {
      request = AlpacaOrderRequest.of(order);
    } catch (IllegalArgumentException e) {
      return List.of(refused(order, e.getMessage()));
    }
    Created created =
        create(account.get(), "POST", "/v2/orders", request.toJson(), order.clientOrderId());
    if (created.order == null) {
      return List.of(refused(order, created.refusal));
    }
    Tracked tracked = new Tracked(account.get(), order.clientOrderId());
    working.put(order.clientOrderId(), tracked);
    return advance(tracked, created.order).stream().toList();
  }

  /** Alpaca trades on its own market data: bars change nothing here. */
  @Override
  public List<ExecutionReport> onMarketData(Bar bar) {
    return List.of();
  }

  /**
   * The kill switch: cancels every open order of the portfolio's account ({@code DELETE
   * /v2/orders}, orders this bridge did not place included) and reports the new state of the ones
   * it tracks (CANCELED, or PENDING_CANCEL while Alpaca is still canceling, or a fill that came
   * first).
   */
  @Override
  public List<ExecutionReport> cancelAll(String portfolio) {
    Optional<AlpacaCredentials.Account> account = credentials.account(portfolio);
    if (account.isEmpty()) {
      LOG.warn("KILL for portfolio {}: it has no Alpaca account in {}", portfolio, credentials);
      return List.of();
    }
    AlpacaHttp.Response response = http.idempotent(account.get(), "DELETE", "/v2/orders", null);
    requireOk(account.get(), response);
    JsonNode canceled = response.body().isBlank() ? null : response.json();
    LOG.warn(
        "KILL for portfolio {}: Alpaca is canceling {} open orders",
        portfolio,
        canceled != null && canceled.isArray() ? canceled.size() : 0);
    return refresh(account.get(), trackedOf(portfolio));
  }

  /**
   * Cancels one order: {@code DELETE /v2/orders/{id}}, then its new state. Nothing when the order
   * is not one this adapter tracks as working; when Alpaca says it can no longer be canceled (422),
   * whatever it became instead (a fill, an expiry) is reported.
   */
  @Override
  public List<ExecutionReport> cancel(String clientOrderId) {
    Tracked tracked = working.get(clientOrderId);
    if (tracked == null) {
      return List.of();
    }
    if (tracked.alpacaId == null) {
      fetch(tracked.account, clientOrderId).ifPresent(o -> tracked.alpacaId = o.id());
    }
    if (tracked.alpacaId != null) {
      AlpacaHttp.Response response =
          http.idempotent(tracked.account, "DELETE", "/v2/orders/" + tracked.alpacaId, null);
      if (response.status() == 422) {
        LOG.info("Alpaca will not cancel {}: {}", clientOrderId, response.message());
      } else if (response.status() != 404) {
        requireOk(tracked.account, response);
      }
    }
    return refresh(tracked.account, List.of(tracked));
  }

  @Override
  public List<ExecutionReport> poll() {
    Instant now = clock.instant();
    if (working.isEmpty() || now.isBefore(nextPoll)) {
      return List.of();
    }
    nextPoll = now.plus(http.settings().pollInterval());
    Map<AlpacaCredentials.Account, List<Tracked>> byAccount = new LinkedHashMap<>();
    for (Tracked tracked : working.values()) {
      byAccount.computeIfAbsent(tracked.account, a -> new ArrayList<>()).add(tracked);
    }
    List<ExecutionReport> reports = new ArrayList<>();
    byAccount.forEach((account, orders) -> reports.addAll(refresh(account, orders)));
    return reports;
  }

  /**
   * A REPLACE from {@code orders.v1} as {@code PATCH /v2/orders/{id}} of its target: the new
   * quantity, limit and stop prices, trail and time in force, under the replacement's own client
   * order id. Refused (a REJECTED report for the replacement; the target keeps working) when the
   * target is not working here or Alpaca refuses.
   */
  @Override
  public List<ExecutionReport> replace(Order replacement) {
    try {
      BigDecimal trail =
          replacement.trailPrice() != null ? replacement.trailPrice() : replacement.trailPercent();
      return replace(
          replacement.targetClientOrderId(),
          new AlpacaReplacement(
              replacement.clientOrderId(),
              replacement.quantity(),
              replacement.limitPrice(),
              replacement.stopPrice(),
              trail,
              replacement.timeInForce()));
    } catch (IllegalArgumentException | AlpacaException e) {
      return List.of(refused(replacement, e.getMessage()));
    }
  }

  // --- beyond Broker ----------------------------------------------------------------------------

  /**
   * Replaces a working order ({@code PATCH /v2/orders/{id}}): Alpaca creates a new order under
   * {@code replacement.clientOrderId()} and marks the old one replaced. Returns the reports of
   * both: the new order's state and the old one's REPLACED (or a fill that beat the replace).
   *
   * @throws IllegalArgumentException when the order is not one this adapter tracks as working
   * @throws AlpacaException when Alpaca refuses the replacement (e.g. 422: no longer replaceable)
   */
  public List<ExecutionReport> replace(String clientOrderId, AlpacaReplacement replacement) {
    Tracked tracked = working.get(clientOrderId);
    if (tracked == null) {
      throw new IllegalArgumentException(
          "order " + clientOrderId + " is not working at Alpaca through this bridge");
    }
    if (tracked.alpacaId == null) {
      tracked.alpacaId =
          fetch(tracked.account, clientOrderId)
              .map(AlpacaOrder::id)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "order " + clientOrderId + " is unknown to Alpaca"));
    }
    Created created =
        create(
            tracked.account,
            "PATCH",
            "/v2/orders/" + tracked.alpacaId,
            replacement.toJson(),
            replacement.clientOrderId());
    if (created.order == null) {
      throw new AlpacaException(
          "Alpaca refused to replace order " + clientOrderId + ": " + created.refusal,
          created.status);
    }
    Tracked successor = new Tracked(tracked.account, replacement.clientOrderId());
    working.put(successor.clientOrderId, successor);
    List<ExecutionReport> reports =
        new ArrayList<>(advance(successor, created.order).stream().toList());
    reports.addAll(refresh(tracked.account, List.of(tracked)));
    return reports;
  }

  /**
   * The positions of {@code portfolio}'s Alpaca account by symbol ({@code GET /v2/positions}), or
   * empty when no account is configured for it.
   */
  @Override
  public Optional<Map<String, BigDecimal>> positionsOf(String portfolio) {
    if (credentials.account(portfolio).isEmpty()) {
      return Optional.empty();
    }
    Map<String, BigDecimal> bySymbol = new java.util.TreeMap<>();
    for (AlpacaPosition position : positions(portfolio)) {
      bySymbol.merge(position.symbol(), position.qty(), BigDecimal::add);
    }
    return Optional.of(bySymbol);
  }

  /** The account's positions ({@code GET /v2/positions}), for reconciliation. */
  public List<AlpacaPosition> positions(String portfolio) {
    AlpacaCredentials.Account account =
        credentials
            .account(portfolio)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no Alpaca account for portfolio '"
                            + portfolio
                            + "' in "
                            + credentials.file()));
    AlpacaHttp.Response response = http.idempotent(account, "GET", "/v2/positions", null);
    requireOk(account, response);
    List<AlpacaPosition> positions = new ArrayList<>();
    for (JsonNode node : response.json()) {
      BigDecimal qty = new BigDecimal(node.get("qty").asText());
      if ("short".equals(node.path("side").asText()) && qty.signum() > 0) {
        qty = qty.negate();
      }
      positions.add(
          new AlpacaPosition(
              node.get("symbol").asText(),
              qty,
              new BigDecimal(node.get("avg_entry_price").asText()),
              node.hasNonNull("market_value")
                  ? new BigDecimal(node.get("market_value").asText())
                  : null));
    }
    return positions;
  }

  /** Orders this adapter tracks as working, for tests and operators. */
  public List<String> workingOrders() {
    return List.copyOf(working.keySet());
  }

  /**
   * The price of the fills between two states of an order: {@code (avg1·q1 − avg0·q0) / (q1 − q0)},
   * exact when that division is; Alpaca's averages are themselves rounded, so an inexact quotient
   * is rounded half-even to the wire scale.
   */
  static BigDecimal lastFillPrice(BigDecimal avg0, BigDecimal q0, BigDecimal avg1, BigDecimal q1) {
    BigDecimal before = avg0 == null || q0.signum() == 0 ? BigDecimal.ZERO : avg0.multiply(q0);
    BigDecimal notional = avg1.multiply(q1).subtract(before);
    BigDecimal quantity = q1.subtract(q0);
    BigDecimal price;
    try {
      price = Decimals.normalize(notional.divide(quantity));
    } catch (ArithmeticException nonTerminating) {
      price = notional.divide(quantity, Decimals.WIRE_SCALE, RoundingMode.HALF_EVEN);
    }
    return price.scale() > Decimals.WIRE_SCALE ? Decimals.toWireRounded(price) : price;
  }

  /** Report id from the broker state, so the same state reported again has the same id. */
  static String executionId(String clientOrderId, ExecutionStatus status, BigDecimal cumulative) {
    String name =
        "alpaca|"
            + clientOrderId
            + "|"
            + status
            + "|"
            + Decimals.normalize(cumulative).toPlainString();
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  // --- internals ------------------------------------------------------------------------------

  /** What a create (POST or PATCH) came to: the order, or Alpaca's refusal. */
  private record Created(AlpacaOrder order, int status, String refusal) {}

  /**
   * Creates an order under {@code clientOrderId} without ever creating it twice: before each new
   * attempt the id is looked up, and an order found is the result.
   */
  private Created create(
      AlpacaCredentials.Account account,
      String method,
      String path,
      String body,
      String clientOrderId) {
    int attempts = http.settings().maxAttempts();
    String last = null;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      if (attempt > 1) {
        Optional<AlpacaOrder> existing = fetch(account, clientOrderId);
        if (existing.isPresent()) {
          LOG.info(
              "Alpaca {} {} for {} was carried out although it failed ({}): not sent again",
              method,
              path,
              clientOrderId,
              last);
          return new Created(existing.get(), 200, null);
        }
      }
      AlpacaHttp.Response response;
      try {
        response = http.once(account, method, path, body);
      } catch (IOException e) {
        last = AlpacaHttp.describe(e);
        http.pauseBeforeRetry(account, method, path, attempt, last, null);
        continue;
      }
      if (response.ok()) {
        return new Created(AlpacaOrder.fromJson(response.json()), response.status(), null);
      }
      if (response.status() == 422
          && response
              .message()
              .toLowerCase(Locale.ROOT)
              .contains("client_order_id must be unique")) {
        AlpacaOrder existing =
            fetch(account, clientOrderId)
                .orElseThrow(
                    () ->
                        new AlpacaException(
                            "Alpaca says client order id "
                                + clientOrderId
                                + " is taken but does not find it in the account of portfolio "
                                + account.portfolio(),
                            422));
        return new Created(existing, 200, null);
      }
      if (response.retryable()) {
        last = response.toString();
        http.pauseBeforeRetry(account, method, path, attempt, last, response);
        continue;
      }
      if (response.status() == 401) {
        throw unauthorized(account, response);
      }
      return new Created(
          null,
          response.status(),
          "Alpaca refused (" + response.status() + "): " + response.message());
    }
    throw new AlpacaException(
        http.gaveUp(account, method, path, last).getMessage()
            + ". Whether order "
            + clientOrderId
            + " exists is unknown until a lookup succeeds; the bridge looks it up again before"
            + " placing it.",
        0);
  }

  /** The order Alpaca has under {@code clientOrderId} in {@code account}, if any. */
  private Optional<AlpacaOrder> fetch(AlpacaCredentials.Account account, String clientOrderId) {
    AlpacaHttp.Response response =
        http.idempotent(
            account,
            "GET",
            "/v2/orders:by_client_order_id?client_order_id="
                + URLEncoder.encode(clientOrderId, StandardCharsets.UTF_8),
            null);
    if (response.status() == 404) {
      return Optional.empty();
    }
    requireOk(account, response);
    return Optional.of(AlpacaOrder.fromJson(response.json()));
  }

  /** Reads the state of {@code orders} (one account) and reports what changed. */
  private List<ExecutionReport> refresh(AlpacaCredentials.Account account, List<Tracked> orders) {
    if (orders.isEmpty()) {
      return List.of();
    }
    Map<String, AlpacaOrder> open = new HashMap<>();
    if (orders.size() > 1) {
      AlpacaHttp.Response response =
          http.idempotent(account, "GET", "/v2/orders?status=open&limit=500", null);
      requireOk(account, response);
      for (JsonNode node : response.json()) {
        AlpacaOrder order = AlpacaOrder.fromJson(node);
        if (order.clientOrderId() != null) {
          open.put(order.clientOrderId(), order);
        }
      }
    }
    List<ExecutionReport> reports = new ArrayList<>();
    for (Tracked tracked : orders) {
      // Not open (or more than one page of open orders): ask for this one.
      AlpacaOrder state = open.get(tracked.clientOrderId);
      Optional<AlpacaOrder> current =
          state != null ? Optional.of(state) : fetch(account, tracked.clientOrderId);
      if (current.isEmpty()) {
        LOG.warn(
            "Order {} of portfolio {} is no longer known to Alpaca: no longer tracked",
            tracked.clientOrderId,
            account.portfolio());
        working.remove(tracked.clientOrderId);
        continue;
      }
      advance(tracked, current.get()).ifPresent(reports::add);
    }
    return reports;
  }

  private List<Tracked> trackedOf(String portfolio) {
    return working.values().stream().filter(t -> t.account.portfolio().equals(portfolio)).toList();
  }

  /** The report for {@code order}'s state when it differs from the last one reported. */
  private Optional<ExecutionReport> advance(Tracked tracked, AlpacaOrder order) {
    tracked.alpacaId = order.id();
    ExecutionStatus status = order.executionStatus();
    BigDecimal filled = order.filledQty();
    if (status == tracked.status && filled.compareTo(tracked.filled) == 0) {
      return Optional.empty();
    }
    BigDecimal last = filled.subtract(tracked.filled);
    if (last.signum() < 0) {
      throw new AlpacaException(
          "Alpaca reports "
              + filled.toPlainString()
              + " filled on order "
              + tracked.clientOrderId
              + ", less than the "
              + tracked.filled.toPlainString()
              + " it reported before",
          0);
    }
    BigDecimal lastPrice =
        last.signum() == 0
            ? null
            : lastFillPrice(tracked.averagePrice, tracked.filled, order.filledAvgPrice(), filled);
    boolean terminal = AlpacaStatuses.isTerminal(status);
    BigDecimal leaves =
        terminal || order.qty() == null
            ? BigDecimal.ZERO
            : order.qty().subtract(filled).max(BigDecimal.ZERO);
    BigDecimal average =
        order.filledAvgPrice() == null ? null : Decimals.toWireRounded(order.filledAvgPrice());
    ExecutionReport report =
        report(
            tracked.clientOrderId,
            order.id(),
            tracked.account.portfolio(),
            order.symbol(),
            order.side(),
            status,
            last,
            lastPrice,
            filled,
            leaves,
            average,
            null,
            order.updatedAt() == null ? clock.instant() : order.updatedAt());
    tracked.status = status;
    tracked.filled = filled;
    tracked.averagePrice = order.filledAvgPrice();
    if (terminal) {
      working.remove(tracked.clientOrderId);
    }
    return Optional.of(report);
  }

  /** A REJECTED report for an order Alpaca never took (refused, or never sent). */
  private ExecutionReport refused(Order order, String why) {
    LOG.warn(
        "Order {} of portfolio {} ({} {} {}) rejected: {}",
        order.clientOrderId(),
        order.portfolio(),
        order.side(),
        order.quantity().toPlainString(),
        order.symbol(),
        why);
    return report(
        order.clientOrderId(),
        null,
        order.portfolio(),
        order.symbol(),
        order.side(),
        ExecutionStatus.REJECTED,
        BigDecimal.ZERO,
        null,
        BigDecimal.ZERO,
        BigDecimal.ZERO,
        null,
        why,
        clock.instant());
  }

  private ExecutionReport report(
      String clientOrderId,
      String brokerOrderId,
      String portfolio,
      String symbol,
      Side side,
      ExecutionStatus status,
      BigDecimal last,
      BigDecimal lastPrice,
      BigDecimal cumulative,
      BigDecimal leaves,
      BigDecimal average,
      String text,
      Instant tsEvent) {
    return ExecutionReport.newBuilder()
        .setExecutionId(executionId(clientOrderId, status, cumulative))
        .setClientOrderId(clientOrderId)
        .setBrokerOrderId(brokerOrderId)
        .setPortfolio(portfolio)
        .setSymbol(symbol)
        .setSide(side)
        .setStatus(status)
        .setLastQuantity(Decimals.toWireExact(last))
        .setLastPrice(lastPrice == null ? null : Decimals.toWireExact(lastPrice))
        .setCumulativeQuantity(Decimals.toWireExact(cumulative))
        .setLeavesQuantity(Decimals.toWireExact(leaves))
        .setAveragePrice(average)
        .setFee(Decimals.toWireExact(BigDecimal.ZERO))
        .setBroker(NAME)
        .setText(text)
        .setTsEvent(tsEvent)
        .setTsInit(clock.instant())
        .build();
  }

  private void requireOk(AlpacaCredentials.Account account, AlpacaHttp.Response response) {
    if (response.status() == 401) {
      throw unauthorized(account, response);
    }
    if (!response.ok()) {
      throw new AlpacaException(
          "Alpaca " + response + " for portfolio " + account.portfolio(), response.status());
    }
  }

  private AlpacaException unauthorized(
      AlpacaCredentials.Account account, AlpacaHttp.Response response) {
    return new AlpacaException(
        "Alpaca refused the credentials of portfolio "
            + account.portfolio()
            + " (key id "
            + account.keyId()
            + ", from "
            + credentials.file()
            + ") on "
            + response.method()
            + " "
            + response.path()
            + ": check the key pair and that it belongs to "
            + http.settings().baseUrl(),
        401);
  }

  /** Wants the previous bridge run's last reports: orders at Alpaca outlive the bridge. */
  @Override
  public boolean resumesFromPublishedReports() {
    return true;
  }

  /**
   * Tracks every order still working after its last published report, from that report's cumulative
   * quantity and average price: the next poll reports what filled since (also while no bridge ran)
   * as one fill, and an order the new run has never looked up is no longer forgotten. Finished
   * orders, orders already tracked and portfolios without an account are left alone.
   */
  @Override
  public void resume(Collection<ExecutionReport> lastPublished) {
    int resumed = 0;
    for (ExecutionReport report : lastPublished) {
      String clientOrderId = report.getClientOrderId().toString();
      if (AlpacaStatuses.isTerminal(report.getStatus()) || working.containsKey(clientOrderId)) {
        continue;
      }
      Optional<AlpacaCredentials.Account> account =
          credentials.account(report.getPortfolio().toString());
      if (account.isEmpty()) {
        LOG.warn(
            "Order {} of portfolio {} is still working at its last report, but the credentials"
                + " file has no account for the portfolio: its fills are not followed",
            clientOrderId,
            report.getPortfolio());
        continue;
      }
      Tracked tracked = new Tracked(account.get(), clientOrderId);
      tracked.alpacaId =
          report.getBrokerOrderId() == null ? null : report.getBrokerOrderId().toString();
      tracked.status = report.getStatus();
      tracked.filled = report.getCumulativeQuantity();
      tracked.averagePrice = report.getAveragePrice();
      working.put(clientOrderId, tracked);
      resumed++;
    }
    LOG.info("Alpaca adapter resumed {} working orders from their last published reports", resumed);
  }

  /** What the adapter last reported for an order it tracks. */
  private static final class Tracked {
    final AlpacaCredentials.Account account;
    final String clientOrderId;
    String alpacaId;
    ExecutionStatus status;
    BigDecimal filled = BigDecimal.ZERO;
    BigDecimal averagePrice;

    Tracked(AlpacaCredentials.Account account, String clientOrderId) {
      this.account = account;
      this.clientOrderId = clientOrderId;
    }
  }
}
