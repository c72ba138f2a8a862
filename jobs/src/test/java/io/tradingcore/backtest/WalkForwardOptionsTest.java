package io.tradingcore.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradingcore.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code walk-forward} options checked before any job: a CSV folder without every symbol's file is
 * refused up front; {@code --print-plan} prints the folds and touches nothing.
 */
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

    CliRun run =
        walkForward("--data", "csv:" + folder, "--symbols", "AAPL,MSFT", "--out", out.toString());

    assertThat(run.exit()).as(run.errors()).isNotZero();
    assertThat(run.errors())
        .contains("--symbols AAPL,MSFT,SPY (the benchmark included) with --data csv:" + folder)
        .contains("MSFT")
        .contains("choose --symbols and --benchmark among those");
    assertThat(Files.exists(out)).as("nothing written").isFalse();
  }

  @Test
  void printsThePlanAsJsonWithEachTrainWindowsExportAndRunsNothing() throws Exception {
    Path out = dir.resolve("out");
    List<String> args =
        new ArrayList<>(
            List.of(
                ("--from 2019-01-02 --to 2019-01-10 --seed 9 --symbols AAPL,MSFT --benchmark QQQ"
                        + " --feature-window momentum=10 --train-days 3 --test-days 2"
                        + " --strategy policy --print-plan")
                    .split(" ")));
    args.addAll(List.of("--out", out.toString()));

    CliRun run = walkForward(args.toArray(String[]::new));

    assertThat(run.exit()).as(run.errors()).isZero();
    JsonNode plan = new ObjectMapper().readTree(run.console());
    // 2019-01-02..01-10 holds seven NYSE days (New Year's Day is before it, the 5th/6th a weekend).
    assertThat(String.join(" ", texts(plan.get("days"))))
        .isEqualTo("2019-01-02 2019-01-03 2019-01-04 2019-01-07 2019-01-08 2019-01-09 2019-01-10");
    JsonNode folds = plan.get("folds");
    assertThat(folds).hasSize(2);
    JsonNode second = folds.get(1);
    assertThat(second.get("number").asInt()).isEqualTo(2);
    assertThat(second.get("model").asText()).isEqualTo("fold-2.onnx");
    assertThat(texts(second.get("train").get("days")))
        .containsExactly("2019-01-04", "2019-01-07", "2019-01-08");
    assertThat(second.get("train").get("from").asText()).isEqualTo("2019-01-04");
    assertThat(second.get("train").get("to").asText()).isEqualTo("2019-01-08");
    assertThat(texts(second.get("test").get("days"))).containsExactly("2019-01-09", "2019-01-10");
    // The synthetic series of the whole range, cut to the train window, with the trading options
    // that shape the features as given.
    assertThat(String.join(" ", texts(second.get("exportFeatures"))))
        .isEqualTo(
            "--source synthetic --seed 9 --start-date 2019-01-02 --days 7 --symbols AAPL,MSFT"
                + " --benchmark QQQ --feature-window momentum=10 --from 2019-01-04 --to 2019-01-08");
    assertThat(Files.exists(out)).as("nothing written").isFalse();
  }

  static CliRun walkForward(String... args) {
    return CliRun.of(console -> WalkForwardMain.commandLine(new WalkForwardMain(console)), args);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }
}
