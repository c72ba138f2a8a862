package io.tradingcore.dashboard;

import static io.tradingcore.dashboard.DashboardRecords.mark;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradingcore.kafka.ControlPublisher;
import io.tradingcore.risk.control.ControlKeys;
import io.tradingcore.risk.control.ControlSignature;
import io.tradingcore.schemas.avro.Control;
import io.tradingcore.schemas.avro.ControlCommand;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's HTTP surface on a real server: the page, the state, and who may send a command.
 * Commands are really checked and signed; only the last step, Kafka, is a list here (the browser
 * test in {@code jobs} publishes to a real broker).
 */
class DashboardServerTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final List<Control> published = new ArrayList<>();
  private DashboardView view;
  private DashboardServer server;
  private String password;
  private ControlKeys keys;

  @BeforeEach
  void start() throws Exception {
    view = new DashboardView(new BigDecimal("100000"), "momentum@1");
    view.onSnapshot(mark(1, "100250.50", "100250.50"));
    DashboardCredentials credentials =
        DashboardCredentials.loadOrGenerate(dir.resolve("dashboard.credentials"));
    password = Files.readAllLines(credentials.file()).get(1).split(" ")[1];
    keys = ControlKeys.generate(dir.resolve("control.keys"), "ops-1");
    ControlSender toList =
        (portfolio, command, operator, reason) -> {
          Control signed =
              ControlSignature.sign(
                  ControlPublisher.command(portfolio, command, null, null, operator, reason),
                  "ops-1",
                  keys);
          published.add(signed);
          return new ControlPublisher.Sent(
              signed,
              new RecordMetadata(
                  new TopicPartition("control.v1", 0), published.size() - 1, 0, 0L, 4, 100));
        };
    server = DashboardServer.start("localhost", 0, view, credentials, toList);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void servesTheSelfContainedPageWithAStrictContentPolicy() throws Exception {
    HttpResponse<String> page = get("/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'none'")
        .contains("connect-src 'self'")
        .contains("frame-ancestors 'none'");
    assertThat(page.body())
        .contains("id=\"equity-chart\"")
        .contains("setInterval(poll, 500)")
        .doesNotContain("src=\"http")
        .doesNotContain("href=\"http");
  }

  @Test
  void theStateIsJsonWithMoneyAsExactText() throws Exception {
    HttpResponse<String> state = get("/api/state");

    assertThat(state.statusCode()).isEqualTo(200);
    JsonNode json = JSON.readTree(state.body());
    assertThat(json.at("/portfolios/0/name").asText()).isEqualTo("main");
    assertThat(json.at("/portfolios/0/book/equity").asText()).isEqualTo("100,250.50");
    assertThat(json.at("/portfolios/0/book/totalReturn").asText()).isEqualTo("+0.25 %");
    assertThat(json.at("/model/deciding").asText()).isEqualTo("momentum@1");
    assertThat(json.at("/controlEnabled").asBoolean()).isTrue();
    assertThat(json.at("/counts/bars").asLong()).isEqualTo(1);
  }

  @Test
  void aKillWithGoodCredentialsIsSignedAndPublished() throws Exception {
    HttpResponse<String> answer =
        post(
            "/api/control/kill",
            basic("operator", password),
            "{\"portfolio\":\"main\",\"reason\":\"desk says stop\"}",
            true);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(published).hasSize(1);
    Control sent = published.get(0);
    assertThat(sent.getCommand()).isEqualTo(ControlCommand.KILL);
    assertThat(sent.getPortfolio()).isEqualTo("main");
    assertThat(sent.getOperator()).isEqualTo("dashboard:operator");
    assertThat(sent.getReason()).isEqualTo("desk says stop");
    assertThat(ControlSignature.verify(sent, keys)).isEqualTo(ControlSignature.Verification.VALID);
    JsonNode json = JSON.readTree(answer.body());
    assertThat(json.get("commandId").asText()).isEqualTo(sent.getCommandId());
    assertThat(json.get("command").asText()).isEqualTo("KILL");
  }

  @Test
  void resumeIsTheSameButSaysResume() throws Exception {
    HttpResponse<String> answer =
        post(
            "/api/control/resume",
            basic("operator", password),
            "{\"portfolio\":\"*\",\"reason\":\"all clear\"}",
            true);

    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(published).extracting(Control::getCommand).containsExactly(ControlCommand.RESUME);
    assertThat(published.get(0).getPortfolio()).isEqualTo("*");
  }

  @Test
  void withoutCredentialsACommandIsRefusedWithAChallenge() throws Exception {
    HttpResponse<String> answer =
        post("/api/control/kill", null, "{\"portfolio\":\"main\",\"reason\":\"x\"}", true);

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.headers().firstValue("WWW-Authenticate").orElseThrow())
        .isEqualTo("DashboardBasic realm=\"Trading Core dashboard\"");
    assertThat(published).isEmpty();
  }

  @Test
  void aWrongPasswordOrUserIsRefused() throws Exception {
    String body = "{\"portfolio\":\"main\",\"reason\":\"x\"}";

    assertThat(
            post("/api/control/kill", basic("operator", password + "x"), body, true).statusCode())
        .isEqualTo(401);
    assertThat(post("/api/control/kill", basic("admin", password), body, true).statusCode())
        .isEqualTo(401);
    assertThat(post("/api/control/kill", "Basic not-base64!", body, true).statusCode())
        .isEqualTo(401);
    assertThat(published).isEmpty();
  }

  @Test
  void withoutTheCsrfHeaderEvenGoodCredentialsAreRefused() throws Exception {
    HttpResponse<String> answer =
        post(
            "/api/control/kill",
            basic("operator", password),
            "{\"portfolio\":\"main\",\"reason\":\"x\"}",
            false);

    assertThat(answer.statusCode()).isEqualTo(403);
    assertThat(answer.body()).contains(DashboardServer.CSRF_HEADER);
    assertThat(published).isEmpty();
  }

  @Test
  void aCommandFromAnotherOriginIsRefused() throws Exception {
    HttpResponse<String> answer =
        HTTP.send(
            goodKill(server.url()).header("Origin", "http://evil.example").build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).isEqualTo(403);
    assertThat(published).isEmpty();
  }

  @Test
  void aReasonIsRequired() throws Exception {
    HttpResponse<String> answer =
        post(
            "/api/control/kill",
            basic("operator", password),
            "{\"portfolio\":\"main\",\"reason\":\"  \"}",
            true);

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("reason is required");
    assertThat(published).isEmpty();
  }

  @Test
  void aBodyThatIsNotJsonIsAClearError() throws Exception {
    HttpResponse<String> answer =
        post("/api/control/kill", basic("operator", password), "portfolio=main", true);

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("the body must be JSON");
  }

  @Test
  void commandsAreOnlyPosted() throws Exception {
    assertThat(get("/api/control/kill").statusCode()).isEqualTo(405);
    assertThat(get("/nowhere").statusCode()).isEqualTo(404);
  }

  @Test
  void aReadOnlyDashboardRefusesCommands() throws Exception {
    try (DashboardServer readOnly = DashboardServer.start("localhost", 0, view, null, null)) {
      HttpResponse<String> answer =
          HTTP.send(goodKill(readOnly.url()).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(answer.statusCode()).isEqualTo(503);
      assertThat(answer.body()).contains("read-only");
      HttpResponse<String> state =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(readOnly.url() + "/api/state")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(JSON.readTree(state.body()).get("controlEnabled").asBoolean()).isFalse();
    }
  }

  @Test
  void aTakenPortIsNamedWithItsOption() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> DashboardServer.start("localhost", server.port(), view, null, null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Dashboard port " + server.port() + " is already in use")
        .hasMessageContaining("--dashboard-port");
  }

  /** A KILL with good credentials and the CSRF header, to {@code baseUrl}. */
  private HttpRequest.Builder goodKill(String baseUrl) {
    return HttpRequest.newBuilder(URI.create(baseUrl + "/api/control/kill"))
        .header("Authorization", basic("operator", password))
        .header(DashboardServer.CSRF_HEADER, "1")
        .POST(HttpRequest.BodyPublishers.ofString("{\"portfolio\":\"main\",\"reason\":\"x\"}"));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String authorization, String body, boolean csrf)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    if (csrf) {
      request.header(DashboardServer.CSRF_HEADER, "1");
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}
