package io.tradingcore.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tradingcore.backtest.WalkForwardPlan.Fold;
import io.tradingcore.marketdata.UsEquityCalendar;
import io.tradingcore.policy.IncompatibleModelException;
import io.tradingcore.policy.TrainingRange;
import io.tradingcore.testing.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The walk-forward's guard: a policy is scored only on days after its training range. */
class FoldModelsTest {
  private static final Path MODEL = Path.of("models", "fold-2.onnx");

  /** Fold 2 of 2019-02-13..21, two train and two test days: train 15 and 19, test 20-21. */
  private static final Fold FOLD_2 =
      WalkForwardPlan.of(
              WalkForwardPlan.tradingDays(
                  LocalDate.of(2019, 2, 13), LocalDate.of(2019, 2, 21), UsEquityCalendar.INSTANCE),
              2,
              2,
              false)
          .folds()
          .get(1);

  @TempDir Path dir;

  private static Map<String, String> trainedOn(String range) {
    return Map.of("tradingcore.model_version", "v", TrainingRange.KEY, range);
  }

  @Test
  void aModelTrainedBeforeTheTestWindowIsScored() throws Exception {
    assertThat(FOLD_2.test().first()).isEqualTo(LocalDate.of(2019, 2, 20));

    assertThat(FoldModels.check(MODEL, trainedOn("2019-02-15/2019-02-19"), FOLD_2))
        .hasToString("2019-02-15/2019-02-19");
    // Training earlier than the fold's own train window is still out of sample.
    assertThat(FoldModels.check(MODEL, trainedOn("2018-06-01/2019-02-14"), FOLD_2))
        .hasToString("2018-06-01/2019-02-14");
  }

  @Test
  void aModelTrainedOnTheTestWindowsFirstDayIsRefusedNamingModelRangeAndWindow() {
    assertThatThrownBy(() -> FoldModels.check(MODEL, trainedOn("2019-02-15/2019-02-20"), FOLD_2))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessage(
            "model "
                + MODEL
                + " was trained on 2019-02-15/2019-02-20, which does not end before fold 2's"
                + " test window 2019-02-20..2019-02-21 (2 days) starts; walk-forward scores a"
                + " model only on days after its training range: give fold 2 a model trained on"
                + " days up to 2019-02-19");
  }

  @Test
  void aModelThatDoesNotRecordItsRangeIsRefusedSayingHowToRecordIt() {
    assertThatThrownBy(
            () -> FoldModels.check(MODEL, Map.of("tradingcore.model_version", "v"), FOLD_2))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("model " + MODEL + " does not record its training range")
        .hasMessageContaining("fold 2's test window 2019-02-20..2019-02-21 (2 days)")
        .hasMessageContaining("retrain it with training/train")
        .hasMessageContaining("tradingcore.training_range")
        .hasMessageContaining("e.g. 2019-02-15/2019-02-19");
  }

  @Test
  void theCommandRefusesEveryBadFoldModelBeforeRunningAnything() throws Exception {
    Path models = Path.of(getClass().getResource("/walk-forward/refused").toURI());
    Path out = dir.resolve("out");
    CliRun run =
        WalkForwardOptionsTest.walkForward(
            "--from",
            "2019-02-13",
            "--to",
            "2019-02-21",
            "--train-days",
            "2",
            "--test-days",
            "2",
            "--symbols",
            "AAPL,MSFT",
            "--strategy",
            "policy",
            "--models",
            models.toString(),
            "--out",
            out.toString());

    assertThat(run.exit()).as(run.errors()).isNotZero();
    assertThat(run.errors())
        .contains("model " + models.resolve("fold-1.onnx") + " does not record its training range")
        .contains(
            "model "
                + models.resolve("fold-2.onnx")
                + " was trained on 2019-02-15/2019-02-20, which does not end before fold 2's test"
                + " window 2019-02-20..2019-02-21 (2 days) starts");
    assertThat(Files.exists(out)).as("nothing written").isFalse();
  }
}
