package io.tradingcore.alerts;

import io.tradingcore.cli.DurationConverter;
import io.tradingcore.kafka.RegistrySettings;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bin/trading-core alerts}: the alerts forwarder as its own process. */
@Command(
    name = "alerts",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = {
      "Forwards risk events from risk.events.v1 to Slack or Discord webhooks, with retries and a"
          + " dead-letter log; at least once, in order per webhook."
    })
public final class AlertsMain implements Callable<Integer> {

  /** Where dead letters go unless told: beside the control keys, under the checkout's .local. */
  static final String DEFAULT_DEAD_LETTER =
      "${sys:tradingcore.home:-.}/.local/alerts/dead-letter.jsonl";

  @Spec CommandSpec spec;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT",
      required = true,
      description = "Kafka bootstrap servers, e.g. kafka:9092.")
  String bootstrapServers;

  @Option(
      names = "--registry-url",
      paramLabel = "URL",
      required = true,
      description = "Schema registry URL, e.g. http://schema-registry:8081.")
  String registryUrl;

  @Option(
      names = "--webhook-urls",
      required = true,
      paramLabel = "FILE",
      description =
          "Secrets file of webhooks, one a line: 'NAME [slack|discord] URL' (# comments; chmod"
              + " 600). The name keys the webhook's consumer group and its dead letters; the URL"
              + " is never logged, only its host.")
  Path webhookUrls;

  @Option(
      names = "--webhook-format",
      defaultValue = "slack",
      paramLabel = "slack|discord",
      converter = FormatConverter.class,
      description =
          "Payload of a webhook whose line names no format: slack {\"text\":…} or discord"
              + " {\"content\":…} (default: ${DEFAULT-VALUE}).")
  WebhookFormat format;

  @Option(
      names = "--min-severity",
      paramLabel = "SEVERITY",
      defaultValue = "REDUCE",
      description =
          "Send every event of this severity or above: ${COMPLETION-CANDIDATES} (default:"
              + " ${DEFAULT-VALUE}: breakers, halts, reconciliation breaks).")
  Severity minSeverity;

  @Option(
      names = "--reasons",
      split = ",",
      paramLabel = "REASON",
      description =
          "Also send events with these reasons whatever their severity, comma-separated, or"
              + " 'none' (default: RESUME and refused commands or models, and the denials that"
              + " are limit violations: "
              + "TRADING_STATE,CONTROL_REJECTED,MODEL_REFUSED,MODEL_OUTPUT_INVALID,POSITION_LIMIT,"
              + "ORDER_QUANTITY,ORDER_NOTIONAL,PRICE_COLLAR,GROSS_EXPOSURE,NET_EXPOSURE,DAILY_LOSS,"
              + "ORDER_RATE,CORRELATION,CONCENTRATION,VALUE_AT_RISK).")
  List<String> reasons;

  @Option(
      names = "--dead-letter",
      paramLabel = "FILE",
      defaultValue = DEFAULT_DEAD_LETTER,
      description =
          "Append-only JSON-lines file of the alerts that could not be delivered (default:"
              + " ${DEFAULT-VALUE}).")
  Path deadLetter;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      defaultValue = AlertsConfig.DEFAULT_NAME,
      description =
          "Forwarder name; each webhook reads with the consumer group NAME-WEBHOOK (default:"
              + " ${DEFAULT-VALUE}).")
  String name;

  @Option(
      names = "--from-beginning",
      description =
          "A webhook's first run starts at the beginning of risk.events.v1 instead of its end.")
  boolean fromBeginning;

  @Option(
      names = "--attempts",
      paramLabel = "N",
      defaultValue = "" + DeliveryPolicy.DEFAULT_ATTEMPTS,
      description =
          "Requests per alert and webhook before it is dead-lettered, 1 to 100 (default: ${DEFAULT-VALUE}).")
  int attempts;

  @Option(
      names = "--request-timeout",
      paramLabel = "DURATION",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Longest one request may take (default: ${DEFAULT-VALUE}).")
  Duration requestTimeout;

  @Option(
      names = "--retry-backoff",
      paramLabel = "DURATION",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description =
          "First pause before a retry; doubles each time, with jitter (default: ${DEFAULT-VALUE}).")
  Duration backoff;

  @Option(
      names = "--max-backoff",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "Longest pause between retries (default: ${DEFAULT-VALUE}).")
  Duration maxBackoff;

  @Option(
      names = "--max-retry-after",
      paramLabel = "DURATION",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "Longest a 429's Retry-After is obeyed; a longer ask waits this long (default:"
              + " ${DEFAULT-VALUE}).")
  Duration maxRetryAfter;

  /**
   * Where dead letters go by default: {@code .local/alerts/dead-letter.jsonl} in the checkout (the
   * {@code tradingcore.home} property {@code bin/trading-core} sets), as {@link
   * #DEFAULT_DEAD_LETTER} says in picocli's words.
   */
  public static Path defaultDeadLetterFile() {
    return Path.of(
        System.getProperty("tradingcore.home", "."), ".local", "alerts", "dead-letter.jsonl");
  }

  public static void main(String[] args) {
    System.exit(commandLine(new AlertsMain()).execute(args));
  }

  static CommandLine commandLine(AlertsMain main) {
    CommandLine cli = new CommandLine(main);
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    return cli;
  }

  @Override
  public Integer call() throws Exception {
    AlertsConfig config = config();
    List<Webhook> webhooks = webhooks();
    AlertForwarder forwarder = new AlertForwarder(config, webhooks);
    spec.commandLine().getOut().println("Alerts forwarder '" + name + "': " + forwarder.describe());
    // On SIGTERM the hook stops the loop below and waits for it to close the forwarder and print
    // what it did (calling System.exit from here while the hook runs would block).
    CountDownLatch stopping = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stopping.countDown();
                  try {
                    closed.await(15, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "alerts-shutdown"));
    try {
      forwarder.start();
      while (!stopping.await(1, TimeUnit.SECONDS)) {
        if (forwarder.failure() != null) {
          spec.commandLine()
              .getErr()
              .println("error: alerts forwarder failed: " + forwarder.failure());
          return 1;
        }
      }
      return 0;
    } finally {
      forwarder.close();
      spec.commandLine().getOut().println("Alerts forwarder stopped: " + forwarder.summary());
      spec.commandLine().getOut().flush();
      closed.countDown();
    }
  }

  /**
   * The configuration the options describe.
   *
   * @throws CommandLine.ParameterException naming the option and the fix
   */
  AlertsConfig config() {
    DeliveryPolicy policy;
    try {
      policy =
          new DeliveryPolicy(
              attempts, requestTimeout, backoff, maxBackoff, maxRetryAfter, System.nanoTime());
    } catch (IllegalArgumentException e) {
      throw usage(
          "--attempts/--request-timeout/--retry-backoff/--max-backoff/--max-retry-after: "
              + e.getMessage());
    }
    try {
      return new AlertsConfig(
          bootstrapServers,
          RegistrySettings.of(registryUrl, false),
          name,
          Duration.ofMillis(200),
          fromBeginning ? 0L : null,
          new AlertFilter(minSeverity, reasons()),
          policy,
          deadLetter);
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  /** The webhooks in {@code --webhook-urls}. */
  List<Webhook> webhooks() {
    try {
      return WebhookFile.load(webhookUrls, format);
    } catch (IllegalArgumentException e) {
      throw usage("--webhook-urls: " + e.getMessage());
    }
  }

  private Set<RiskReason> reasons() {
    if (reasons == null) {
      return AlertFilter.DEFAULT_REASONS;
    }
    if (reasons.size() == 1 && reasons.get(0).strip().equalsIgnoreCase("none")) {
      return Set.of();
    }
    Set<RiskReason> chosen = EnumSet.noneOf(RiskReason.class);
    List<String> unknown = new ArrayList<>();
    for (String reason : reasons) {
      try {
        chosen.add(RiskReason.valueOf(reason.strip().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        unknown.add(reason);
      }
    }
    if (!unknown.isEmpty()) {
      throw usage(
          "--reasons: unknown reason(s) "
              + unknown
              + "; use 'none' or reasons of "
              + Arrays.stream(RiskReason.values())
                  .map(Enum::name)
                  .collect(Collectors.joining(",")));
    }
    return chosen;
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  /** {@code slack} or {@code discord}, as the usage spells them. */
  static final class FormatConverter implements CommandLine.ITypeConverter<WebhookFormat> {
    @Override
    public WebhookFormat convert(String value) {
      try {
        return WebhookFormat.of(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
