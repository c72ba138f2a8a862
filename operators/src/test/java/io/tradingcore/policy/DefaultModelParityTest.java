package io.tradingcore.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed default model scored by ONNX Runtime in Java reproduces what the Python training
 * environment recorded (training/models/ppo-lstm-default.parity.json): the same normalised
 * observations from the same raw ones, and logits and (h, c) within 1e-5, step after step.
 */
class DefaultModelParityTest {
  private static final Path MODELS = Path.of("../training/models");
  private static final double TOLERANCE = 1e-5;

  private static JsonNode fixture;

  @BeforeAll
  static void read() throws Exception {
    fixture = new ObjectMapper().readTree(MODELS.resolve("ppo-lstm-default.parity.json").toFile());
  }

  private static PolicyModel load() throws Exception {
    return PolicyModel.load(
        Files.readAllBytes(MODELS.resolve(fixture.get("model").asText())),
        PolicyModel.Settings.DEFAULT);
  }

  @Test
  void theContractNamesTheObservationTheFixtureRecorded() throws Exception {
    try (PolicyModel model = load()) {
      assertThat(model.contract().observation())
          .containsExactlyElementsOf(
              () ->
                  java.util.stream.StreamSupport.stream(
                          fixture.get("observation").spliterator(), false)
                      .map(JsonNode::asText)
                      .iterator());
      assertThat(model.contract().symbols()).containsExactly("AAPL", "MSFT");
      assertThat(model.contract().metrics()).containsKeys("eval_return", "gate_passed");
    }
  }

  @Test
  void javaReproducesThePythonLogitsAndStateStepAfterStep() throws Exception {
    int steps = 0;
    try (PolicyModel model = load()) {
      int hidden = model.contract().hiddenSize();
      for (JsonNode sequence : fixture.get("sequences")) {
        // Java carries its own state from zeros, so errors would accumulate if there were any.
        float[] h = new float[hidden];
        float[] c = new float[hidden];
        for (JsonNode step : sequence.get("steps")) {
          assertClose(h, step.get("h_in"), "h_in");
          assertClose(c, step.get("c_in"), "c_in");
          float[] normalized = model.layout().normalize(doubles(step.get("raw")));
          assertClose(normalized, step.get("normalized"), "normalized observation");

          PolicyModel.Step out = model.step(normalized, h, c);

          assertClose(out.logits(), step.get("logits"), "logits");
          assertClose(out.h(), step.get("h_out"), "h");
          assertClose(out.c(), step.get("c_out"), "c");
          assertThat(ActionMap.argMax(out.logits())).isEqualTo(step.get("action").asInt());
          h = out.h();
          c = out.c();
          steps++;
        }
      }
    }
    assertThat(steps).isGreaterThanOrEqualTo(40);
  }

  @Test
  void aBatchScoresEveryRowAsPythonDid() throws Exception {
    JsonNode rows = fixture.get("batch").get("rows");
    try (PolicyModel model = load()) {
      float[][] obs = new float[rows.size()][];
      float[][] h = new float[rows.size()][];
      float[][] c = new float[rows.size()][];
      for (int i = 0; i < rows.size(); i++) {
        obs[i] = floats(rows.get(i).get("normalized"));
        h[i] = floats(rows.get(i).get("h_in"));
        c[i] = floats(rows.get(i).get("c_in"));
      }

      PolicyModel.Step[] out = model.step(obs, h, c);

      assertThat(out).hasSize(rows.size()).hasSizeGreaterThanOrEqualTo(8);
      for (int i = 0; i < rows.size(); i++) {
        assertClose(out[i].logits(), rows.get(i).get("logits"), "batch logits row " + i);
        assertClose(out[i].h(), rows.get(i).get("h_out"), "batch h row " + i);
        assertClose(out[i].c(), rows.get(i).get("c_out"), "batch c row " + i);
      }
    }
  }

  private static void assertClose(float[] actual, JsonNode expected, String what) {
    assertThat(actual).as(what).hasSize(expected.size());
    for (int i = 0; i < actual.length; i++) {
      assertThat((double) actual[i])
          .as("%s[%d]", what, i)
          .isCloseTo(expected.get(i).asDouble(), within(TOLERANCE));
    }
  }

  private static double[] doubles(JsonNode array) {
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = array.get(i).asDouble();
    }
    return values;
  }

  private static float[] floats(JsonNode array) {
    float[] values = new float[array.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) array.get(i).asDouble();
    }
    return values;
  }
}
