package io.tradingcore.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradingcore.testing.CliRun;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Runs {@code bin/trading-core backtest} (or another command) in this JVM, capturing its console
 * and its errors.
 */
final class BacktestCli {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TRAILING_ZEROS = Pattern.compile("(\\d\\.\\d*?)0+(?!\\d)");
  private static final Pattern BARE_POINT = Pattern.compile("(\\d)\\.(?!\\d)");

  private BacktestCli() {}

  /** What a run printed, its exit code, and where its records are ({@code null}: not asked). */
  record Run(int exit, String console, String errors, Path out) {
    Run withOut(Path folder) {
      return new Run(exit, console, errors, folder);
    }
  }

  static Run run(List<String> args) {
    return execute(console -> BacktestMain.commandLine(new BacktestMain(console)), args);
  }

  /**
   * Runs another {@code bin/trading-core} command the same way, e.g. {@code export-features}:
   * {@code command} makes its command line around the console to print to.
   */
  static Run execute(Function<PrintStream, CommandLine> command, List<String> args) {
    CliRun run = CliRun.of(command, args);
    return new Run(run.exit(), run.console(), run.errors(), null);
  }

  /**
   * Both runs' orders and fills are the same, line by line, decimals' trailing zeros aside: a price
   * that went through the wire's codec comes back without them (169.9, not 169.90).
   */
  static void assertSameOrdersAndFills(Run a, Run b) throws IOException {
    assertSameWithoutTrailingZeros(a, b, List.of(BacktestRunner.ORDERS, BacktestRunner.REPORTS));
  }

  /** Both runs' {@code files} are the same, line by line, decimals' trailing zeros aside. */
  static void assertSameWithoutTrailingZeros(Run a, Run b, List<String> files) throws IOException {
    for (String file : files) {
      List<String> left = withoutTrailingZeros(a.out().resolve(file));
      List<String> right = withoutTrailingZeros(b.out().resolve(file));
      assertThat(left).as("%s: %s", file, firstDifference(left, right)).isEqualTo(right);
    }
  }

  /** A file's lines with every decimal's trailing zeros dropped: 169.90 → 169.9, 5.0 → 5. */
  static List<String> withoutTrailingZeros(Path file) throws IOException {
    return Files.readAllLines(file).stream()
        .map(line -> TRAILING_ZEROS.matcher(line).replaceAll("$1"))
        .map(line -> BARE_POINT.matcher(line).replaceAll("$1"))
        .toList();
  }

  /** The first line where two runs' files differ, for a failure message. */
  static String firstDifference(Run a, Run b, String file) throws IOException {
    return firstDifference(
        Files.readAllLines(a.out().resolve(file)), Files.readAllLines(b.out().resolve(file)));
  }

  static String firstDifference(List<String> left, List<String> right) {
    for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
      if (!left.get(i).equals(right.get(i))) {
        return "line " + (i + 1) + ":\n  " + left.get(i) + "\n  " + right.get(i);
      }
    }
    return left.size() + " vs " + right.size() + " lines";
  }

  /** The run's {@value BacktestRunner#MANIFEST}. */
  static JsonNode manifest(Run run) throws IOException {
    return JSON.readTree(run.out().resolve(BacktestRunner.MANIFEST).toFile());
  }

  /** A JSON-lines file, one node a line. */
  static List<JsonNode> lines(Path file) throws IOException {
    List<JsonNode> nodes = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      nodes.add(JSON.readTree(line));
    }
    return nodes;
  }
}
