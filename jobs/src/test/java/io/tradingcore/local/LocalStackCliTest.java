package io.tradingcore.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What a user sees when the command line or the machine is not as the local stack needs. */
class LocalStackCliTest {

  @Test
  void anUnknownOptionPrintsUsageWithTheValidOptions() {
    Result result = run("--sauce");

    assertThat(result.exit).isEqualTo(2);
    assertThat(result.err)
        .contains("Unknown option: '--sauce'")
        .contains("Usage: local-stack")
        .contains("--source")
        .contains("--bootstrap-servers")
        .contains("--registry-url")
        .contains("--speed")
        .contains("--duration")
        .contains("--symbols");
  }

  @Test
  void anUnknownDataSourceNamesTheValidOnes() {
    Result result = run("--source", "yahoo");

    assertThat(result.exit).isEqualTo(2);
    assertThat(result.err).contains("synthetic, csv, bitstamp, bitstamp-ticks");
  }

  @Test
  void bitstampTicksRefusesOtherSymbols() {
    Result result = run("--source", "bitstamp-ticks", "--symbols", "AAPL");

    assertThat(result.exit).isEqualTo(2);
    assertThat(result.err).contains("--source bitstamp-ticks has one symbol, BTCUSD");
  }

  @Test
  void csvWithoutAFolderSaysWhichOptionIsMissing() {
    Result result = run("--source", "csv");

    assertThat(result.exit).isEqualTo(2);
    assertThat(result.err).contains("--source csv needs --csv-dir");
  }

  @Test
  void aBadDurationIsExplained() {
    Result result = run("--duration", "soon");

    assertThat(result.exit).isEqualTo(2);
    assertThat(result.err).contains("'soon' is not a duration");
  }

  @Test
  void aPortInUseIsNamedBeforeAnythingStarts() throws Exception {
    assertBusyPortIsNamed("--kafka-port", "Kafka");
  }

  @Test
  void aBusyMetricsPortIsNamedBeforeAnythingStarts() throws Exception {
    assertBusyPortIsNamed("--metrics-port", "Prometheus metrics");
  }

  private static void assertBusyPortIsNamed(String option, String purpose) throws Exception {
    try (ServerSocket busy = new ServerSocket(0)) {
      Result result = run(option, String.valueOf(busy.getLocalPort()), "--web-port", "0");

      assertThat(result.exit).isEqualTo(1);
      assertThat(result.err)
          .contains(
              "Port "
                  + busy.getLocalPort()
                  + " ("
                  + purpose
                  + ", "
                  + option
                  + ") is already in use");
    }
  }

  @Test
  void aMetricsPortOutOfRangeIsRefused() {
    Result result = run("--metrics-port", "0");

    assertThat(result.exit).isEqualTo(2);
    assertThat(result.err).contains("--metrics-port must be a port from 1 to 65535, got 0");
  }

  @Test
  void anUnreachableKafkaIsReportedWithinTheConnectTimeout() throws Exception {
    int closed = closedPort();
    long start = System.nanoTime();

    Result result =
        run(
            "--bootstrap-servers", "localhost:" + closed,
            "--connect-timeout", "3s",
            "--web-port", "0");

    assertThat(result.exit).isEqualTo(1);
    assertThat(result.err).contains("Kafka at localhost:" + closed + " is unreachable");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void anUnreachableRegistryIsReportedWithinTheConnectTimeout() throws Exception {
    int closed = closedPort();
    long start = System.nanoTime();

    Result result =
        run(
            "--registry-url",
            "http://127.0.0.1:" + closed,
            "--connect-timeout",
            "3s",
            "--web-port",
            "0",
            "--kafka-port",
            String.valueOf(Ports.pickFree()));

    assertThat(result.exit).isEqualTo(1);
    assertThat(result.err)
        .contains("Schema registry at http://127.0.0.1:" + closed + " is unreachable");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void theDefaultConnectTimeoutIsThirtySeconds() {
    LocalStack stack = new LocalStack();
    LocalStack.commandLine(stack).parseArgs();

    assertThat(stack.connectTimeout).isEqualTo(Duration.ofSeconds(30));
  }

  private static int closedPort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    CommandLine cli =
        LocalStack.commandLine(
            new LocalStack(new PrintStream(out, true, StandardCharsets.UTF_8), false));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(withFreeMetricsPort(args));
    return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString());
  }

  /** The default metrics port may be taken by a stack running on this machine. */
  private static String[] withFreeMetricsPort(String... args) {
    if (java.util.Arrays.asList(args).contains("--metrics-port")) {
      return args;
    }
    String[] all = java.util.Arrays.copyOf(args, args.length + 2);
    all[args.length] = "--metrics-port";
    all[args.length + 1] = String.valueOf(Ports.pickFree());
    return all;
  }

  private record Result(int exit, String out, String err) {}
}
