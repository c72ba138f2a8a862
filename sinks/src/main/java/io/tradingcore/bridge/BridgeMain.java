package io.tradingcore.bridge;

import io.tradingcore.bridge.alpaca.AlpacaBroker;
import io.tradingcore.bridge.alpaca.AlpacaCredentials;
import io.tradingcore.bridge.alpaca.AlpacaSettings;
import io.tradingcore.cli.DurationConverter;
import io.tradingcore.dashboard.Dashboard;
import io.tradingcore.kafka.RegistrySettings;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs the broker bridge as its own process (cluster and Docker deployments). */
@Command(
    name = "broker-bridge",
    mixinStandardHelpOptions = true,
    description = {
      "Drains orders.v1 into a broker and publishes execution reports on fills.v1; with"
          + " --control-keys it also cancels working orders on a signed KILL from control.v1."
    })
public final class BridgeMain implements Callable<Integer> {

  /** Which broker the bridge drives. */
  public enum BrokerKind {
    paper,
    alpaca
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--bootstrap-servers",
      required = true,
      description = "Kafka bootstrap servers, e.g. kafka:9092.")
  String bootstrapServers;

  @Option(
      names = "--registry-url",
      required = true,
      description = "Schema registry URL, e.g. http://schema-registry:8081.")
  String registryUrl;

  @Option(
      names = "--name",
      defaultValue = "broker-bridge",
      description = "Consumer group and transactional id prefix (default: ${DEFAULT-VALUE}).")
  String name;

  @Option(
      names = "--initial-cash",
      defaultValue = "100000",
      description = "Starting cash of each paper account (default: ${DEFAULT-VALUE}).")
  BigDecimal initialCash;

  @Option(
      names = "--auto-register-schemas",
      defaultValue = "false",
      description = "Register this build's schemas if missing (default: ${DEFAULT-VALUE}).")
  boolean autoRegister;

  @Option(
      names = "--control-keys",
      paramLabel = "FILE",
      description =
          "Key file that verifies control.v1 commands (lines '<key id> <base64 secret>'); the"
              + " bridge then cancels a portfolio's working orders on a signed KILL. Without it,"
              + " control.v1 is not read.")
  Path controlKeys;

  @Option(
      names = "--reconcile-interval",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "How often to publish each portfolio's broker positions on positions.broker.v1, for"
              + " the trading job to reconcile its book with, e.g. 30s, 5m; 0 turns it off"
              + " (default: ${DEFAULT-VALUE}).")
  Duration reconcileInterval;

  @Option(
      names = "--fill-on",
      defaultValue = "bars",
      converter = FeedConverter.class,
      description =
          "What the paper broker fills orders on: bars (md.bars.1m.v1) or trades (the trade ticks"
              + " of md.ticks.v1, for a job that aggregates its bars from ticks) (default:"
              + " ${DEFAULT-VALUE}).")
  BridgeConfig.Feed feed;

  @Option(
      names = "--broker",
      defaultValue = "paper",
      description =
          "Broker to place orders with: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  BrokerKind brokerKind;

  @Option(
      names = "--alpaca-url",
      defaultValue = "https://paper-api.alpaca.markets",
      description =
          "Alpaca Trading API root (default: ${DEFAULT-VALUE}, paper trading; the live endpoint"
              + " is https://api.alpaca.markets).")
  URI alpacaUrl;

  @Option(
      names = "--alpaca-credentials",
      paramLabel = "FILE",
      description =
          "With --broker alpaca: the secrets file of lines '<portfolio> <key id> <secret key>',"
              + " one Alpaca account per portfolio, readable by its owner only (chmod 600)."
              + " Keys are never read from the environment.")
  Path alpacaCredentials;

  @Option(
      names = "--dashboard-port",
      paramLabel = "PORT",
      description =
          "Serve the live P&L dashboard on this port (off unless given); it shows the last 24 hours"
              + " of portfolio.v1, orders.v1, fills.v1 and risk.events.v1.")
  Integer dashboardPort;

  @Option(
      names = "--dashboard-credentials",
      paramLabel = "FILE",
      description =
          "With --dashboard-port and --control-keys: the '<user> <password>' file (chmod 600) that"
              + " unlocks the dashboard's kill switch and RESUME; without it the dashboard is"
              + " read-only.")
  Path dashboardCredentials;

  /** How far back a bridge's dashboard starts reading. */
  static final Duration DASHBOARD_HISTORY = Duration.ofHours(24);

  @Override
  public Integer call() throws Exception {
    if (dashboardCredentials != null && dashboardPort == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--dashboard-credentials needs --dashboard-port PORT");
    }
    BridgeConfig config =
        new BridgeConfig(
            bootstrapServers,
            RegistrySettings.of(registryUrl, autoRegister),
            name,
            Duration.ofMillis(100),
            null,
            controlKeys,
            reconcileInterval,
            feed);
    BrokerBridge bridge;
    try {
      bridge = new BrokerBridge(config, broker());
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 1;
    }
    System.out.println(
        controlKeys == null
            ? "Broker bridge '"
                + name
                + "': no --control-keys, so control.v1 is not read and a KILL does not cancel"
                + " orders here"
            : "Broker bridge '"
                + name
                + "': cancels working orders on a signed KILL from control.v1 (keys from "
                + controlKeys
                + ")");
    Dashboard dashboard = dashboardPort == null ? null : startDashboard();
    Thread worker = new Thread(bridge, "broker-bridge");
    Runtime.getRuntime().addShutdownHook(new Thread(bridge::close, "broker-bridge-shutdown"));
    worker.start();
    worker.join();
    if (dashboard != null) {
      dashboard.close();
    }
    if (bridge.failure() != null) {
      System.err.println("Broker bridge failed: " + bridge.failure());
      return 1;
    }
    return 0;
  }

  /**
   * The broker the options choose.
   *
   * @throws CommandLine.ParameterException when Alpaca is chosen without a credentials file
   * @throws IllegalArgumentException when the credentials file or the Alpaca settings are unusable
   */
  Broker broker() {
    if (brokerKind == BrokerKind.paper) {
      if (alpacaCredentials != null) {
        throw new CommandLine.ParameterException(
            spec.commandLine(),
            "--alpaca-credentials is for --broker alpaca; the paper broker needs no credentials");
      }
      return new PaperBroker(initialCash);
    }
    if (alpacaCredentials == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--broker alpaca needs --alpaca-credentials FILE: a file of lines '<portfolio> <key id>"
              + " <secret key>', one Alpaca account per portfolio (chmod 600). Keys are never"
              + " read from the environment.");
    }
    AlpacaCredentials credentials = AlpacaCredentials.load(alpacaCredentials);
    AlpacaBroker alpaca = new AlpacaBroker(AlpacaSettings.defaults(alpacaUrl), credentials);
    System.out.println(
        "Broker bridge '"
            + name
            + "' places orders at Alpaca "
            + alpacaUrl
            + " for portfolios "
            + credentials.portfolios());
    return alpaca;
  }

  /**
   * The dashboard the options ask for, started.
   *
   * @throws CommandLine.ParameterException when the port is out of range or credentials come
   *     without a port
   */
  Dashboard startDashboard() {
    if (dashboardPort < 1 || dashboardPort > 65535) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--dashboard-port must be 1 to 65535, got " + dashboardPort);
    }
    Dashboard dashboard =
        Dashboard.start(
            new Dashboard.Settings(
                bootstrapServers,
                RegistrySettings.of(registryUrl, autoRegister),
                "0.0.0.0",
                dashboardPort,
                System.currentTimeMillis() - DASHBOARD_HISTORY.toMillis(),
                brokerKind == BrokerKind.paper ? initialCash : null,
                null,
                dashboardCredentials,
                controlKeys));
    System.out.println("Dashboard " + dashboard.describe());
    return dashboard;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new BridgeMain()).execute(args));
  }

  /** {@code bars} or {@code trades}, as the usage spells them. */
  static final class FeedConverter implements CommandLine.ITypeConverter<BridgeConfig.Feed> {
    @Override
    public BridgeConfig.Feed convert(String value) {
      for (BridgeConfig.Feed feed : BridgeConfig.Feed.values()) {
        if (feed.name().equalsIgnoreCase(value)) {
          return feed;
        }
      }
      throw new CommandLine.TypeConversionException("expected bars or trades, got '" + value + "'");
    }
  }
}
