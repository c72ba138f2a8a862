package io.tradingcore.export;

import static org.assertj.core.api.Assertions.assertThat;

import io.tradingcore.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export-features --from/--to} refuses a bad or empty range before any job starts, naming
 * the options, and leaves --out alone.
 */
class FeatureExportRangeTest {
  @TempDir Path dir;

  @Test
  void refusesAnEndBeforeTheStart() {
    Refusal r = export("--from", "2019-02-13", "--to", "2019-02-12");

    assertThat(r.error).contains("--to 2019-02-12 is before --from 2019-02-13; swap them");
  }

  @Test
  void refusesARangeWithoutATradingDay() {
    // A weekend and Presidents' Day.
    Refusal r = export("--days", "10", "--from", "2019-02-16", "--to", "2019-02-18");

    assertThat(r.error).contains("--from 2019-02-16 --to 2019-02-18 holds no NYSE trading day");
  }

  @Test
  void refusesDaysTheSyntheticMarketDoesNotGenerate() {
    // --start-date 2019-02-11 (default), --days 5: 2019-02-11..15.
    Refusal r = export("--from", "2019-02-08", "--to", "2019-02-19");

    assertThat(r.error)
        .contains(
            "--from 2019-02-08 is outside the synthetic market's days, 2019-02-11 to 2019-02-15"
                + " (--start-date 2019-02-11, --days 5)")
        .contains("--to 2019-02-19 is outside")
        .contains("choose --start-date and --days to cover --from..--to");
  }

  @Test
  void refusesARangeForTheBitstampWeek() {
    Refusal r = export("--source", "bitstamp", "--from", "2013-11-26");

    assertThat(r.error).contains("--from/--to are for --source synthetic or csv");
  }

  @Test
  void refusesACsvRangeWithoutBarsSayingWhereTheBarsAre() throws Exception {
    Path csv = Files.createDirectories(dir.resolve("csv"));
    for (String symbol : List.of("AAPL", "SPY")) {
      Files.writeString(
          csv.resolve(symbol + "_1min.csv"),
          "timestamp,open,high,low,close,volume\n"
              + "2019-02-11 09:31:00,1,1,1,1,100\n"
              + "2019-02-12 09:31:00,1,1,1,1,100\n");
    }

    Refusal r =
        export(
            "--source",
            "csv",
            "--csv-dir",
            csv.toString(),
            "--symbols",
            "AAPL",
            "--from",
            "2019-02-13",
            "--to",
            "2019-02-14");

    assertThat(r.error)
        .contains("no bars in CSV AAPL,SPY")
        .contains("between --from 2019-02-13 and --to 2019-02-14")
        .contains("its bars run from 2019-02-11 to 2019-02-12");
  }

  private Refusal export(String... options) {
    Path out = dir.resolve("out");
    List<String> args = new ArrayList<>(List.of("--out", out.toString()));
    args.addAll(List.of(options));
    CliRun run =
        CliRun.of(console -> FeatureExportMain.commandLine(new FeatureExportMain(console)), args);
    assertThat(run.exit()).as(run.errors()).isNotZero();
    assertThat(Files.exists(out)).as("nothing written").isFalse();
    return new Refusal(run.errors());
  }

  private record Refusal(String error) {}
}
