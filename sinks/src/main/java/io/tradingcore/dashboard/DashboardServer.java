package io.tradingcore.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tradingcore.kafka.ControlPublisher;
import io.tradingcore.schemas.avro.ControlCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard over HTTP (JDK server): {@code GET /} the page (self-contained: inline script and
 * style, no third-party resources), {@code GET /api/state} the view as JSON, which the page polls
 * twice a second, and {@code POST /api/control/kill} and {@code /api/control/resume}, which sign
 * and publish a command on {@code control.v1}.
 *
 * <p>The two POSTs need HTTP Basic credentials from the dashboard's credentials file, a JSON body
 * with the portfolio and a reason, and the header {@value #CSRF_HEADER}: a page on another origin
 * cannot send a custom header without a CORS pre-flight, which this server never grants, so a
 * forged cross-site request is refused before credentials are even looked at.
 */
public final class DashboardServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);

  /** The header every POST must carry (any value): the cross-site request forgery guard. */
  public static final String CSRF_HEADER = "X-Trading-Core-Dashboard";

  static final String REALM = "Trading Core dashboard";
  static final String CHALLENGE_SCHEME = "DashboardBasic";
  private static final int MAX_BODY_BYTES = 4096;
  private static final String PAGE = "dashboard.html";
  private static final String SECURITY_POLICY =
      "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline';"
          + " connect-src 'self'; img-src data:; frame-ancestors 'none'; form-action 'none'";

  private final HttpServer server;
  private final ExecutorService executor;
  private final String url;

  private DashboardServer(HttpServer server, ExecutorService executor, String url) {
    this.server = server;
    this.executor = executor;
    this.url = url;
  }

  /**
   * Starts serving {@code view} on {@code bindHost:port} (port 0 picks a free one).
   *
   * @param credentials who may send commands; {@code null} with {@code sender} for a read-only
   *     dashboard
   * @param sender publishes commands; {@code null} for a read-only dashboard
   * @throws IllegalStateException naming the port when it is taken
   */
  public static DashboardServer start(
      String bindHost,
      int port,
      DashboardView view,
      DashboardCredentials credentials,
      ControlSender sender) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(bindHost, port), 32);
    } catch (BindException e) {
      throw new IllegalStateException(
          "Dashboard port "
              + port
              + " is already in use: stop whatever holds it or choose another with"
              + " --dashboard-port",
          e);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the dashboard on port " + port, e);
    }
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            4,
            task -> {
              Thread thread = new Thread(task, "dashboard-http-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    Handler handler =
        new Handler(view, credentials != null && sender != null ? credentials : null, sender);
    server.createContext("/", handler::handle);
    server.start();
    InetSocketAddress bound = server.getAddress();
    String host = bound.getAddress().isAnyLocalAddress() ? "localhost" : bindHost;
    String url = "http://" + host + ":" + bound.getPort();
    LOG.info("Dashboard on {}", url);
    return new DashboardServer(server, executor, url);
  }

  /** Where a browser opens it, e.g. {@code http://localhost:8088}. */
  public String url() {
    return url;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Routes requests; one instance serves every thread. */
  private static final class Handler {
    private final ObjectMapper json = new ObjectMapper();
    private final DashboardView view;
    private final DashboardCredentials credentials;
    private final ControlSender sender;
    private final byte[] page;

    Handler(DashboardView view, DashboardCredentials credentials, ControlSender sender) {
      this.view = view;
      this.credentials = credentials;
      this.sender = sender;
      try (InputStream in = DashboardServer.class.getResourceAsStream(PAGE)) {
        if (in == null) {
          throw new IllegalStateException(
              "The dashboard page " + PAGE + " is not on the classpath");
        }
        this.page = in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void handle(HttpExchange exchange) throws IOException {
      try (exchange) {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        switch (path) {
          case "/", "/index.html" -> {
            if (!method.equals("GET") && !method.equals("HEAD")) {
              error(exchange, 405, "use GET");
              return;
            }
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.getResponseHeaders().set("Content-Security-Policy", SECURITY_POLICY);
            send(exchange, 200, page);
          }
          case "/api/state" -> {
            if (!method.equals("GET")) {
              error(exchange, 405, "use GET");
              return;
            }
            sendJson(exchange, 200, view.state(credentials != null));
          }
          case "/api/control/kill" -> control(exchange, ControlCommand.KILL);
          case "/api/control/resume" -> control(exchange, ControlCommand.RESUME);
          default -> error(exchange, 404, "no such page: " + path);
        }
      } catch (RuntimeException e) {
        LOG.warn("Dashboard request {} failed", exchange.getRequestURI(), e);
        try {
          error(exchange, 500, "internal error: " + e.getClass().getSimpleName());
        } catch (IOException | RuntimeException alreadyAnswered) {
          // The response had started; the client sees a cut connection.
        }
      }
    }

    private void control(HttpExchange exchange, ControlCommand command) throws IOException {
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.getResponseHeaders().set("Allow", "POST");
        error(exchange, 405, "use POST");
        return;
      }
      if (exchange.getRequestHeaders().getFirst(CSRF_HEADER) == null) {
        error(exchange, 403, "commands need the header " + CSRF_HEADER + " (any value)");
        return;
      }
      if (!sameOrigin(exchange)) {
        error(exchange, 403, "commands are accepted only from the dashboard's own page");
        return;
      }
      if (credentials == null) {
        error(
            exchange,
            503,
            "this dashboard is read-only: it was started without credentials or control keys");
        return;
      }
      String user = authenticatedUser(exchange);
      if (user == null) {
        // Not "Basic": for a Basic challenge a browser puts up its own login box over the page's
        // (and a headless one blocks the request). Clients send Basic credentials up front, as
        // the page and `curl -u` do.
        exchange
            .getResponseHeaders()
            .set("WWW-Authenticate", CHALLENGE_SCHEME + " realm=\"" + REALM + "\"");
        LOG.warn(
            "Dashboard refused {} from {}: missing or wrong credentials",
            command,
            exchange.getRemoteAddress());
        error(exchange, 401, "missing or wrong user name or password");
        return;
      }
      byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        error(exchange, 413, "the body is larger than " + MAX_BODY_BYTES + " bytes");
        return;
      }
      JsonNode request;
      try {
        request = json.readTree(body);
      } catch (IOException e) {
        error(exchange, 400, "the body must be JSON: {\"portfolio\": \"main\", \"reason\": \"…\"}");
        return;
      }
      String portfolio = text(request, "portfolio");
      String reason = text(request, "reason");
      if (portfolio.isBlank() || reason.isBlank()) {
        error(
            exchange,
            400,
            (portfolio.isBlank() ? "portfolio is required ('*' for all)" : "")
                + (portfolio.isBlank() && reason.isBlank() ? "; " : "")
                + (reason.isBlank() ? "reason is required: say why" : ""));
        return;
      }
      ControlPublisher.Sent sent;
      try {
        sent = sender.send(portfolio, command, "dashboard:" + user, reason);
      } catch (IllegalArgumentException e) {
        error(exchange, 400, e.getMessage());
        return;
      } catch (IllegalStateException e) {
        LOG.warn("Dashboard could not publish {}", command, e);
        error(exchange, 502, e.getMessage());
        return;
      }
      LOG.info(
          "Dashboard sent {} for portfolio {} as command {} by {}: {}",
          command,
          portfolio,
          sent.command().getCommandId(),
          user,
          reason);
      Map<String, Object> answer = new LinkedHashMap<>();
      answer.put("command", command.name());
      answer.put("portfolio", portfolio);
      answer.put("commandId", sent.command().getCommandId());
      answer.put("operator", sent.command().getOperator());
      answer.put("keyId", sent.command().getKeyId());
      answer.put("partition", sent.written().partition());
      answer.put("offset", sent.written().offset());
      sendJson(exchange, 200, answer);
    }

    /** An Origin header, when the browser sends one, must name this server as the Host does. */
    private static boolean sameOrigin(HttpExchange exchange) {
      String origin = exchange.getRequestHeaders().getFirst("Origin");
      if (origin == null) {
        return true;
      }
      String host = exchange.getRequestHeaders().getFirst("Host");
      try {
        URI uri = URI.create(origin);
        String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
        return host != null && authority.equalsIgnoreCase(host);
      } catch (IllegalArgumentException e) {
        return false;
      }
    }

    /** The user of a good Basic Authorization header, else {@code null}. */
    private String authenticatedUser(HttpExchange exchange) {
      String header = exchange.getRequestHeaders().getFirst("Authorization");
      if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
        return null;
      }
      String decoded;
      try {
        decoded =
            new String(
                Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return null;
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        return null;
      }
      String user = decoded.substring(0, colon);
      return credentials.matches(user, decoded.substring(colon + 1)) ? user : null;
    }

    private static String text(JsonNode request, String field) {
      JsonNode node = request == null ? null : request.get(field);
      return node == null || !node.isTextual() ? "" : node.asText().strip();
    }

    private void sendJson(HttpExchange exchange, int status, Object value) throws IOException {
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      send(exchange, status, json.writeValueAsBytes(value));
    }

    private void error(HttpExchange exchange, int status, String message) throws IOException {
      sendJson(exchange, status, Map.of("error", message));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
      boolean head = exchange.getRequestMethod().equals("HEAD");
      exchange.sendResponseHeaders(status, head ? -1 : body.length);
      if (!head) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "DashboardServer[%s]", url);
  }
}
