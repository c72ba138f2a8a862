package io.tradingcore.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code walk-forward --data csv:FOLDER} refuses a folder without every symbol's file up front. */
class WalkForwardOptionsTest {
  @TempDir Path dir;

  @Test
  void refusesACsvFolderWithoutASymbolsFileNamingTheOptions() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("bars"));
    for (String symbol : new String[] {"AAPL", "SPY"}) {
      Files.writeString(
          folder.resolve(symbol + "_1min.csv"),
          "timestamp,open,high,low,close,volume\n2019-02-11 09:31:00,1,1,1,1,100\n");
    }
    Path out = dir.resolve("out");
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    var cli =
        WalkForwardMain.commandLine(
            new WalkForwardMain(new PrintStream(new ByteArrayOutputStream(), true)));
    cli.setErr(new PrintWriter(errors, true, StandardCharsets.UTF_8));

    int exit =
        cli.execute("--data", "csv:" + folder, "--symbols", "AAPL,MSFT", "--out", out.toString());

    String error = errors.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(error).isNotZero();
    assertThat(error)
        .contains("--symbols AAPL,MSFT,SPY (the benchmark included) with --data csv:" + folder)
        .contains("MSFT")
        .contains("choose --symbols and --benchmark among those");
    assertThat(Files.exists(out)).as("nothing written").isFalse();
  }
}
