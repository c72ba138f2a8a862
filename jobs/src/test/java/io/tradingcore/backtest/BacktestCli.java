package io.tradingcore.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code bin/trading-core backtest} in this JVM, capturing its console and its errors. */
final class BacktestCli {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BacktestCli() {}

  /** What a run printed, its exit code, and where its records are ({@code null}: not asked). */
  record Run(int exit, String console, String errors, Path out) {
    Run withOut(Path folder) {
      return new Run(exit, console, errors, folder);
    }
  }

  static Run run(List<String> args) {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    BacktestMain main = new BacktestMain(new PrintStream(console, true, StandardCharsets.UTF_8));
    var cli = BacktestMain.commandLine(main);
    cli.setErr(new PrintWriter(errors, true, StandardCharsets.UTF_8));
    int exit = cli.execute(args.toArray(String[]::new));
    return new Run(
        exit,
        console.toString(StandardCharsets.UTF_8),
        errors.toString(StandardCharsets.UTF_8),
        null);
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
