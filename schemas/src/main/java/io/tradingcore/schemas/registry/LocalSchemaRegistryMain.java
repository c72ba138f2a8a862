package io.tradingcore.schemas.registry;

import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link LocalSchemaRegistry} from the command line until Ctrl-C, for the local stack:
 * {@code LocalSchemaRegistryMain [--host 0.0.0.0] [--port 8085]}.
 */
public final class LocalSchemaRegistryMain {

  private static final String USAGE =
      "Usage: LocalSchemaRegistryMain [--host HOST] [--port PORT]\n"
          + "  --host  address to bind (default 0.0.0.0)\n"
          + "  --port  port to listen on (default 8085, 0 picks a free one)";

  private LocalSchemaRegistryMain() {}

  public static void main(String[] args) throws InterruptedException {
    String host = "0.0.0.0";
    int port = 8085;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--host" -> host = valueAfter(args, i++);
        case "--port" -> port = portAfter(args, i++);
        case "-h", "--help" -> {
          System.out.println(USAGE);
          return;
        }
        default -> fail("Unknown argument: " + args[i]);
      }
    }

    LocalSchemaRegistry registry;
    try {
      registry = LocalSchemaRegistry.start(host, port);
    } catch (IllegalStateException e) {
      fail(e.getMessage());
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  registry.close();
                  stopped.countDown();
                },
                "schema-registry-shutdown"));
    System.out.println(
        "Schema registry listening on " + registry.url() + " (in memory: state ends with it)");
    stopped.await();
  }

  private static String valueAfter(String[] args, int i) {
    if (i + 1 >= args.length) {
      fail(args[i] + " needs a value");
    }
    return args[i + 1];
  }

  private static int portAfter(String[] args, int i) {
    String value = valueAfter(args, i);
    try {
      int port = Integer.parseInt(value);
      if (port < 0 || port > 65535) {
        fail("--port must be between 0 and 65535, got " + value);
      }
      return port;
    } catch (NumberFormatException e) {
      fail("--port must be a number, got " + value);
      return -1;
    }
  }

  private static void fail(String message) {
    System.err.println(message);
    System.err.println(USAGE);
    System.exit(2);
  }
}
