package io.tradingcore.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradingcore.testing.KafkaTestStack;
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
        int exit =
            LocalStack.commandLine(
                    new LocalStack(
                        new PrintStream(new TeeToStdout(captured), true, StandardCharsets.UTF_8),
                        false))
                .execute(
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
                    "--dashboard-port",
                    String.valueOf(Ports.pickFree()));
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
