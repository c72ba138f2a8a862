package io.tradingcore.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.kafka.KafkaClients;
import io.tradingcore.local.Deadline;
import io.tradingcore.local.LocalStack;
import io.tradingcore.local.Ports;
import io.tradingcore.risk.control.ControlKeys;
import io.tradingcore.risk.control.ControlSignature;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.Control;
import io.tradingcore.schemas.avro.ControlCommand;
import io.tradingcore.schemas.avro.RiskEvent;
import io.tradingcore.schemas.avro.RiskReason;
import io.tradingcore.schemas.serde.RegistryClient;
import io.tradingcore.testing.TeeToStdout;
import io.tradingcore.testing.TopicReader;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The dashboard in a real headless browser (Debian's chromium through its chromedriver) against a
 * running local stack trading the momentum baseline: the page loads, its numbers move as the replay
 * runs, an undecodable record is counted and skipped, the kill switch is refused without
 * credentials and with a wrong password, and with the right ones publishes a signed KILL that the
 * job accepts (the page turns HALTED), then RESUME turns it ACTIVE again. Screenshots go to {@code
 * jobs/target/dashboard/}.
 */
@Tag("slow")
class DashboardBrowserITCase {
  private static final Pattern DASHBOARD =
      Pattern.compile("Dashboard +(http://localhost:\\d+) \\(kill switch and RESUME: user (\\w+)");
  private static final Path SCREENSHOTS = Path.of("target", "dashboard");
  private static final Duration WAIT = Duration.ofSeconds(45);

  @TempDir Path dir;

  private ChromeDriver browser;

  @BeforeAll
  static void chromiumIsInstalled() throws Exception {
    // The build installs what it needs: a fresh CI machine has no browser.
    Path script = Path.of("..", "bin", "lib", "ensure-chromium").toAbsolutePath().normalize();
    Process process = new ProcessBuilder(script.toString()).inheritIO().start();
    assertThat(process.waitFor(10, TimeUnit.MINUTES))
        .as("%s finished within 10 minutes", script)
        .isTrue();
    assertThat(process.exitValue()).as("%s (see its message above)", script).isZero();
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void showsTheRunLiveAndKillsAndResumesWithCredentialsOnly() throws Exception {
    int kafkaPort = Ports.pickFreeWithNext();
    int registryPort = Ports.pickFree();
    Path credentials = dir.resolve("dashboard.credentials");
    Path controlKeys = dir.resolve("control.keys");
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    TeeToStdout tee = new TeeToStdout(captured);
    PrintStream out = new PrintStream(tee, true, StandardCharsets.UTF_8);
    CompletableFuture<Integer> run =
        CompletableFuture.supplyAsync(
            () ->
                LocalStack.commandLine(new LocalStack(out, false))
                    .execute(
                        "--strategy", "momentum",
                        "--duration", "40s",
                        "--speed", "1800",
                        "--web-port", String.valueOf(Ports.pickFree()),
                        "--kafka-port", String.valueOf(kafkaPort),
                        "--registry-port", String.valueOf(registryPort),
                        "--dashboard-port", String.valueOf(Ports.pickFree()),
                        "--dashboard-credentials", credentials.toString(),
                        "--control-keys", controlKeys.toString()));
    Matcher banner = tee.awaitMatch(DASHBOARD, Duration.ofSeconds(90));
    String url = banner.group(1);
    assertThat(banner.group(2)).isEqualTo("operator");
    assertThat(captured.toString(StandardCharsets.UTF_8)).contains("password in " + credentials);
    String password = Files.readAllLines(credentials).get(1).split(" ")[1];
    String kafka = "localhost:" + kafkaPort;
    publishGarbageTo(kafka, Topic.PORTFOLIO);

    browser = startChromium();
    browser.get(url);
    assertThat(browser.getTitle()).contains("Trading Core");

    // The page loads and its numbers move as the replay runs.
    assertThat(Deadline.await(() -> number("bars") > 0, WAIT)).as("bars appear").isTrue();
    long bars = number("bars");
    String equity = text("equity");
    assertThat(
            Deadline.await(
                () ->
                    number("bars") > bars
                        && number("orders") > 0
                        && number("fills") > 0
                        && !text("equity").equals(equity),
                WAIT))
        .as("bars, orders, fills and equity move (first read: %d bars, equity %s)", bars, equity)
        .isTrue();
    assertThat(text("equity")).matches("\\d{1,3}(,\\d{3})*\\.\\d\\d");
    assertThat(text("model")).isEqualTo("momentum@1");
    assertThat(text("trading-state")).isEqualTo("ACTIVE");
    assertThat(Deadline.await(() -> text("skipped").contains("portfolio.v1 1"), WAIT))
        .as("the undecodable snapshot is counted and skipped: %s", text("skipped"))
        .isTrue();
    assertThat(browser.findElements(By.cssSelector("#order-rows tr td.num"))).isNotEmpty();
    screenshot("dashboard-live.png");

    // Without credentials, or with a wrong password, the kill switch is refused.
    assertThat(killWithoutCredentials()).isEqualTo(401L);
    send("kill-button", "dashboard test: halt", password + "-wrong");
    assertThat(Deadline.await(() -> text("control-error").startsWith("401"), WAIT))
        .as("wrong password refused: %s", text("control-error"))
        .isTrue();

    // With them, a signed KILL is published and the job halts the portfolio.
    fill("control-password", password);
    browser.findElement(By.id("control-send")).click();
    assertThat(Deadline.await(() -> commandId() != null, WAIT)).as("KILL sent").isTrue();
    String killId = commandId();
    assertThat(Deadline.await(() -> text("trading-state").equals("HALTED"), WAIT))
        .as("the page shows the job's HALTED")
        .isTrue();
    assertThat(text("trading-state-cause"))
        .contains("KILL by dashboard:operator: dashboard test: halt");
    screenshot("dashboard-halted.png");
    TopicReader topics =
        new TopicReader(
            kafka, new RegistryClient("http://localhost:" + registryPort, Duration.ofSeconds(10)));
    Control kill = command(topics, killId);
    assertThat(kill.getCommand()).isEqualTo(ControlCommand.KILL);
    assertThat(kill.getOperator()).isEqualTo("dashboard:operator");
    assertThat(ControlSignature.verify(kill, ControlKeys.load(controlKeys)))
        .isEqualTo(ControlSignature.Verification.VALID);
    assertThat(Deadline.await(() -> accepted(topics, killId), WAIT))
        .as("the job's CONTROL_ACCEPTED for %s on risk.events.v1", killId)
        .isTrue();

    // RESUME returns it to ACTIVE.
    send("resume-button", "dashboard test: all clear", password);
    assertThat(Deadline.await(() -> !killId.equals(commandId()), WAIT)).as("RESUME sent").isTrue();
    String resumeId = commandId();
    assertThat(Deadline.await(() -> text("trading-state").equals("ACTIVE"), WAIT))
        .as("the page shows ACTIVE again")
        .isTrue();
    assertThat(command(topics, resumeId).getCommand()).isEqualTo(ControlCommand.RESUME);
    screenshot("dashboard.png");

    assertThat(run.get(120, TimeUnit.SECONDS)).isZero();
  }

  private ChromeDriver startChromium() throws Exception {
    Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1520,1130",
        "--user-data-dir=" + profile);
    // The driver Debian installs beside its browser: Selenium Manager downloads nothing.
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, "/usr/bin/chromedriver");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File("/usr/bin/chromedriver"))
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  /** Opens the command dialog with {@code button} and sends it with this reason and password. */
  private void send(String button, String reason, String password) {
    browser.findElement(By.id(button)).click();
    assertThat(
            Deadline.await(() -> browser.findElement(By.id("control-dialog")).isDisplayed(), WAIT))
        .isTrue();
    fill("control-reason", reason);
    fill("control-user", "operator");
    fill("control-password", password);
    browser.findElement(By.id("control-send")).click();
  }

  private void fill(String id, String value) {
    WebElement field = browser.findElement(By.id(id));
    field.clear();
    field.sendKeys(value);
  }

  /** The status of a KILL the page's own script posts without an Authorization header. */
  private Object killWithoutCredentials() {
    return ((JavascriptExecutor) browser)
        .executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "fetch('/api/control/kill', {method: 'POST', headers: {'Content-Type':"
                + " 'application/json', 'X-Trading-Core-Dashboard': '1'}, body: JSON.stringify("
                + "{portfolio: 'main', reason: 'no credentials'})})"
                + ".then(r => done(r.status), e => done(String(e)));");
  }

  private String commandId() {
    return browser.findElement(By.id("control-result")).getDomAttribute("data-command-id");
  }

  private String text(String id) {
    return browser.findElement(By.id(id)).getText();
  }

  private long number(String id) {
    String value = text(id).replace(",", "");
    return value.matches("\\d+") ? Long.parseLong(value) : -1;
  }

  private void screenshot(String name) throws Exception {
    Files.createDirectories(SCREENSHOTS);
    Files.write(SCREENSHOTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
  }

  private static Control command(TopicReader topics, String commandId) {
    List<Control> commands = topics.readAll(Topic.CONTROL);
    return commands.stream()
        .filter(c -> c.getCommandId().equals(commandId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no command " + commandId + " on control.v1"));
  }

  private static boolean accepted(TopicReader topics, String commandId) {
    List<RiskEvent> events = topics.readAll(Topic.RISK_EVENTS);
    return events.stream()
        .anyMatch(
            e ->
                e.getReason() == RiskReason.CONTROL_ACCEPTED
                    && commandId.equals(e.getCausationId()));
  }

  private static void publishGarbageTo(String kafka, Topic topic) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(KafkaClients.producer(kafka))) {
      producer
          .send(
              new ProducerRecord<>(
                  topic.topicName(),
                  "main".getBytes(StandardCharsets.UTF_8),
                  "not avro".getBytes(StandardCharsets.UTF_8)))
          .get(10, TimeUnit.SECONDS);
    }
  }
}
