package io.tradingcore.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A webhook endpoint on a free loopback port (the JDK's HTTP server) that answers each path as a
 * test scripts it — 200 unless told otherwise, a queue of answers, or no answer at all — and
 * records every request it received with the status it answered.
 */
public final class WebhookReceiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as received, with the status it got ({@code 0}: it got no answer). */
  public record Request(String path, String contentType, String body, int status) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    public boolean delivered() {
      return status >= 200 && status < 300;
    }
  }

  /** How to answer one request. */
  public record Answer(int status, Map<String, String> headers, String body, boolean hang) {
    public static Answer ok() {
      return status(200);
    }

    public static Answer status(int status) {
      return new Answer(status, Map.of(), "", false);
    }

    public static Answer status(int status, String body) {
      return new Answer(status, Map.of(), body, false);
    }

    public static Answer tooManyRequests(String retryAfter) {
      return new Answer(429, Map.of("Retry-After", retryAfter), "rate limited", false);
    }

    /** Reads the request and never answers (until the receiver closes). */
    public static Answer noAnswer() {
      return new Answer(0, Map.of(), "", true);
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Answer>> scripted = new HashMap<>();
  private final Map<String, Answer> standing = new HashMap<>();
  private final CountDownLatch closing = new CountDownLatch(1);

  private WebhookReceiver(HttpServer server) {
    this.server = server;
  }

  public static WebhookReceiver start() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    WebhookReceiver receiver = new WebhookReceiver(server);
    server.createContext("/", receiver::handle);
    server.setExecutor(receiver.executor);
    server.start();
    return receiver;
  }

  /** The URL of {@code path} (e.g. {@code /services/T0/B0/secret}) on this receiver. */
  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
  }

  /** The next requests to {@code path} get {@code answers}, one each, in order. */
  public synchronized WebhookReceiver then(String path, Answer... answers) {
    scripted.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(answers));
    return this;
  }

  /** Every request to {@code path} without a scripted answer gets {@code answer} (200 if unset). */
  public synchronized WebhookReceiver always(String path, Answer answer) {
    standing.put(path, answer);
    return this;
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public List<Request> requests(String path) {
    return requests.stream().filter(r -> r.path().equals(path)).toList();
  }

  /** The requests to {@code path} answered 2xx, in arrival order. */
  public List<Request> delivered(String path) {
    return requests(path).stream().filter(Request::delivered).toList();
  }

  private synchronized Answer next(String path) {
    Deque<Answer> queue = scripted.get(path);
    if (queue != null && !queue.isEmpty()) {
      return queue.poll();
    }
    return standing.getOrDefault(path, Answer.ok());
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      Answer answer = next(path);
      requests.add(new Request(path, contentType, body, answer.hang() ? 0 : answer.status()));
      if (answer.hang()) {
        closing.await(60, TimeUnit.SECONDS);
        return;
      }
      answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    executor.shutdownNow();
  }
}
