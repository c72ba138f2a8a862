package io.tradingcore.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradingcore.testing.KafkaTestStack;
import io.tradingcore.testing.PrometheusScrape;
import io.tradingcore.testing.TeeToStdout;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The README's first command, in process: the local stack runs to its summary, and its web UI
 * answers while it runs.
 */
@Tag("slow")
class LocalStackITCase {
  private static final Pattern WEB_UI = Pattern.compile("web UI (http://localhost:\\d+)");
  private static final Pattern METRICS =
      Pattern.compile("Metrics +Prometheus (http://localhost:\\d+/metrics)");

  /** How Flink's Prometheus reporter prefixes an operator's metrics. */
  private static final String OPERATOR = "flink_taskmanager_job_task_operator_";

  @Test
  void runsTheWholeLoopToASummaryWithTheWebUiUpMeanwhile() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    AtomicReference<String> overview = new AtomicReference<>();
    TeeToStdout tee = new TeeToStdout(captured);
    PrintStream out = new PrintStream(tee, true, StandardCharsets.UTF_8);

    CompletableFuture<Integer> run =
        CompletableFuture.supplyAsync(
            () ->
                LocalStack.commandLine(new LocalStack(out, false))
                    .execute(
                        "--duration", "15s",
                        "--speed", "2400",
                        "--web-port", String.valueOf(Ports.pickFree()),
                        "--metrics-port", String.valueOf(Ports.pickFree()),
                        "--kafka-port", String.valueOf(Ports.pickFreeWithNext()),
                        "--registry-port", String.valueOf(Ports.pickFree()),
                        "--dashboard-port", String.valueOf(Ports.pickFree())));

    // The stack announces its web UI.
    Matcher url = tee.awaitMatch(WEB_UI, Duration.ofSeconds(90));
    overview.set(get(url.group(1) + "/jobs/overview"));
    // The default strategy is the bundled policy: its scorer takes decisions (it stays flat, so
    // they become no orders), read from the job's metrics through the web UI's REST API.
    assertThat(Deadline.await(() -> policyDecisions(url.group(1)) > 0, Duration.ofSeconds(60)))
        .as("policy_decisions_total of the running job's scorer")
        .isTrue();
    URI metrics = URI.create(tee.awaitMatch(METRICS, Duration.ofSeconds(30)).group(1));
    PrometheusScrape first = PrometheusScrape.of(metrics);
    assertThat(first.sum(OPERATOR + "data_bars_total")).as("bars into the features").isPositive();
    PrometheusScrape.Waited later =
        PrometheusScrape.await(
            metrics,
            scrape ->
                movedOn(first, scrape, "data_bars_total")
                    && movedOn(first, scrape, "model_predict_seconds_count")
                    && movedOn(first, scrape, "decision_latency_seconds_count")
                    && scrape.sum(OPERATOR + "data_bars_per_second") > 0,
            Duration.ofSeconds(30));
    assertThat(later.met())
        .as("bars, predictions and decisions counted on and a bar rate reported")
        .isTrue();
    assertPolicyRunMetrics(later.scrape());

    assertThat(run.get()).isZero();
    String output = captured.toString(StandardCharsets.UTF_8);
    assertThat(overview.get()).contains("\"name\":\"trading-core\"").contains("RUNNING");
    assertThat(output)
        .contains("Kafka")
        .contains("embedded KRaft broker")
        .contains("Schema registry")
        .contains("bars ")
        .contains("Summary")
        .contains("Strategy         policy ppo-lstm-")
        .containsPattern("Orders +[\\d,]+ committed, [\\d,]+ filled")
        .containsPattern("Final equity +[\\d,]+\\.\\d\\d")
        .containsPattern("Return +[+-]\\d+\\.\\d{3} %")
        .containsPattern("Max drawdown +\\d+\\.\\d{3} %");
  }

  @Test
  void successiveRunsOnOneExistingKafkaEachSeeOnlyTheirOwnData() throws Exception {
    // A 3 s group rebalance delay, as on a stock broker: the bridge's group joins late, and must
    // still start at the run's first order.
    try (KafkaTestStack shared = KafkaTestStack.startLikeAStockBroker()) {
      for (int run = 1; run <= 2; run++) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int metricsPort = Ports.pickFree();
        String[] args = {
          "--bootstrap-servers",
          shared.bootstrapServers(),
          "--registry-url",
          shared.registryUrl(),
          "--duration",
          "8s",
          "--speed",
          "max",
          "--strategy",
          "momentum",
          "--web-port",
          String.valueOf(Ports.pickFree()),
          "--metrics-port",
          String.valueOf(metricsPort),
          "--dashboard-port",
          String.valueOf(Ports.pickFree())
        };
        CompletableFuture<Integer> running =
            CompletableFuture.supplyAsync(
                () ->
                    LocalStack.commandLine(
                            new LocalStack(
                                new PrintStream(
                                    new TeeToStdout(captured), true, StandardCharsets.UTF_8),
                                false))
                        .execute(args));
        if (run == 1) {
          // While it runs: the orders and fills of this run, counted by the job's operators.
          URI metrics = URI.create("http://localhost:" + metricsPort + "/metrics");
          PrometheusScrape.Waited traded =
              PrometheusScrape.await(
                  metrics,
                  scrape ->
                      scrape.sum(OPERATOR + "orders_total") > 0
                          && scrape.sum(OPERATOR + "fills_total") > 0,
                  Duration.ofSeconds(60));
          assertThat(traded.met())
              .as("orders_total and fills_total counted while the momentum run trades")
              .isTrue();
          assertTradingRunMetrics(traded.scrape());
        }
        int exit = running.get();
        String output = captured.toString(StandardCharsets.UTF_8);

        assertThat(exit).as("run %d", run).isZero();
        assertThat(output).contains("(existing)").contains("Quarantined    0 records");
        Matcher orders =
            Pattern.compile("Orders +([\\d,]+) committed, ([\\d,]+) filled, ([\\d,]+) rejected")
                .matcher(output);
        assertThat(orders.find()).as("summary of run %d", run).isTrue();
        long committed = number(orders.group(1));
        long filled = number(orders.group(2));
        long answered = filled + number(orders.group(3));
        assertThat(committed).as("run %d traded", run).isPositive();
        assertThat(filled).as("run %d's bridge saw its orders", run).isPositive();
        assertThat(answered)
            .as("run %d saw only fills of its own orders", run)
            .isLessThanOrEqualTo(committed);
      }
    }
  }

  /** What a policy run that stays flat exports, beside the counters that moved on. */
  private static void assertPolicyRunMetrics(PrometheusScrape scrape) {
    assertThat(
            scrape.named(OPERATOR + "model_predict_seconds", l -> "0.5".equals(l.get("quantile"))))
        .as("median ONNX call, in seconds")
        .singleElement()
        .satisfies(median -> assertThat(median.value()).isStrictlyBetween(0.0, 1.0));
    assertOneVersionDeciding(scrape, version -> assertThat(version).startsWith("ppo-lstm-"));
    assertThat(scrape.named(OPERATOR + "portfolio_equity", l -> "main".equals(l.get("portfolio"))))
        .as("portfolio main's equity")
        .singleElement()
        .satisfies(equity -> assertThat(equity.value()).isPositive());
    assertUnrealizedPnlOfMain(scrape);
    for (String counter :
        new String[] {"orders_total", "fills_total", "risk_limit_violations_total"}) {
      assertThat(scrape.sum(OPERATOR + counter)).as(counter).isNotNegative();
    }
    assertThat(scrape.named(OPERATOR + "reason_records_quarantined_total"))
        .as("a series per quarantine reason, registered before the first refusal")
        .allSatisfy(series -> assertThat(series.value()).isNotNegative())
        .extracting(series -> series.label("reason"))
        .contains("NON_POSITIVE_PRICE", "OUT_OF_ORDER", "BAD_MAGIC_BYTE");
  }

  /** What a momentum run that traded exports. */
  private static void assertTradingRunMetrics(PrometheusScrape scrape) {
    assertThat(scrape.named(OPERATOR + "side_type_orders_total"))
        .as("orders by side and type")
        .anySatisfy(
            series -> {
              assertThat(series.label("side")).isEqualTo("BUY");
              assertThat(series.label("type")).isNotBlank();
              assertThat(series.value()).isPositive();
            });
    assertOneVersionDeciding(scrape, version -> assertThat(version).isEqualTo("momentum@1"));
    assertThat(scrape.sum(OPERATOR + "decision_latency_seconds_count")).isPositive();
    assertUnrealizedPnlOfMain(scrape);
  }

  /** One model_info series, at 1, whose model_version label passes {@code version}. */
  private static void assertOneVersionDeciding(PrometheusScrape scrape, Consumer<String> version) {
    assertThat(scrape.named(OPERATOR + "model_version_model_info"))
        .as("the version deciding")
        .singleElement()
        .satisfies(
            info -> {
              version.accept(info.label("model_version"));
              assertThat(info.value()).isEqualTo(1.0);
            });
  }

  private static void assertUnrealizedPnlOfMain(PrometheusScrape scrape) {
    assertThat(scrape.named(OPERATOR + "portfolio_unrealized_pnl"))
        .as("portfolio main's unrealised P&L")
        .singleElement()
        .satisfies(pnl -> assertThat(pnl.label("portfolio")).isEqualTo("main"));
  }

  private static boolean movedOn(PrometheusScrape before, PrometheusScrape after, String metric) {
    double earlier = before.sum(OPERATOR + metric);
    return earlier >= 0 && after.sum(OPERATOR + metric) > earlier;
  }

  /** Sum over subtasks of the scorer's policy_decisions_total, or −1 when not (yet) reported. */
  private static long policyDecisions(String webUi) {
    try {
      ObjectMapper json = new ObjectMapper();
      for (JsonNode job : json.readTree(get(webUi + "/jobs/overview")).get("jobs")) {
        String jid = job.get("jid").asText();
        for (JsonNode vertex : json.readTree(get(webUi + "/jobs/" + jid)).get("vertices")) {
          if (!vertex.get("name").asText().contains("policy scorer")) {
            continue;
          }
          String metrics = webUi + "/jobs/" + jid + "/vertices/" + vertex.get("id").asText();
          for (JsonNode metric : json.readTree(get(metrics + "/subtasks/metrics"))) {
            String id = metric.get("id").asText();
            if (id.endsWith("policy_decisions_total")) {
              JsonNode value =
                  json.readTree(get(metrics + "/subtasks/metrics?get=" + id + "&agg=sum"));
              return value.get(0).get("sum").asLong();
            }
          }
        }
      }
    } catch (Exception | AssertionError notYet) {
      return -1;
    }
    return -1;
  }

  private static long number(String text) {
    return Long.parseLong(text.replace(",", ""));
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
