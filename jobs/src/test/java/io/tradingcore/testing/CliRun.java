package io.tradingcore.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * One run of a {@code bin/trading-core} command in this JVM: its exit code, what it printed on its
 * console and its error lines.
 */
public record CliRun(int exit, String console, String errors) {

  /**
   * Runs the command {@code command} builds around a console, with {@code args}.
   *
   * @param command e.g. {@code console -> WalkForwardMain.commandLine(new
   *     WalkForwardMain(console))}
   */
  public static CliRun of(Function<PrintStream, CommandLine> command, List<String> args) {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    CommandLine cli = command.apply(new PrintStream(console, true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(errors, true, StandardCharsets.UTF_8));
    int exit = cli.execute(args.toArray(String[]::new));
    return new CliRun(
        exit, console.toString(StandardCharsets.UTF_8), errors.toString(StandardCharsets.UTF_8));
  }

  public static CliRun of(Function<PrintStream, CommandLine> command, String... args) {
    return of(command, List.of(args));
  }
}
