package io.tradingcore.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyModelTest {

  @Test
  void loadsAModelAndReadsItsContract() throws Exception {
    try (PolicyModel model = TestModels.load("test-a")) {
      PolicyContract contract = model.contract();

      assertThat(model.version()).isEqualTo("test-a");
      assertThat(contract.symbols()).containsExactly("AAPL", "MSFT");
      assertThat(contract.observationSize()).isEqualTo(26);
      assertThat(contract.observation().get(0)).isEqualTo("AAPL.spread");
      assertThat(contract.observation().get(12)).isEqualTo("AAPL.position");
      assertThat(contract.hiddenSize()).isEqualTo(16);
      assertThat(contract.positionMode()).isEqualTo(PolicyContract.PositionMode.LONG_ONLY);
      assertThat(contract.notionalPerSymbol()).isEqualByComparingTo("10000");
    }
    try (PolicyModel model = TestModels.load("test-portfolio")) {
      assertThat(model.contract().observationSize()).isEqualTo(29);
      assertThat(model.contract().observation().subList(26, 29))
          .containsExactly("correlation.AAPL.MSFT", "AAPL.beta", "MSFT.beta");
    }
  }

  @Test
  void scoresOneRowAndABatchAlike() throws Exception {
    try (PolicyModel model = TestModels.load("test-a")) {
      float[][] obs = new float[4][26];
      float[][] h = new float[4][16];
      float[][] c = new float[4][16];
      for (int row = 0; row < 4; row++) {
        for (int i = 0; i < 26; i++) {
          obs[row][i] = (float) Math.sin(row * 31 + i);
        }
        Arrays.fill(h[row], 0.1f * row);
        Arrays.fill(c[row], -0.05f * row);
      }

      PolicyModel.Step[] batch = model.step(obs, h, c);

      for (int row = 0; row < 4; row++) {
        PolicyModel.Step single = model.step(obs[row], h[row], c[row]);
        assertThat(batch[row].logits()).hasSize(9).containsExactly(single.logits());
        assertThat(batch[row].h()).hasSize(16).containsExactly(single.h());
        assertThat(batch[row].c()).containsExactly(single.c());
      }
      // The state moves: a recurrent step is not the identity.
      assertThat(batch[0].h()).isNotEqualTo(new float[16]);
    }
  }

  @Test
  void refusesAModelAskingForAFeatureThePipelineDoesNotProduce() {
    assertThatThrownBy(() -> TestModels.load("missing-feature"))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("does not fit the pipeline")
        .hasMessageContaining("'AAPL.order_flow' is not produced by the pipeline");
  }

  @Test
  void refusesAModelDeclaringAnotherFeatureOrder() {
    assertThatThrownBy(() -> TestModels.load("wrong-order"))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("wrong feature order")
        .hasMessageContaining("'AAPL.momentum' comes after 'AAPL.volatility'");
  }

  @Test
  void refusesAModelWhoseGraphDoesNotTakeItsDeclaredObservation() {
    assertThatThrownBy(() -> TestModels.load("short-observation"))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("input 'obs' has shape [-1, 1, 26], the contract needs [B, 1, 25]");
  }

  @Test
  void refusesACorruptFile() {
    byte[] truncated = Arrays.copyOf(TestModels.bytes("test-a"), 4000);

    assertThatThrownBy(() -> PolicyModel.load(truncated, PolicyModel.Settings.DEFAULT))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("not a loadable ONNX model (4000 bytes)");
  }

  @Test
  void aReleaseWhoseChecksumDoesNotMatchIsRefusedBeforeLoading() {
    ModelRelease good = TestModels.release("test-a");
    byte[] flipped = good.onnx().clone();
    flipped[flipped.length / 2] ^= 1;
    ModelRelease corrupt =
        new ModelRelease(
            "ppo-lstm", "test-a", flipped, null, good.sha256(), List.of(), List.of(), 0, "test");

    assertThatThrownBy(corrupt::bytes)
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("corrupt or truncated in transit");
    ModelRelease nowhere =
        new ModelRelease(
            "ppo-lstm",
            "x",
            null,
            "https://example.com/m.onnx",
            "00",
            List.of(),
            List.of(),
            0,
            "t");
    assertThatThrownBy(nowhere::bytes).hasMessageContaining("only file: URIs");
  }

  @Test
  void aContractNamesEveryProblemAtOnce() {
    assertThatThrownBy(
            () ->
                PolicyContract.fromMetadata(
                    java.util.Map.of(
                        "tradingcore.contract_version", "2",
                        "tradingcore.symbols", "[\"AAPL\"]",
                        "tradingcore.observation", "[\"AAPL.spread\",\"AAPL.position\"]",
                        "tradingcore.normalization_mean", "[0]",
                        "tradingcore.normalization_std", "[1, 0]",
                        "tradingcore.clip", "-1",
                        "tradingcore.actions", "[\"AAPL:BUY\",\"AAPL:HOLD\",\"AAPL:SELL\"]",
                        "tradingcore.position_mode", "sideways")))
        .isInstanceOf(IncompatibleModelException.class)
        .hasMessageContaining("contract version 2 is not supported")
        .hasMessageContaining("tradingcore.model_version is missing")
        .hasMessageContaining("normalization_mean has 1 values for 2 observation names")
        .hasMessageContaining("normalization_std[1] must be positive")
        .hasMessageContaining("clip must be positive")
        .hasMessageContaining("position_mode must be long_only or long_short")
        .hasMessageContaining("actions must be the 3 joint SELL/HOLD/BUY labels");
  }
}
