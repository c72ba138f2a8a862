package io.tradingcore.local;

import io.tradingcore.alerts.AlertForwarder;
import io.tradingcore.alerts.AlertsConfig;
import io.tradingcore.alerts.AlertsMain;
import io.tradingcore.alerts.Webhook;
import io.tradingcore.alerts.WebhookFile;
import io.tradingcore.alerts.WebhookFormat;
import io.tradingcore.bridge.BridgeConfig;
import io.tradingcore.bridge.BrokerBridge;
import io.tradingcore.bridge.PaperBroker;
import io.tradingcore.dashboard.Dashboard;
import io.tradingcore.jobs.CommandLines;
import io.tradingcore.jobs.ControlMain;
import io.tradingcore.jobs.OrderDeliveryOption;
import io.tradingcore.jobs.OrderSinkOptions;
import io.tradingcore.jobs.StrategyChoice;
import io.tradingcore.jobs.StrategyOptions;
import io.tradingcore.jobs.TradingJob;
import io.tradingcore.jobs.TradingJobConfig;
import io.tradingcore.jobs.TradingJobMain;
import io.tradingcore.jobs.TradingOptions;
import io.tradingcore.kafka.KafkaEndpoints;
import io.tradingcore.kafka.OrderSinkChecks;
import io.tradingcore.kafka.RegistrySettings;
import io.tradingcore.replay.MarketDataOptions;
import io.tradingcore.replay.ReplaySpeed;
import io.tradingcore.replay.Replayer;
import io.tradingcore.risk.control.ControlKeys;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.registry.LocalSchemaRegistry;
import io.tradingcore.schemas.serde.RegistryClient;
import io.tradingcore.schemas.serde.RegistryUnavailableException;
import io.tradingcore.strategy.MomentumStrategy;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The whole loop on one machine with one command: a real Kafka broker (KRaft), a
 * Confluent-compatible schema registry, a Flink MiniCluster with its web UI running the trading
 * job, a market-data replayer and the paper broker bridge; progress while it runs and a summary at
 * the end.
 */
@Command(
    name = "local-stack",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Runs Trading Core end to end on this machine: embedded Kafka, schema registry,",
      "Flink MiniCluster (web UI), replayer and paper broker bridge."
    })
public final class LocalStack implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin MarketDataOptions data = new MarketDataOptions();

  @Option(
      names = "--speed",
      defaultValue = "1200",
      converter = ReplaySpeedConverter.class,
      description =
          "Replay speed as a multiple of real time, or 'max' (default: ${DEFAULT-VALUE}: 20 one-minute bars a second).")
  ReplaySpeed speed;

  @Option(
      names = "--duration",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "Longest the replay runs before the run drains and ends, e.g. 90s, 5m (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--bootstrap-servers",
      description = "Use this Kafka instead of starting an embedded broker.")
  String bootstrapServers;

  @Option(
      names = "--registry-url",
      description = "Use this schema registry instead of starting the embedded one.")
  String registryUrl;

  @Option(
      names = "--web-port",
      defaultValue = "8081",
      description = "Flink web UI port (default: ${DEFAULT-VALUE}).")
  int webPort;

  @Option(
      names = "--metrics-port",
      defaultValue = "9249",
      description =
          "Port of Flink's Prometheus reporter, scraped at http://localhost:PORT/metrics (default:"
              + " ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(
      names = "--kafka-port",
      defaultValue = "9092",
      description =
          "Embedded Kafka port (default: ${DEFAULT-VALUE}; its controller uses the next one).")
  int kafkaPort;

  @Option(
      names = "--registry-port",
      defaultValue = "8085",
      description = "Embedded schema registry port (default: ${DEFAULT-VALUE}).")
  int registryPort;

  @Option(
      names = "--dashboard-port",
      defaultValue = "8088",
      description = "Live P&L dashboard port; 0 turns it off (default: ${DEFAULT-VALUE}).")
  int dashboardPort;

  @Option(
      names = "--dashboard-credentials",
      paramLabel = "FILE",
      defaultValue = "${sys:tradingcore.home:-.}/.local/dashboard.credentials",
      description =
          "The dashboard's '<user> <password>' file for its kill switch and RESUME, created"
              + " (owner-only, random password) if missing (default: ${DEFAULT-VALUE}).")
  Path dashboardCredentials;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description =
          "Flink checkpoint interval; with exactly-once order delivery, orders are released when a"
              + " checkpoint completes (default: ${DEFAULT-VALUE}).")
  Duration checkpointInterval;

  @Mixin OrderDeliveryOption delivery = new OrderDeliveryOption();

  @Option(
      names = "--parallelism",
      defaultValue = "1",
      description = "Flink parallelism (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(
      names = "--connect-timeout",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "How long to wait for an existing Kafka or registry to answer (default: ${DEFAULT-VALUE}).")
  Duration connectTimeout;

  @Option(
      names = "--webhook-urls",
      paramLabel = "FILE",
      description =
          "Also forward risk alerts to the webhooks in FILE, one 'NAME [slack|discord] URL' a line"
              + " (chmod 600), as bin/trading-core alerts does; undelivered ones go to"
              + " .local/alerts/dead-letter.jsonl.")
  Path webhookUrls;

  @Mixin TradingOptions trading = new TradingOptions();

  @Mixin StrategyOptions strategy = new StrategyOptions();

  @Mixin OrderSinkOptions orderSink = new OrderSinkOptions();

  private final PrintStream out;
  private final boolean interactive;

  public LocalStack() {
    this(System.out, System.console() != null);
  }

  /** For tests: where progress goes, and whether to redraw one line (a terminal) or print lines. */
  public LocalStack(PrintStream out, boolean interactive) {
    this.out = out;
    this.interactive = interactive;
  }

  public static void main(String[] args) {
    int exit = commandLine(new LocalStack()).execute(args);
    System.exit(exit);
  }

  /** The command line with Trading Core's error handling: one clear line, no stack trace. */
  public static CommandLine commandLine(LocalStack stack) {
    return CommandLines.plainErrors(stack);
  }

  @Override
  public Integer call() throws Exception {
    if (metricsPort < 1 || metricsPort > 65535) {
      // 0 would bind some free port Prometheus could not be told about.
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--metrics-port must be a port from 1 to 65535, got " + metricsPort);
    }
    MarketDataOptions.Factory market = data.resolve(spec.commandLine(), trading);
    TradingJobConfig config = strategy.applyTo(trading.toConfig());
    // Operator commands are signed: the stack verifies them with the key file the control
    // command line signs with, created (owner-only) on first use.
    ControlKeys controlKeys =
        ControlKeys.loadOrGenerate(
            trading.controlKeys() != null ? trading.controlKeys() : ControlMain.defaultKeyFile(),
            ControlKeys.DEFAULT_KEY_ID);
    config = config.withRisk(config.risk().withControlKeys(controlKeys.file().toAbsolutePath()));
    List<Webhook> webhooks = webhooks();
    Deque<AutoCloseable> started = new ArrayDeque<>();
    long startNanos = System.nanoTime();
    Path dataDir = Files.createTempDirectory("trading-core-local-");
    try {
      out.println("Trading Core local stack");
      checkPortsAndExternalServices();
      String kafka = startKafka(dataDir, started);
      String registry = startRegistry(started);
      RegistryClient registryClient = new RegistryClient(registry, Duration.ofSeconds(10));
      List<String> created = KafkaSetup.createTopics(kafka, Duration.ofSeconds(30));
      for (Topic topic : Topic.values()) {
        registryClient.register(topic.valueSubject(), topic.valueSchema());
      }
      step(
          "Topics",
          created.isEmpty()
              ? "all " + Topic.values().length + " present; schemas registered"
              : "created " + String.join(", ", created) + "; schemas registered");

      // On a shared Kafka, earlier (or concurrent) runs' records, consumer groups and
      // transactional ids are not this run's business: each run has its own names and starts
      // reading at its own start.
      long runStart = System.currentTimeMillis();
      String runName = "local-" + runStart;
      RegistrySettings registrySettings = RegistrySettings.of(registry, true);
      KafkaEndpoints endpoints =
          orderSink.applyTo(
              new KafkaEndpoints(kafka, registrySettings, runName)
                  .startingFrom(runStart)
                  .withOrderDelivery(delivery.orderDelivery()));
      // A fresh run under its own name: this finds a broker whose transaction.max.timeout.ms is
      // below the sink's timeout (an existing Kafka) before anything is submitted.
      OrderSinkChecks.requireSafeToStart(endpoints, OrderSinkChecks.Start.FRESH, connectTimeout);
      LocalFlink flink =
          LocalFlink.startWithMetrics(webPort, Math.max(parallelism, 1), metricsPort);
      started.push(flink);
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(parallelism);
      TradingJobMain.configure(env, checkpointInterval);
      new TradingJob(config)
          .build(
              env,
              endpoints.bars(),
              endpoints.ticks(),
              endpoints.fills(),
              endpoints.models(),
              endpoints.control(),
              endpoints.brokerPositions(),
              TradingJob.Sinks.kafka(endpoints));
      StreamGraph graph = env.getStreamGraph();
      graph.setJobName(TradingJob.NAME);
      JobID job = flink.submit(graph);
      if (!Deadline.await(
          () -> flink.statusOrFailed(job) == JobStatus.RUNNING, Duration.ofSeconds(60))) {
        throw new IllegalStateException(
            "Trading job did not reach RUNNING within 60 s (status "
                + flink.statusOrFailed(job)
                + ")");
      }
      step(
          "Flink",
          "MiniCluster, web UI " + flink.webUi() + " (job " + TradingJob.NAME + " RUNNING)");
      step("Metrics", "Prometheus " + flink.metrics().orElseThrow() + " (Flink's reporter)");

      step("Strategy", describe(config.strategy()));
      step(
          "Control",
          "control.v1, commands verified with "
              + controlKeys.file()
              + " (key "
              + controlKeys.firstKeyId()
              + "): bin/trading-core control kill|flatten|resume|set-limit --reason …");

      BigDecimal initialCash = trading.initialCash();
      BrokerBridge bridge =
          new BrokerBridge(
              BridgeConfig.of(kafka, registrySettings)
                  .forRun(runName + "-bridge", runStart)
                  .withControlKeys(controlKeys.file())
                  // Nobody writes md.bars.1m.v1 when the job aggregates ticks: fill on trades.
                  .withFeed(
                      market.yieldsTicks() ? BridgeConfig.Feed.TRADES : BridgeConfig.Feed.BARS),
              new PaperBroker(initialCash));
      started.push(bridge);
      startDaemon("broker-bridge", bridge);
      step(
          "Broker bridge",
          "paper broker, initial cash "
              + RunSummary.money(initialCash)
              + (market.yieldsTicks() ? ", filling on the next trade of md.ticks.v1" : ""));

      if (dashboardPort != 0) {
        Dashboard dashboard =
            Dashboard.start(
                new Dashboard.Settings(
                    kafka,
                    registrySettings,
                    "0.0.0.0",
                    dashboardPort,
                    runStart,
                    initialCash,
                    config.strategy().isPolicy()
                        ? config.strategy().model().version()
                        : MomentumStrategy.ID,
                    dashboardCredentials,
                    controlKeys.file()));
        started.push(dashboard);
        step("Dashboard", dashboard.describe());
      }

      AlertForwarder alerts = null;
      if (!webhooks.isEmpty()) {
        alerts =
            new AlertForwarder(
                    AlertsConfig.of(kafka, registrySettings, AlertsMain.defaultDeadLetterFile())
                        .forRun(runName + "-alerts", runStart),
                    webhooks)
                .start();
        started.push(alerts);
        step("Alerts", alerts.describe());
      }

      RunMonitor monitor =
          new RunMonitor(kafka, registryClient, trading.portfolio(), initialCash, runStart);
      started.push(monitor);
      startDaemon("run-monitor", monitor);

      Replayer replayer = new Replayer(kafka, registryClient, speed);
      market.attach(replayer);
      started.push(replayer);
      startDaemon("replayer", replayer);
      step(
          "Replay",
          market.describe() + ", speed " + speed + ", for at most " + duration.toSeconds() + " s");
      out.println();

      Progress progress = new Progress(out, interactive, replayer, monitor, bridge, startNanos);
      long replayDeadline = System.nanoTime() + duration.toNanos();
      while (!replayer.isFinished() && System.nanoTime() < replayDeadline) {
        progress.tick();
        requireHealthy(flink, job, bridge, replayer);
        Deadline.await(replayer::isFinished, Duration.ofSeconds(1));
      }
      replayer.close();
      replayer.awaitFinished(10, java.util.concurrent.TimeUnit.SECONDS);
      progress.tick();
      if (replayer.replaysTicks()) {
        progress.note(
            "replay ended after " + replayer.ticksPublished() + " ticks; draining the pipeline");
        // How many bars the ticks make is the job's business; wait until its marks settle. The
        // bars of the last few seconds of ticks stay open: no later tick moves event time on.
        Deadline.awaitQuiet(
            monitor::marks,
            checkpointInterval.multipliedBy(3).plusSeconds(2),
            Duration.ofSeconds(60));
      } else {
        progress.note(
            "replay ended after " + replayer.barsPublished() + " bars; draining the pipeline");
      }

      // Every accepted bar of a traded symbol becomes one mark in its portfolio's book (the
      // benchmark's bars, when it is not traded, only feed the alignment).
      long expectedMarks =
          config.portfolios().stream().mapToLong(p -> replayer.barsPublished(p.symbols())).sum();
      if (!Deadline.await(() -> monitor.marks() >= expectedMarks, Duration.ofSeconds(60))) {
        progress.note(
            "warning: the book marked "
                + monitor.marks()
                + " of "
                + expectedMarks
                + " bars within 60 s; the rest were refused (see md.quarantine.v1) or are late");
      }
      // The last orders are released by the next checkpoint; wait for the bridge to answer them.
      if (!Deadline.awaitQuiet(
          () -> monitor.orders() + monitor.fills() + monitor.rejects(),
          checkpointInterval.multipliedBy(3).plusSeconds(1),
          Duration.ofSeconds(60))) {
        progress.note("warning: orders and fills were still changing after 60 s of draining");
      }
      requireHealthy(flink, job, bridge, replayer);
      progress.tick();
      progress.done();

      RunSummary summary =
          new RunSummary(
              replayer.barsPublished(),
              monitor.marks(),
              monitor.orders(),
              monitor.fills(),
              monitor.rejects(),
              monitor.riskEvents(),
              monitor.quarantined(),
              initialCash,
              monitor.equity(),
              monitor.totalReturn(),
              monitor.maxDrawdown(),
              monitor.lastSnapshot(),
              Duration.ofNanos(System.nanoTime() - startNanos),
              replayer.ticksPublished());
      flink.cancel(job);
      summary.print(out);
      if (alerts != null) {
        out.printf(Locale.ROOT, "  %-14s %s%n", "Alerts", alerts.summary());
      }
      return 0;
    } finally {
      closeAll(started);
      deleteRecursively(dataDir);
    }
  }

  /** The webhooks of {@code --webhook-urls}, read before anything starts; none without it. */
  private List<Webhook> webhooks() {
    if (webhookUrls == null) {
      return List.of();
    }
    try {
      return WebhookFile.load(webhookUrls, WebhookFormat.SLACK);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--webhook-urls: " + e.getMessage());
    }
  }

  /** Fails fast, before anything starts, on a busy port or an external service that is down. */
  private void checkPortsAndExternalServices() {
    Ports.requireFree(webPort, "Flink web UI, --web-port");
    Ports.requireFree(metricsPort, "Prometheus metrics, --metrics-port");
    if (bootstrapServers == null) {
      Ports.requireFree(kafkaPort, "Kafka, --kafka-port");
      Ports.requireFree(kafkaPort + 1, "Kafka controller, --kafka-port + 1");
    } else {
      KafkaSetup.awaitReachable(bootstrapServers, connectTimeout);
    }
    if (registryUrl == null) {
      Ports.requireFree(registryPort, "schema registry, --registry-port");
    } else {
      try {
        new RegistryClient(registryUrl, connectTimeout).subjects();
      } catch (RegistryUnavailableException e) {
        throw new IllegalStateException(
            "Schema registry at " + registryUrl + " is unreachable: " + KafkaSetup.rootMessage(e),
            e);
      }
    }
    if (dashboardPort != 0) {
      Ports.requireFree(dashboardPort, "dashboard, --dashboard-port");
    }
  }

  private String startKafka(Path dataDir, Deque<AutoCloseable> started) {
    if (bootstrapServers != null) {
      step("Kafka", bootstrapServers + " (existing)");
      return bootstrapServers;
    }
    long t0 = System.nanoTime();
    EmbeddedKafka kafka = EmbeddedKafka.start(kafkaPort, kafkaPort + 1, dataDir);
    started.push(kafka);
    KafkaSetup.awaitReachable(kafka.bootstrapServers(), Duration.ofSeconds(30));
    step(
        "Kafka",
        String.format(
            Locale.ROOT,
            "%s (embedded KRaft broker, up in %.1f s)",
            kafka.bootstrapServers(),
            (System.nanoTime() - t0) / 1e9));
    return kafka.bootstrapServers();
  }

  private String startRegistry(Deque<AutoCloseable> started) {
    if (registryUrl != null) {
      step("Schema registry", registryUrl + " (existing)");
      return registryUrl;
    }
    LocalSchemaRegistry registry = LocalSchemaRegistry.start("0.0.0.0", registryPort);
    started.push(registry);
    step("Schema registry", registry.url() + " (embedded, Confluent REST API)");
    return registry.url();
  }

  private void requireHealthy(LocalFlink flink, JobID job, BrokerBridge bridge, Replayer replayer) {
    JobStatus status = flink.statusOrFailed(job);
    if (status != JobStatus.RUNNING
        && status != JobStatus.RESTARTING
        && status != JobStatus.CREATED) {
      Throwable cause = flink.failureCause(job);
      throw new IllegalStateException(
          "Trading job stopped (" + status + ")" + (cause == null ? "" : ": " + cause), cause);
    }
    if (bridge.failure() != null) {
      throw new IllegalStateException(
          "Broker bridge stopped: " + bridge.failure(), bridge.failure());
    }
    if (replayer.failure() != null) {
      throw new IllegalStateException("Replay failed: " + replayer.failure(), replayer.failure());
    }
  }

  private static void startDaemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** What decides, for the banner: the policy's model and its training gate, or the baseline. */
  static String describe(StrategyChoice strategy) {
    if (!strategy.isPolicy()) {
      return "momentum baseline (" + MomentumStrategy.ID + ")";
    }
    String line = "policy " + strategy.model().version() + " (" + strategy.model().source() + ")";
    Map<String, Double> metrics = strategy.contract().metrics();
    Double gate = metrics.get("gate_passed");
    Double heldOut = metrics.get("eval_return");
    Double drawdown = metrics.get("eval_max_drawdown");
    if (gate != null && heldOut != null && drawdown != null) {
      line +=
          String.format(
              Locale.ROOT,
              "; training gate %s: held-out return %+.3f %%, max drawdown %.3f %%",
              gate >= 1 ? "PASS" : "FAIL",
              heldOut * 100,
              drawdown * 100);
    }
    return line;
  }

  private void step(String label, String detail) {
    out.printf(Locale.ROOT, "  %-16s %s%n", label, detail);
  }

  private static void closeAll(Deque<AutoCloseable> started) {
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        System.err.println("warning: while shutting down: " + e);
      }
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("warning: could not delete " + dir + ": " + e.getMessage());
    }
  }

  /** Converts --speed. */
  static final class ReplaySpeedConverter implements CommandLine.ITypeConverter<ReplaySpeed> {
    @Override
    public ReplaySpeed convert(String value) {
      try {
        return ReplaySpeed.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
