package io.tradingcore.schemas.registry;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Confluent-compatible Schema Registry for the local stack and for tests: an in-memory registry
 * (Confluent's own mock) behind Confluent's REST API, so that Confluent's client, Flink's {@code
 * avro-confluent} format and {@code curl} use it as they would the real server. State lives only as
 * long as the process.
 *
 * <pre>{@code
 * try (LocalSchemaRegistry registry = LocalSchemaRegistry.start("localhost", 0)) {
 *   String url = registry.url(); // e.g. http://localhost:41234
 * }
 * }</pre>
 */
public final class LocalSchemaRegistry implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalSchemaRegistry.class);

  /** A handful of threads: requests are short and writes are serialized anyway. */
  private static final int HANDLER_THREADS = 4;

  private static final int BACKLOG = 64;

  private final HttpServer server;
  private final ExecutorService executor;
  private final String url;

  private LocalSchemaRegistry(HttpServer server, ExecutorService executor, String url) {
    this.server = server;
    this.executor = executor;
    this.url = url;
  }

  /**
   * Starts a registry listening on {@code bindHost:port}; port 0 picks a free one.
   *
   * @throws IllegalStateException if the port is already in use
   * @throws UncheckedIOException if the server cannot start for another reason
   */
  public static LocalSchemaRegistry start(String bindHost, int port) {
    InetSocketAddress address = new InetSocketAddress(bindHost, port);
    HttpServer server;
    try {
      server = HttpServer.create(address, BACKLOG);
    } catch (BindException e) {
      throw new IllegalStateException(
          "Schema registry port " + port + " is already in use (bind address " + bindHost + ")", e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not start the schema registry on " + bindHost + ":" + port, e);
    }
    ExecutorService executor = Executors.newFixedThreadPool(HANDLER_THREADS, handlerThreads());
    server.setExecutor(executor);
    server.createContext("/", new RegistryHttpHandler(new SchemaStore()));
    server.start();
    InetSocketAddress bound = server.getAddress();
    String url = "http://" + urlHost(bound.getAddress(), bindHost) + ":" + bound.getPort();
    LOG.info("Schema registry listening on {} (bound to {})", url, bound);
    return new LocalSchemaRegistry(server, executor, url);
  }

  /** Starts a registry on all interfaces; port 0 picks a free one. */
  public static LocalSchemaRegistry start(int port) {
    return start("0.0.0.0", port);
  }

  /** The base URL clients use, e.g. {@code http://localhost:8085}. */
  public String url() {
    return url;
  }

  /** The port actually bound, useful after starting on port 0. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops at once: in-flight requests are cut off, as nothing here is worth waiting for. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("Schema registry on {} stopped", url);
  }

  /** A wildcard bind is reachable as localhost; otherwise clients must use the bound host. */
  private static String urlHost(InetAddress bound, String bindHost) {
    if (bound.isAnyLocalAddress()) {
      return "localhost";
    }
    return bindHost.contains(":") ? "[" + bindHost + "]" : bindHost;
  }

  private static ThreadFactory handlerThreads() {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, "schema-registry-http-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
