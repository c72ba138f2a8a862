package io.tradingcore.backtest;

import static io.tradingcore.backtest.BacktestCli.lines;
import static io.tradingcore.backtest.BacktestCli.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tradingcore.backtest.BacktestCli.Run;
import io.tradingcore.backtest.report.ReportFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The portfolio breakers inside the backtest, end to end: the synthetic week (seed 42) with the
 * momentum strategy and a daily-loss limit of 0.3 %, which the primary run crosses on Tuesday 12
 * February. Runs: twice the same, once at parallelism 2, once with {@code --no-portfolio-breakers},
 * once with {@code --resume-halts next-session}.
 */
@Tag("slow")
class BacktestBreakersITCase {
  private static final List<String> ARGS =
      List.of(
          "--data", "synthetic",
          "--symbols", "AAPL,MSFT",
          "--strategy", "momentum",
          "--risk-limit", "breaker_daily_loss=0.003");

  /** Every file of a run, its extra run's included: all must be the same bytes run after run. */
  private static final List<String> OUTPUT =
      Stream.concat(
              BacktestRunner.FILES.stream().filter(f -> !f.equals(ReportFiles.CHART)),
              BacktestRunner.EXTRA_RUN_FILES.stream()
                  .map(f -> ExtraRun.LOOK_AHEAD.folder() + "/" + f))
          .toList();

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private static Run first;
  private static Run again;
  private static Run parallel;
  private static Run off;
  private static Run resumed;

  @BeforeAll
  static void runFiveTimes() {
    first = backtest("first");
    again = backtest("again");
    parallel = backtest("parallel", "--parallelism", "2");
    off = backtest("off", "--no-portfolio-breakers", "--no-checks");
    resumed = backtest("resumed", "--resume-halts", "next-session", "--no-checks");
    for (Run run : List.of(first, again, parallel, off, resumed)) {
      assertThat(run.exit()).as(run.console() + run.errors()).isZero();
    }
  }

  @Test
  void aTightDailyLossLimitHaltsThePortfolioAndItsHaltIsARiskEvent() throws IOException {
    JsonNode halt = dailyLossHalt(first.out());

    assertThat(halt.get("portfolio").asText()).isEqualTo("main");
    assertThat(halt.get("cause").asText()).contains("below the day's starting equity", "0.3 %");
    assertThat(Instant.ofEpochMilli(halt.get("tsEvent").asLong()).toString())
        .startsWith("2019-02-12");
    // The gate acted on it: its own event says so, right after the breaker's.
    List<JsonNode> events = lines(first.out().resolve(BacktestRunner.RISK_EVENTS));
    JsonNode next = events.get(events.indexOf(halt) + 1);
    assertThat(next.get("cause").asText()).startsWith("ACTIVE → HALTED after breaker DAILY_LOSS");
    assertThat(next.get("tradingState").asText()).isEqualTo("HALTED");
    assertThat(first.console())
        .containsPattern("pass 2: daily-loss HALT of main at 2019-02-12T[0-9:]+Z[;, ]")
        .contains("portfolio breakers: on");
  }

  @Test
  void noOrderLeavesTheGateAfterTheHaltAndEverythingBeforeItIsAsWithoutTheBreakers()
      throws IOException {
    long raisedAt = raisedAt(first.out());
    List<String> orders = text(first.out(), BacktestRunner.ORDERS);
    List<String> ordersOff = text(off.out(), BacktestRunner.ORDERS);

    // A breaker's HALT stops every order, closing ones too (only FLATTEN closes), until RESUME.
    assertThat(lines(first.out().resolve(BacktestRunner.ORDERS)))
        .allSatisfy(o -> assertThat(o.get("decisionTime").asLong()).isLessThanOrEqualTo(raisedAt));
    // Without the breakers the strategy traded on after that time; up to it, the same orders.
    assertThat(ordersOff).hasSizeGreaterThan(orders.size());
    assertThat(ordersOff.subList(0, orders.size())).isEqualTo(orders);
    // Risk events: the same lines up to the breaker's HALT, which is the first difference.
    List<String> events = text(first.out(), BacktestRunner.RISK_EVENTS);
    List<String> eventsOff = text(off.out(), BacktestRunner.RISK_EVENTS);
    int differ = firstDifference(events, eventsOff);
    assertThat(JSON.readTree(events.get(differ))).isEqualTo(dailyLossHalt(first.out()));
    // Book snapshots and reports: the same up to the time the halt was raised at.
    for (String file : List.of(BacktestRunner.SNAPSHOTS, BacktestRunner.REPORTS)) {
      List<String> on = text(first.out(), file);
      List<String> without = text(off.out(), file);
      int at = firstDifference(on, without);
      assertThat(at).as(file).isGreaterThan(0).isLessThan(without.size());
      assertThat(JSON.readTree(without.get(at)).get("tsEvent").asLong())
          .as("%s's first difference", file)
          .isGreaterThanOrEqualTo(raisedAt);
    }
  }

  @Test
  void theWholeOutputIsTheSameOnASecondRunAndAtParallelismTwo() throws IOException {
    for (String file : OUTPUT) {
      String expected = content(first, file);
      assertThat(content(again, file)).as("again: %s", file).isEqualTo(expected);
      assertThat(content(parallel, file)).as("parallelism 2: %s", file).isEqualTo(expected);
    }
  }

  /**
   * A file of a run: the JSON lines as they are; the report and the manifest with the command line
   * that made them (its {@code --out} and {@code --parallelism}) taken out.
   */
  private static String content(Run run, String file) throws IOException {
    String text = Files.readString(run.out().resolve(file), StandardCharsets.UTF_8);
    if (file.endsWith(".jsonl")) {
      return text;
    }
    text = text.replace(run.out().toString(), "OUT").replace(" --parallelism 2", "");
    if (file.equals(BacktestRunner.MANIFEST)) {
      com.fasterxml.jackson.databind.node.ObjectNode manifest =
          (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(text);
      manifest.remove("parallelism");
      return manifest.toString();
    }
    return text;
  }

  @Test
  void theReportAndTheManifestShowTheBreakersEventsOrThatTheyWereOff() throws IOException {
    JsonNode report = JSON.readTree(first.out().resolve(ReportFiles.JSON).toFile());
    JsonNode breakers = report.get("circuitBreakers");
    assertThat(breakers.get("status").asText()).startsWith("on (").contains("--resume-halts never");
    List<JsonNode> primary = new ArrayList<>();
    breakers
        .get("events")
        .forEach(
            e -> {
              if (e.get("run").asText().equals("backtest-momentum")) {
                primary.add(e);
              }
            });
    assertThat(primary)
        .first()
        .satisfies(
            e -> {
              assertThat(e.get("reason").asText()).isEqualTo("daily-loss");
              assertThat(e.get("severity").asText()).isEqualTo("HALT");
              assertThat(e.get("raisedAt").asText())
                  .isEqualTo(Instant.ofEpochMilli(raisedAt(first.out())).toString());
              assertThat(e.get("resumedAt").isNull()).isTrue();
            });
    // The look-ahead run keeps its own book: its events are its own, in its own files.
    for (JsonNode event : breakers.get("events")) {
      if (event.get("run").asText().equals("backtest-momentum-one-bar-late")) {
        assertThat(
                text(first.out().resolve(ExtraRun.LOOK_AHEAD.folder()), BacktestRunner.RISK_EVENTS))
            .anySatisfy(line -> assertThat(line).contains(event.get("cause").asText()));
      }
    }
    assertThat(breakers.get("passes").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(Files.readString(first.out().resolve(ReportFiles.HTML)))
        .contains("<h2>Portfolio circuit breakers</h2>", "daily-loss");
    JsonNode manifest = JSON.readTree(first.out().resolve(BacktestRunner.MANIFEST).toFile());
    assertThat(manifest.at("/portfolioBreakers/enabled").asBoolean()).isTrue();
    assertThat(manifest.at("/portfolioBreakers/events/0/reason").asText()).isEqualTo("daily-loss");

    JsonNode offReport = JSON.readTree(off.out().resolve(ReportFiles.JSON).toFile());
    assertThat(offReport.at("/circuitBreakers/status").asText())
        .startsWith("off (--no-portfolio-breakers)");
    assertThat(offReport.at("/circuitBreakers/events")).isEmpty();
    assertThat(off.console()).contains("portfolio breakers: off");
  }

  @Test
  void aModelledOperatorResumesAtTheNextSessionOpen() throws IOException {
    long raisedAt = raisedAt(resumed.out());
    // Wednesday 13 February 2019, 09:30 New York.
    long wednesdayOpen = Instant.parse("2019-02-13T14:30:00Z").toEpochMilli();
    assertThat(raisedAt).isEqualTo(raisedAt(first.out())).isLessThan(wednesdayOpen);

    List<JsonNode> events = lines(resumed.out().resolve(BacktestRunner.RISK_EVENTS));
    assertThat(events)
        .anySatisfy(
            e -> {
              assertThat(e.get("reason").asText()).isEqualTo("CONTROL_ACCEPTED");
              assertThat(e.get("cause").asText()).startsWith("RESUME by backtest");
            })
        .anySatisfy(
            e -> assertThat(e.get("cause").asText()).startsWith("HALTED → ACTIVE after RESUME"));
    // Trading goes on from the next session, and not before it.
    List<JsonNode> orders = lines(resumed.out().resolve(BacktestRunner.ORDERS));
    assertThat(orders)
        .noneSatisfy(
            o ->
                assertThat(o.get("decisionTime").asLong())
                    .isStrictlyBetween(raisedAt, wednesdayOpen))
        .anySatisfy(o -> assertThat(o.get("decisionTime").asLong()).isGreaterThan(wednesdayOpen));
    JsonNode report = JSON.readTree(resumed.out().resolve(ReportFiles.JSON).toFile());
    assertThat(report.at("/circuitBreakers/events/0/resumedAt").asText())
        .isEqualTo("2019-02-13T14:30:00Z");
  }

  private static Run backtest(String name, String... more) {
    Path out = dir.resolve(name);
    List<String> args = new ArrayList<>(ARGS);
    args.addAll(List.of(more));
    args.addAll(List.of("--out", out.toString()));
    return run(args).withOut(out);
  }

  /** The primary run's first daily-loss HALT, as the breaker raised it. */
  private static JsonNode dailyLossHalt(Path out) throws IOException {
    return lines(out.resolve(BacktestRunner.RISK_EVENTS)).stream()
        .filter(e -> e.get("reason").asText().equals("DAILY_LOSS"))
        .filter(e -> e.get("tradingState").isNull())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no daily-loss HALT in " + out));
  }

  /** When the first daily-loss HALT was raised (the report's time). */
  private static long raisedAt(Path out) throws IOException {
    JsonNode manifest = JSON.readTree(out.resolve(BacktestRunner.MANIFEST).toFile());
    for (JsonNode event : manifest.at("/portfolioBreakers/events")) {
      if (event.get("run").asText().equals("backtest-momentum")
          && event.get("reason").asText().equals("daily-loss")) {
        return Instant.parse(event.get("raisedAt").asText()).toEpochMilli();
      }
    }
    throw new AssertionError("no daily-loss event in the manifest of " + out);
  }

  private static List<String> text(Path out, String file) throws IOException {
    return Files.readAllLines(out.resolve(file), StandardCharsets.UTF_8);
  }

  private static int firstDifference(List<String> a, List<String> b) {
    int i = 0;
    while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
      i++;
    }
    return i;
  }
}
