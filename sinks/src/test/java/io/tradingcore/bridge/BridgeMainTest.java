package io.tradingcore.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.bridge.alpaca.AlpacaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The broker options, up to the broker they build (nothing connects to Kafka here). */
class BridgeMainTest {
  private static final String[] KAFKA = {
    "--bootstrap-servers", "localhost:9092", "--registry-url", "http://localhost:8081"
  };

  @TempDir Path dir;

  @Test
  void thePaperBrokerIsTheDefault() {
    BridgeMain main = parse();

    assertThat(main.broker()).isInstanceOf(PaperBroker.class);
  }

  @Test
  void fillsOnBarsByDefaultAndOnTradesWhenAsked() {
    assertThat(parse().feed).isEqualTo(BridgeConfig.Feed.BARS);
    assertThat(parse("--fill-on", "trades").feed).isEqualTo(BridgeConfig.Feed.TRADES);

    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new BridgeMain());
    command.setErr(new PrintWriter(err));
    assertThat(command.execute(with("--fill-on", "quotes"))).isEqualTo(2);
    assertThat(err.toString()).contains("expected bars or trades, got 'quotes'");
  }

  @Test
  void alpacaWithACredentialsFileUsesThePaperTradingEndpointByDefault() throws Exception {
    Path file = dir.resolve("alpaca.credentials");
    Files.writeString(file, "main PKMAIN0000000001 abcdefghijklmnopqrstuvwxyz0123456789ABCD\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    BridgeMain main = parse("--broker", "alpaca", "--alpaca-credentials", file.toString());

    assertThat(main.alpacaUrl).hasToString("https://paper-api.alpaca.markets");
    assertThat(main.broker()).isInstanceOf(AlpacaBroker.class);
  }

  @Test
  void alpacaWithoutACredentialsFileIsAClearError() {
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new BridgeMain());
    command.setErr(new PrintWriter(err));

    int exit = command.execute(with("--broker", "alpaca"));

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("--broker alpaca needs --alpaca-credentials FILE")
        .contains("never read from the environment");
  }

  @Test
  void anUnknownBrokerIsRefusedNamingTheChoices() {
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new BridgeMain());
    command.setErr(new PrintWriter(err));

    int exit = command.execute(with("--broker", "ib"));

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--broker").contains("paper, alpaca");
  }

  @Test
  void dashboardCredentialsWithoutADashboardPortIsAClearError() throws Exception {
    StringWriter err = new StringWriter();
    CommandLine command = new CommandLine(new BridgeMain());
    command.setErr(new PrintWriter(err));

    int exit = command.execute(with("--dashboard-credentials", dir.resolve("d").toString()));

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--dashboard-credentials needs --dashboard-port PORT");
  }

  @Test
  void theDashboardIsOffUnlessAPortIsGiven() {
    assertThat(parse().dashboardPort).isNull();
    assertThat(parse("--dashboard-port", "8088").dashboardPort).isEqualTo(8088);
  }

  private static BridgeMain parse(String... args) {
    BridgeMain main = new BridgeMain();
    new CommandLine(main).parseArgs(with(args));
    return main;
  }

  private static String[] with(String... args) {
    String[] all = new String[KAFKA.length + args.length];
    System.arraycopy(KAFKA, 0, all, 0, KAFKA.length);
    System.arraycopy(args, 0, all, KAFKA.length, args.length);
    return all;
  }
}
