package io.tradingcore.bridge.alpaca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A local stand-in for Alpaca's Trading API v2, over the JDK's HTTP server: the order endpoints the
 * adapter uses, with Alpaca's JSON (decimals as strings, snake_case), its authentication headers,
 * unique client order ids per account (422), accounts kept apart, and positions from the fills.
 *
 * <p>A test plays the market ({@link #fill}, {@link #cancelAtBroker}, {@link #expire}, …) and can
 * script the next requests to fail: 429 with rate-limit headers, 5xx, a stall past the client's
 * time-out, or "carry the request out, then fail or stall" — the case that doubles orders in a
 * naive client.
 */
final class AlpacaStandIn implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant EPOCH = Instant.parse("2026-03-02T14:30:00Z");
  private static final Set<String> OPEN =
      Set.of(
          "new",
          "accepted",
          "pending_new",
          "partially_filled",
          "done_for_day",
          "pending_cancel",
          "pending_replace",
          "accepted_for_bidding",
          "stopped",
          "suspended",
          "calculated",
          "held");
  private static final Set<String> TYPES =
      Set.of("market", "limit", "stop", "stop_limit", "trailing_stop");
  private static final Set<String> TIFS = Set.of("day", "gtc", "opg", "cls", "ioc", "fok");

  /** One request as the stand-in saw it (never the secret). */
  record Request(String method, String path, String keyId, String body, int status) {}

  /** What the next matching request gets instead of (or after) being served. */
  record Fault(
      int status, Map<String, String> headers, boolean serveFirst, boolean stall, String method) {
    static Fault tooManyRequests(Map<String, String> headers) {
      return new Fault(429, headers, false, false, null);
    }

    static Fault answer(int status) {
      return new Fault(status, Map.of(), false, false, null);
    }

    /** No answer until the stand-in closes: the client's time-out fires. */
    static Fault noAnswer() {
      return new Fault(0, Map.of(), false, true, null);
    }

    /** Carries the request out, then never answers. */
    static Fault serveThenNoAnswer() {
      return new Fault(0, Map.of(), true, true, null);
    }

    /** Carries the request out, then answers {@code status} instead. */
    static Fault serveThenFail(int status) {
      return new Fault(status, Map.of(), true, false, null);
    }

    /** The same fault, for requests with {@code method} only. */
    Fault only(String httpMethod) {
      return new Fault(status, headers, serveFirst, stall, httpMethod);
    }
  }

  private static final class Account {
    final String secret;
    final Map<String, ObjectNode> orders = new LinkedHashMap<>();
    final Map<String, String> idByClientOrderId = new HashMap<>();
    final Map<String, BigDecimal[]> positions = new LinkedHashMap<>();

    Account(String secret) {
      this.secret = secret;
    }
  }

  private record Answer(int status, String body, Map<String, String> headers) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, Account> accounts = new HashMap<>();
  private final Deque<Fault> script = new ArrayDeque<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  private long ticks;
  private boolean asynchronousCancels;
  private Answer nextRefusal;

  private AlpacaStandIn() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread thread = new Thread(r, "alpaca-stand-in");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  static AlpacaStandIn start() throws IOException {
    return new AlpacaStandIn();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /**
   * Serves one request from a client of its own and forgets it, so the first request of a test does
   * not pay for starting the server's threads.
   */
  void warmUp() {
    try {
      java.net.http.HttpClient.newHttpClient()
          .send(
              java.net.http.HttpRequest.newBuilder(url().resolve("/v2/positions")).build(),
              java.net.http.HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    requests.clear();
  }

  synchronized void addAccount(String keyId, String secret) {
    accounts.put(keyId, new Account(secret));
  }

  /** The next {@code times} requests (of the fault's method, if it names one) get {@code fault}. */
  synchronized void failNext(int times, Fault fault) {
    for (int i = 0; i < times; i++) {
      script.addLast(fault);
    }
  }

  /**
   * The next order is refused with {@code status} and Alpaca's error body carrying {@code message}.
   */
  synchronized void refuseNextOrder(int status, String message) {
    nextRefusal = new Answer(status, error(status * 100_000 + 1, message), Map.of());
  }

  /** Cancels go to {@code pending_cancel} and wait for {@link #completeCancels()}. */
  synchronized void cancelAsynchronously() {
    asynchronousCancels = true;
  }

  synchronized void completeCancels() {
    for (Account account : accounts.values()) {
      for (ObjectNode order : account.orders.values()) {
        if ("pending_cancel".equals(order.get("status").asText())) {
          setStatus(order, "canceled", "canceled_at");
        }
      }
    }
  }

  // --- the market -----------------------------------------------------------------------------

  /** Places an order the way another client of the account would (no adapter involved). */
  synchronized String placeDirectly(String keyId, String clientOrderId, String symbol, String qty) {
    ObjectNode body = JSON.createObjectNode();
    body.put("symbol", symbol);
    body.put("qty", qty);
    body.put("side", "buy");
    body.put("type", "market");
    body.put("time_in_force", "day");
    body.put("client_order_id", clientOrderId);
    return create(accounts.get(keyId), body).get("id").asText();
  }

  /**
   * Fills {@code qty} more of the order at {@code price}: {@code partially_filled} until the whole
   * quantity is filled. The average is kept the way Alpaca shows it, to 16 significant digits.
   */
  synchronized void fill(String clientOrderId, String qty, String price) {
    Account account = accountOf(clientOrderId);
    ObjectNode order = orderOf(clientOrderId);
    BigDecimal q = new BigDecimal(qty);
    BigDecimal p = new BigDecimal(price);
    BigDecimal filled0 = new BigDecimal(order.get("filled_qty").asText());
    BigDecimal avg0 =
        order.hasNonNull("filled_avg_price")
            ? new BigDecimal(order.get("filled_avg_price").asText())
            : BigDecimal.ZERO;
    BigDecimal filled1 = filled0.add(q);
    BigDecimal avg1 =
        avg0.multiply(filled0).add(p.multiply(q)).divide(filled1, MathContext.DECIMAL64);
    order.put("filled_qty", filled1.toPlainString());
    order.put("filled_avg_price", avg1.stripTrailingZeros().toPlainString());
    boolean complete = filled1.compareTo(new BigDecimal(order.get("qty").asText())) >= 0;
    setStatus(order, complete ? "filled" : "partially_filled", complete ? "filled_at" : null);
    BigDecimal signed = "buy".equals(order.get("side").asText()) ? q : q.negate();
    BigDecimal[] position =
        account.positions.computeIfAbsent(
            order.get("symbol").asText(), s -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
    if (position[0].signum() == 0 || position[0].signum() == signed.signum()) {
      BigDecimal cost = position[0].abs().multiply(position[1]).add(q.multiply(p));
      position[1] = cost.divide(position[0].abs().add(q), MathContext.DECIMAL64);
    }
    position[0] = position[0].add(signed);
  }

  synchronized void cancelAtBroker(String clientOrderId) {
    setStatus(orderOf(clientOrderId), "canceled", "canceled_at");
  }

  synchronized void expire(String clientOrderId) {
    setStatus(orderOf(clientOrderId), "expired", "expired_at");
  }

  /** Any Alpaca status, e.g. {@code done_for_day} or {@code rejected}. */
  synchronized void setStatus(String clientOrderId, String status) {
    setStatus(orderOf(clientOrderId), status, null);
  }

  // --- what happened --------------------------------------------------------------------------

  List<Request> requests() {
    return List.copyOf(requests);
  }

  long count(String method, String pathPrefix) {
    return requests.stream()
        .filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix))
        .count();
  }

  /** The order as Alpaca would show it, or {@code null}. */
  synchronized JsonNode order(String clientOrderId) {
    for (Account account : accounts.values()) {
      String id = account.idByClientOrderId.get(clientOrderId);
      if (id != null) {
        return account.orders.get(id).deepCopy();
      }
    }
    return null;
  }

  synchronized int orderCount(String keyId) {
    return accounts.get(keyId).orders.size();
  }

  @Override
  public void close() {
    if (closing.getCount() == 0) {
      return;
    }
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  // --- serving --------------------------------------------------------------------------------

  private void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getRawPath();
    String query = exchange.getRequestURI().getRawQuery();
    String keyId = exchange.getRequestHeaders().getFirst("APCA-API-KEY-ID");
    String secret = exchange.getRequestHeaders().getFirst("APCA-API-SECRET-KEY");
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Fault fault;
    Answer answer;
    synchronized (this) {
      fault = script.peekFirst();
      if (fault != null && (fault.method() == null || fault.method().equals(method))) {
        script.removeFirst();
      } else {
        fault = null;
      }
      if (fault == null || fault.serveFirst()) {
        answer = serve(method, path, query, keyId, secret, body);
      } else {
        answer = null;
      }
      if (fault != null && fault.status() != 0) {
        answer =
            new Answer(
                fault.status(), error(fault.status() * 100_000, "scripted"), fault.headers());
      }
    }
    requests.add(
        new Request(
            method,
            query == null ? path : path + "?" + query,
            keyId,
            body,
            answer == null ? 0 : answer.status()));
    if (fault != null && fault.stall()) {
      try {
        closing.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
      return;
    }
    answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
    try {
      exchange.sendResponseHeaders(answer.status(), answer.status() == 204 ? -1 : bytes.length);
      if (answer.status() != 204) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    } finally {
      exchange.close();
    }
  }

  private Answer serve(
      String method, String path, String query, String keyId, String secret, String body) {
    Account account = keyId == null ? null : accounts.get(keyId);
    if (account == null || !account.secret.equals(secret)) {
      return new Answer(401, "{\"message\":\"unauthorized.\"}", Map.of());
    }
    Map<String, String> params = params(query);
    if (path.equals("/v2/orders") && method.equals("POST")) {
      return postOrder(account, body);
    }
    if (path.equals("/v2/orders") && method.equals("GET")) {
      return listOrders(account, params);
    }
    if (path.equals("/v2/orders") && method.equals("DELETE")) {
      return cancelAll(account);
    }
    if (path.equals("/v2/orders:by_client_order_id") && method.equals("GET")) {
      String id = account.idByClientOrderId.get(params.get("client_order_id"));
      return id == null
          ? new Answer(404, error(40410000, "order not found"), Map.of())
          : ok(account.orders.get(id));
    }
    if (path.startsWith("/v2/orders/")) {
      ObjectNode order = account.orders.get(path.substring("/v2/orders/".length()));
      if (order == null) {
        return new Answer(404, error(40410000, "order not found"), Map.of());
      }
      return switch (method) {
        case "GET" -> ok(order);
        case "DELETE" -> cancel(order);
        case "PATCH" -> replace(account, order, body);
        default -> new Answer(405, error(40510000, "method not allowed"), Map.of());
      };
    }
    if (path.equals("/v2/positions") && method.equals("GET")) {
      ArrayNode list = JSON.createArrayNode();
      account.positions.forEach(
          (symbol, position) -> {
            if (position[0].signum() != 0) {
              ObjectNode node = list.addObject();
              node.put("symbol", symbol);
              node.put("qty", position[0].toPlainString());
              node.put("side", position[0].signum() > 0 ? "long" : "short");
              node.put("avg_entry_price", position[1].stripTrailingZeros().toPlainString());
            }
          });
      return new Answer(200, list.toString(), Map.of());
    }
    return new Answer(404, error(40410000, "endpoint not found"), Map.of());
  }

  private Answer postOrder(Account account, String body) {
    ObjectNode request;
    try {
      request = (ObjectNode) JSON.readTree(body);
    } catch (IOException | ClassCastException e) {
      return new Answer(400, error(40010000, "request body format is invalid"), Map.of());
    }
    String problem = invalid(request);
    if (problem != null) {
      return new Answer(422, error(40010001, problem), Map.of());
    }
    String clientOrderId = request.path("client_order_id").asText();
    if (account.idByClientOrderId.containsKey(clientOrderId)) {
      return new Answer(422, error(40010001, "client_order_id must be unique"), Map.of());
    }
    if (nextRefusal != null) {
      Answer refusal = nextRefusal;
      nextRefusal = null;
      return refusal;
    }
    return ok(create(account, request));
  }

  private static String invalid(ObjectNode request) {
    String type = request.path("type").asText();
    if (!request.hasNonNull("symbol")) {
      return "symbol is required";
    }
    if (!request.hasNonNull("qty") || new BigDecimal(request.get("qty").asText()).signum() <= 0) {
      return "qty must be > 0";
    }
    if (!Set.of("buy", "sell").contains(request.path("side").asText())) {
      return "invalid side";
    }
    if (!TYPES.contains(type)) {
      return "invalid order type";
    }
    if (!TIFS.contains(request.path("time_in_force").asText())) {
      return "invalid time_in_force";
    }
    boolean limit = type.equals("limit") || type.equals("stop_limit");
    boolean stop = type.equals("stop") || type.equals("stop_limit");
    if (limit != request.hasNonNull("limit_price")) {
      return limit ? "limit_price is required" : "limit_price must not be given";
    }
    if (stop != request.hasNonNull("stop_price")) {
      return stop ? "stop_price is required" : "stop_price must not be given";
    }
    if (type.equals("trailing_stop")
        && request.hasNonNull("trail_price") == request.hasNonNull("trail_percent")) {
      return "exactly one of trail_price and trail_percent is required";
    }
    if (request.path("client_order_id").asText().length() > 48) {
      return "client_order_id must be no more than 48 characters";
    }
    return invalidClass(request);
  }

  /** Alpaca's advanced order classes: a bracket takes both exits, an OTO exactly one. */
  private static String invalidClass(ObjectNode request) {
    String orderClass = request.path("order_class").asText("simple");
    boolean takeProfit = request.path("take_profit").hasNonNull("limit_price");
    boolean stopLoss = request.path("stop_loss").hasNonNull("stop_price");
    switch (orderClass) {
      case "", "simple" -> {
        return takeProfit || stopLoss ? "take_profit and stop_loss need an order_class" : null;
      }
      case "bracket" -> {
        if (!takeProfit || !stopLoss) {
          return "bracket orders require take_profit.limit_price and stop_loss.stop_price";
        }
      }
      case "oto" -> {
        if (takeProfit == stopLoss) {
          return "oto orders require exactly one of take_profit and stop_loss";
        }
      }
      default -> {
        return "invalid order_class";
      }
    }
    return Set.of("day", "gtc").contains(request.path("time_in_force").asText())
        ? null
        : "time_in_force must be day or gtc for " + orderClass + " orders";
  }

  /** The exits of a bracket or OTO order, held until the entry fills, as Alpaca lists them. */
  private static ArrayNode legs(ObjectNode request) {
    ArrayNode legs = JSON.createArrayNode();
    String exitSide = request.get("side").asText().equals("buy") ? "sell" : "buy";
    if (request.path("take_profit").hasNonNull("limit_price")) {
      ObjectNode leg = legs.addObject();
      leg.put("side", exitSide).put("type", "limit").put("status", "held");
      leg.put("qty", request.get("qty").asText());
      leg.put("limit_price", request.get("take_profit").get("limit_price").asText());
    }
    if (request.path("stop_loss").hasNonNull("stop_price")) {
      ObjectNode leg = legs.addObject();
      leg.put("side", exitSide).put("type", "stop").put("status", "held");
      leg.put("qty", request.get("qty").asText());
      leg.put("stop_price", request.get("stop_loss").get("stop_price").asText());
    }
    return legs;
  }

  private ObjectNode create(Account account, ObjectNode request) {
    String id =
        UUID.nameUUIDFromBytes(("standin|" + (++ticks)).getBytes(StandardCharsets.UTF_8))
            .toString();
    String clientOrderId =
        request.hasNonNull("client_order_id")
            ? request.get("client_order_id").asText()
            : UUID.randomUUID().toString();
    String now = now();
    ObjectNode order = JSON.createObjectNode();
    order.put("id", id);
    order.put("client_order_id", clientOrderId);
    order.put("created_at", now);
    order.put("updated_at", now);
    order.put("submitted_at", now);
    for (String field :
        new String[] {
          "filled_at",
          "expired_at",
          "canceled_at",
          "failed_at",
          "replaced_at",
          "replaced_by",
          "replaces",
          "notional",
          "hwm",
          "legs"
        }) {
      order.putNull(field);
    }
    order.put(
        "asset_id",
        UUID.nameUUIDFromBytes(request.get("symbol").asText().getBytes(StandardCharsets.UTF_8))
            .toString());
    order.put("symbol", request.get("symbol").asText());
    order.put("asset_class", "us_equity");
    order.put("qty", request.get("qty").asText());
    order.put("filled_qty", "0");
    order.putNull("filled_avg_price");
    order.put("order_class", request.path("order_class").asText(""));
    if (request.has("take_profit") || request.has("stop_loss")) {
      order.set("legs", legs(request));
    }
    order.put("order_type", request.get("type").asText());
    order.put("type", request.get("type").asText());
    order.put("side", request.get("side").asText());
    order.put("time_in_force", request.get("time_in_force").asText());
    for (String field :
        new String[] {"limit_price", "stop_price", "trail_price", "trail_percent"}) {
      if (request.hasNonNull(field)) {
        order.put(field, request.get(field).asText());
      } else {
        order.putNull(field);
      }
    }
    order.put("status", "accepted");
    order.put("extended_hours", false);
    account.orders.put(id, order);
    account.idByClientOrderId.put(clientOrderId, id);
    return order;
  }

  private Answer listOrders(Account account, Map<String, String> params) {
    String status = params.getOrDefault("status", "open");
    int limit = Integer.parseInt(params.getOrDefault("limit", "50"));
    ArrayNode list = JSON.createArrayNode();
    for (ObjectNode order : account.orders.values()) {
      boolean open = OPEN.contains(order.get("status").asText());
      if (list.size() < limit && (status.equals("all") || (status.equals("open") == open))) {
        list.add(order);
      }
    }
    return new Answer(200, list.toString(), Map.of());
  }

  private Answer cancel(ObjectNode order) {
    String status = order.get("status").asText();
    if (!OPEN.contains(status) || status.equals("pending_cancel")) {
      return new Answer(422, error(42210000, "order is not cancelable"), Map.of());
    }
    setStatus(order, asynchronousCancels ? "pending_cancel" : "canceled", "canceled_at");
    return new Answer(204, "", Map.of());
  }

  private Answer cancelAll(Account account) {
    ArrayNode results = JSON.createArrayNode();
    for (ObjectNode order : account.orders.values()) {
      String status = order.get("status").asText();
      if (OPEN.contains(status) && !status.equals("pending_cancel")) {
        cancel(order);
        ObjectNode result = results.addObject();
        result.put("id", order.get("id").asText());
        result.put("status", 200);
        result.set("body", order.deepCopy());
      }
    }
    return new Answer(207, results.toString(), Map.of());
  }

  private Answer replace(Account account, ObjectNode order, String body) {
    String status = order.get("status").asText();
    if (!OPEN.contains(status) || status.equals("pending_cancel")) {
      return new Answer(422, error(42210000, "order is not replaceable"), Map.of());
    }
    ObjectNode change;
    try {
      change = (ObjectNode) JSON.readTree(body);
    } catch (IOException | ClassCastException e) {
      return new Answer(400, error(40010000, "request body format is invalid"), Map.of());
    }
    String clientOrderId = change.path("client_order_id").asText(null);
    if (clientOrderId != null && account.idByClientOrderId.containsKey(clientOrderId)) {
      return new Answer(422, error(40010001, "client_order_id must be unique"), Map.of());
    }
    ObjectNode request = JSON.createObjectNode();
    for (String field :
        new String[] {
          "symbol", "side", "type", "time_in_force", "qty", "limit_price", "stop_price"
        }) {
      JsonNode value = change.hasNonNull(field) ? change.get(field) : order.get(field);
      if (value != null && !value.isNull()) {
        request.put(field, value.asText());
      }
    }
    if (clientOrderId != null) {
      request.put("client_order_id", clientOrderId);
    }
    // PATCH's 'trail' is the new value of whichever of trail_price and trail_percent it has.
    for (String trail : new String[] {"trail_price", "trail_percent"}) {
      if (order.hasNonNull(trail)) {
        request.set(trail, change.hasNonNull("trail") ? change.get("trail") : order.get(trail));
      }
    }
    ObjectNode successor = create(account, request);
    successor.put("replaces", order.get("id").asText());
    order.put("replaced_by", successor.get("id").asText());
    setStatus(order, "replaced", "replaced_at");
    return ok(successor);
  }

  // --- helpers --------------------------------------------------------------------------------

  private void setStatus(ObjectNode order, String status, String stampField) {
    String now = now();
    order.put("status", status);
    order.put("updated_at", now);
    if (stampField != null) {
      order.put(stampField, now);
    }
  }

  private String now() {
    return EPOCH.plusSeconds(++ticks).toString();
  }

  private Account accountOf(String clientOrderId) {
    for (Account account : accounts.values()) {
      if (account.idByClientOrderId.containsKey(clientOrderId)) {
        return account;
      }
    }
    throw new IllegalArgumentException("the stand-in has no order " + clientOrderId);
  }

  private ObjectNode orderOf(String clientOrderId) {
    Account account = accountOf(clientOrderId);
    return account.orders.get(account.idByClientOrderId.get(clientOrderId));
  }

  private static Answer ok(ObjectNode order) {
    return new Answer(200, order.toString(), Map.of());
  }

  private static String error(int code, String message) {
    ObjectNode node = JSON.createObjectNode();
    node.put("code", code);
    node.put("message", message);
    return node.toString();
  }

  private static Map<String, String> params(String query) {
    Map<String, String> params = new HashMap<>();
    if (query == null) {
      return params;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        params.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return params;
  }
}
