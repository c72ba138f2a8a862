package io.tradingcore.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.risk.RiskParameter;
import io.tradingcore.risk.control.ControlKeys;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What an operator sees when a command is wrong: the job's own words, and nothing sent. */
class ControlMainTest {
  @TempDir Path dir;

  private Path keyFile;
  private String nowhere;

  @BeforeEach
  void keysAndAKafkaThatIsNotThere() throws Exception {
    keyFile = dir.resolve("control.keys");
    ControlKeys.generate(keyFile, "ops-1");
    try (ServerSocket socket = new ServerSocket(0)) {
      // Closed again: if a refused command reached for Kafka, the test would see that error.
      nowhere = "localhost:" + socket.getLocalPort();
    }
  }

  @Test
  void keygenCreatesAnOwnerOnlyFileAndSaysSoWithoutTheKey() throws Exception {
    Path created = dir.resolve("new/control.keys");

    Result result = run("keygen", "--key-file", created.toString(), "--key-id", "desk-1");

    assertThat(result.exit).isZero();
    assertThat(result.out)
        .isEqualTo(
            "Created "
                + created
                + " with key id desk-1 (owner read/write only). The trading job and the bridge"
                + " need the same file to verify commands.\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created)))
        .isEqualTo("rw-------");
    String secret = Files.readAllLines(created).get(2).split(" ")[1];
    assertThat(result.out + result.err).doesNotContain(secret);
  }

  @Test
  void keygenNeverOverwrites() throws Exception {
    String before = Files.readString(keyFile);

    Result result = run("keygen", "--key-file", keyFile.toString());

    assertThat(result.exit).isEqualTo(1);
    assertThat(result.err)
        .isEqualTo(
            "error: Control key file " + keyFile + " already exists; it is never overwritten\n");
    assertThat(Files.readString(keyFile)).isEqualTo(before);
  }

  @Test
  void anUnknownLimitIsRefusedWithTheJobsMessage() {
    Result result = setLimit("--limit", "max_leverage", "--value", "2");

    assertThat(result.exit).isEqualTo(1);
    assertThat(result.err)
        .isEqualTo("error: " + messageOf("max_leverage", null) + "; nothing sent\n");
  }

  @Test
  void anInvalidValueIsRefusedWithTheJobsMessage() {
    Result result = setLimit("--limit", "max_drawdown", "--value", "5%");

    assertThat(result.err)
        .isEqualTo("error: " + messageOf("max_drawdown", "5%") + "; nothing sent\n")
        .contains("max_drawdown must be a fraction in (0, 1]");
  }

  @Test
  void aParameterFixedAtStartIsRefused() {
    Result result = setLimit("--limit", "reject_window", "--value", "2m");

    assertThat(result.err)
        .isEqualTo(
            "error: reject_window shapes a CEP window and is fixed at start: change it with"
                + " --risk-limit and a savepoint restart; nothing sent\n");
  }

  @Test
  void aMarketBreakerThresholdForOnePortfolioIsRefused() {
    Result result = setLimit("--limit", "price_jump", "--value", "0.05", "--portfolio", "main");

    assertThat(result.err)
        .isEqualTo(
            "error: price_jump is a market breaker threshold and applies job-wide: address it to"
                + " portfolio '*', not 'main'; nothing sent\n");
  }

  @Test
  void aBlankReasonIsRefused() {
    Result result =
        run(
            "kill",
            "--reason",
            " ",
            "--key-file",
            keyFile.toString(),
            "--bootstrap-servers",
            nowhere);

    assertThat(result.err).isEqualTo("error: the reason is blank; nothing sent\n");
  }

  @Test
  void aMissingKeyFileSaysHowToCreateOne() {
    Path missing = dir.resolve("none.keys");

    Result result =
        run(
            "kill",
            "--reason",
            "drill",
            "--key-file",
            missing.toString(),
            "--bootstrap-servers",
            nowhere);

    assertThat(result.exit).isEqualTo(1);
    assertThat(result.err)
        .isEqualTo(
            "error: Control key file "
                + missing
                + " does not exist: create one with 'bin/trading-core control keygen --key-file "
                + missing
                + "'\n");
  }

  @Test
  void anUnknownKeyIdNamesTheKeysThereAre() {
    Result result =
        run(
            "resume",
            "--reason",
            "drill over",
            "--key-file",
            keyFile.toString(),
            "--key-id",
            "ops-9",
            "--bootstrap-servers",
            nowhere);

    assertThat(result.err)
        .isEqualTo("error: no control key 'ops-9' in " + keyFile + " (it has [ops-1])\n");
  }

  @Test
  void anUnreachableKafkaIsReportedWithinTheConnectTimeout() {
    long start = System.nanoTime();

    Result result =
        run(
            "kill",
            "--reason",
            "drill",
            "--key-file",
            keyFile.toString(),
            "--bootstrap-servers",
            nowhere,
            "--connect-timeout",
            "2s");

    assertThat(result.exit).isEqualTo(1);
    assertThat(result.err)
        .isEqualTo("error: Kafka at " + nowhere + " is unreachable: no answer within 2 s\n");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void theReasonIsRequired() {
    Result result = run("flatten", "--key-file", keyFile.toString());

    assertThat(result.exit).isEqualTo(2);
    assertThat(result.err).contains("Missing required option: '--reason=<reason>'");
  }

  @Test
  void aCommandIsRequired() {
    Result result = run();

    assertThat(result.exit).isEqualTo(2);
    assertThat(result.err)
        .contains("Missing command: kill, resume, flatten, set-limit or keygen")
        .contains("Usage: control");
  }

  @Test
  void helpListsTheOptionsAndDefaults() {
    Result result = run("set-limit", "--help");

    assertThat(result.exit).isZero();
    assertThat(result.out)
        .contains("--limit=NAME", "--value=VALUE", "--portfolio", "--reason", "--operator")
        .contains("--key-file", "/.local/control.keys", "--key-id", "--bootstrap-servers")
        .contains("--registry-url");
  }

  @Test
  void theDefaultKeyFileIsTheOneTheHelpNames() {
    Result result = run("kill", "--help");

    assertThat(ControlMain.defaultKeyFile().toString()).endsWith("/.local/control.keys");
    assertThat(result.out.replaceAll("\\s+", ""))
        .contains("(default:" + ControlMain.defaultKeyFile() + ")");
  }

  private Result setLimit(String... options) {
    String[] args = new String[options.length + 7];
    args[0] = "set-limit";
    System.arraycopy(options, 0, args, 1, options.length);
    int i = options.length + 1;
    args[i++] = "--reason";
    args[i++] = "test";
    args[i++] = "--key-file";
    args[i++] = keyFile.toString();
    args[i++] = "--bootstrap-servers";
    args[i] = nowhere;
    return run(args);
  }

  private static String messageOf(String name, String value) {
    try {
      RiskParameter parameter = RiskParameter.named(name);
      parameter.parse(value);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected " + name + "=" + value + " to be refused");
  }

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = ControlMain.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Result(exit, out.toString(), err.toString());
  }

  private record Result(int exit, String out, String err) {}
}
