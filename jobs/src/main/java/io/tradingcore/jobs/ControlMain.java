package io.tradingcore.jobs;

import io.tradingcore.kafka.ControlPublisher;
import io.tradingcore.kafka.RegistrySettings;
import io.tradingcore.local.DurationConverter;
import io.tradingcore.local.KafkaSetup;
import io.tradingcore.risk.control.ControlKeys;
import io.tradingcore.schemas.Topic;
import io.tradingcore.schemas.avro.Control;
import io.tradingcore.schemas.avro.ControlCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.RecordMetadata;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bin/trading-core control}: signs an operator command with a key from the control key file
 * and publishes it to {@code control.v1}, where the trading job and the broker bridge verify it.
 * {@code control keygen} creates the key file. The key never reaches the console or the logs.
 */
@Command(
    name = "control",
    mixinStandardHelpOptions = true,
    description = {
      "Signs an operator command and publishes it to control.v1: kill (halt and cancel working"
          + " orders), resume, flatten, set-limit; keygen creates the key file."
    },
    subcommands = {
      ControlMain.Kill.class,
      ControlMain.Resume.class,
      ControlMain.Flatten.class,
      ControlMain.SetLimit.class,
      ControlMain.Keygen.class
    })
public final class ControlMain implements Runnable {
  @Spec CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with one clear error line instead of a stack trace. */
  public static CommandLine commandLine() {
    return CommandLines.plainErrors(new ControlMain());
  }

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "Missing command: kill, resume, flatten, set-limit or keygen");
  }

  /**
   * Where the key file is unless told: {@code <repo>/.local/control.keys}, the repository root
   * being what {@code bin/trading-core} passes as {@code -Dtradingcore.home} (else the working
   * directory). As {@link #defaultKeyFile()}, in picocli's words.
   */
  static final String DEFAULT_KEY_FILE = "${sys:tradingcore.home:-.}/.local/control.keys";

  /**
   * The key file the command line uses by default: what a local stack should verify with, e.g.
   * {@code ControlKeys.loadOrGenerate(ControlMain.defaultKeyFile(), ControlKeys.DEFAULT_KEY_ID)}.
   */
  public static Path defaultKeyFile() {
    return Path.of(System.getProperty("tradingcore.home", "."), ".local", "control.keys");
  }

  /** The options every command that sends shares. */
  static final class Sending {
    @Option(
        names = "--portfolio",
        defaultValue = "*",
        description = "Portfolio the command is for; * for every one (default: ${DEFAULT-VALUE}).")
    String portfolio;

    @Option(
        names = "--reason",
        required = true,
        description = "Why: kept with the command and in the risk events.")
    String reason;

    @Option(
        names = "--operator",
        defaultValue = "${sys:user.name}",
        description = "Who issues it (default: the user name, ${DEFAULT-VALUE}).")
    String operator;

    @Option(
        names = "--key-file",
        defaultValue = DEFAULT_KEY_FILE,
        description = "Control key file (default: ${DEFAULT-VALUE}).")
    Path keyFile;

    @Option(
        names = "--key-id",
        description = "Key to sign with (default: the first key in the key file).")
    String keyId;

    @Mixin LocalKafkaOptions kafka = new LocalKafkaOptions();

    @Option(
        names = "--connect-timeout",
        defaultValue = "30s",
        converter = DurationConverter.class,
        description = "How long to wait for Kafka to answer (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    /**
     * Checks, signs and publishes the command; prints one line saying what was sent.
     *
     * @throws IllegalArgumentException with the job's own words when the command would be refused
     *     for what it says, before anything is sent
     */
    int send(CommandSpec spec, ControlCommand command, String limitName, String limitValue) {
      Control unsigned =
          ControlPublisher.command(portfolio, command, limitName, limitValue, operator, reason);
      ControlPublisher publisher =
          new ControlPublisher(
              kafka.bootstrapServers(),
              RegistrySettings.of(kafka.registryUrl(), true),
              ControlKeys.load(keyFile),
              keyId,
              connectTimeout);
      Control signed = publisher.sign(unsigned);
      KafkaSetup.ensureTopic(kafka.bootstrapServers(), Topic.CONTROL, connectTimeout);
      RecordMetadata written = publisher.publish(signed);
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          Locale.ROOT,
          "Sent %s%s for portfolio %s as command %s to %s (partition %d, offset %d), signed with"
              + " key %s by %s%n",
          command,
          limitName == null ? "" : " " + limitName + "=" + limitValue,
          portfolio,
          signed.getCommandId(),
          Topic.CONTROL.topicName(),
          written.partition(),
          written.offset(),
          signed.getKeyId(),
          operator);
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "kill",
      mixinStandardHelpOptions = true,
      description =
          "Kill switch: the job halts the portfolio and the bridge cancels its working orders.")
  static final class Kill implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Sending sending;

    @Override
    public Integer call() {
      return sending.send(spec, ControlCommand.KILL, null, null);
    }
  }

  @Command(
      name = "resume",
      mixinStandardHelpOptions = true,
      description = "Returns a halted portfolio to ACTIVE.")
  static final class Resume implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Sending sending;

    @Override
    public Integer call() {
      return sending.send(spec, ControlCommand.RESUME, null, null);
    }
  }

  @Command(
      name = "flatten",
      mixinStandardHelpOptions = true,
      description = "Closes every position of the portfolio.")
  static final class Flatten implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Sending sending;

    @Override
    public Integer call() {
      return sending.send(spec, ControlCommand.FLATTEN, null, null);
    }
  }

  @Command(
      name = "set-limit",
      mixinStandardHelpOptions = true,
      description = {
        "Changes one risk limit or breaker threshold of a running job (checked here first, with"
            + " the job's rules)."
      })
  static final class SetLimit implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Sending sending;

    @Option(
        names = "--limit",
        required = true,
        paramLabel = "NAME",
        description = "The limit, e.g. max_order_notional (the names of --risk-limit).")
    String limit;

    @Option(
        names = "--value",
        required = true,
        paramLabel = "VALUE",
        description = "Its new value, e.g. 25000, 0.015, 90s.")
    String value;

    @Override
    public Integer call() {
      return sending.send(spec, ControlCommand.SET_LIMIT, limit, value);
    }
  }

  @Command(
      name = "keygen",
      mixinStandardHelpOptions = true,
      description = {
        "Creates the control key file with one random 32-byte key, readable by you only; never"
            + " overwrites."
      })
  static final class Keygen implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--key-file",
        defaultValue = DEFAULT_KEY_FILE,
        description = "Where to create it (default: ${DEFAULT-VALUE}).")
    Path keyFile;

    @Option(
        names = "--key-id",
        defaultValue = ControlKeys.DEFAULT_KEY_ID,
        description = "Id of the new key (default: ${DEFAULT-VALUE}).")
    String keyId;

    @Override
    public Integer call() {
      ControlKeys keys = ControlKeys.generate(keyFile, keyId);
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          Locale.ROOT,
          "Created %s with key id %s (owner read/write only). The trading job and the bridge need"
              + " the same file to verify commands.%n",
          keys.file(),
          keyId);
      out.flush();
      return 0;
    }
  }
}
