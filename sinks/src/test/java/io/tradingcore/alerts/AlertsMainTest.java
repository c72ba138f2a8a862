package io.tradingcore.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.avro.Severity;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line's options and the errors it gives, before anything connects. */
class AlertsMainTest {
  @TempDir Path dir;

  @Test
  void theDefaultsAreTheDocumentedOnes() throws Exception {
    AlertsMain main = parse("--webhook-urls", webhooks("ops https://hooks.slack.com/x").toString());

    AlertsConfig config = main.config();

    assertThat(config.filter()).isEqualTo(AlertFilter.DEFAULT);
    assertThat(config.name()).isEqualTo("alerts");
    assertThat(config.startFromMillis()).isNull();
    assertThat(config.policy().maxAttempts()).isEqualTo(5);
    assertThat(config.policy().requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.policy().worstCase()).isEqualTo(Duration.ofSeconds(5 * 10 + 4 * 60));
    assertThat(config.deadLetterFile().toString()).endsWith(".local/alerts/dead-letter.jsonl");
    assertThat(main.webhooks()).extracting(Webhook::format).containsExactly(WebhookFormat.SLACK);
  }

  @Test
  void optionsChooseTheFilterTheStartAndTheFormat() throws Exception {
    AlertsMain main =
        parse(
            "--webhook-urls",
            webhooks("desk https://discord.com/api/webhooks/1/x").toString(),
            "--webhook-format",
            "DISCORD",
            "--min-severity",
            "halt",
            "--reasons",
            "trading_state,KILL_SWITCH",
            "--from-beginning");

    AlertsConfig config = main.config();

    assertThat(config.filter())
        .isEqualTo(
            new AlertFilter(
                Severity.HALT, java.util.Set.of(RiskReason.TRADING_STATE, RiskReason.KILL_SWITCH)));
    assertThat(config.startFromMillis()).isZero();
    assertThat(main.webhooks()).extracting(Webhook::format).containsExactly(WebhookFormat.DISCORD);
    assertThat(parse("--webhook-urls", "x", "--reasons", "none").config().filter().reasons())
        .isEmpty();
  }

  @Test
  void badInputIsRefusedNamingTheOptionAndTheFix() throws Exception {
    String file = webhooks("ops https://hooks.slack.com/x").toString();

    assertThat(run("--webhook-urls", file, "--attempts", "0"))
        .contains(
            "--attempts/--request-timeout/--retry-backoff/--max-backoff/--max-retry-after:"
                + " attempts must be between 1 and 100, got 0");
    assertThat(run("--webhook-urls", file, "--request-timeout", "soon"))
        .contains("'soon' is not a duration: use e.g. 90s, 2m, 500ms or PT1M");
    assertThat(run("--webhook-urls", file, "--reasons", "KILL,FOO"))
        .contains("--reasons: unknown reason(s) [KILL, FOO]; use 'none' or reasons of UNKNOWN,");
    assertThat(run("--webhook-urls", file, "--webhook-format", "teams"))
        .contains("expected slack or discord, got 'teams'");
    assertThat(run("--webhook-urls", file, "--min-severity", "LOUD"))
        .contains("--min-severity", "INFO, DENY, REDUCE, PAUSE, HALT");
    assertThat(run("--webhook-urls", webhooks("ops hooks.slack.com/x").toString()))
        .contains("--webhook-urls: Webhook file", "line 1: the URL must be http(s) with a host");
    assertThat(run()).contains("Missing required option: '--webhook-urls=FILE'");
  }

  private AlertsMain parse(String... args) {
    AlertsMain main = new AlertsMain();
    AlertsMain.commandLine(main).parseArgs(withKafka(args));
    return main;
  }

  /** What the command prints on its error stream, after checking it refused to run. */
  private String run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = AlertsMain.commandLine(new AlertsMain());
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(withKafka(args));
    assertThat(exit).as(err.toString()).isEqualTo(2);
    return err.toString();
  }

  private static String[] withKafka(String... args) {
    return Stream.concat(
            Stream.of("--bootstrap-servers", "127.0.0.1:1", "--registry-url", "http://127.0.0.1:1"),
            Stream.of(args))
        .toArray(String[]::new);
  }

  private Path webhooks(String... lines) throws Exception {
    Path file = Files.createTempFile(dir, "webhooks", ".txt");
    Files.write(file, List.of(lines));
    return file;
  }
}
