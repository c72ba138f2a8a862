package io.tradingcore.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The ONNX models under {@code src/test/resources/policy/}: random-weight policies that follow or
 * deliberately break the contract, made by {@code training/make_test_models.py}.
 */
final class TestModels {
  private TestModels() {}

  static byte[] bytes(String name) {
    try (InputStream in = TestModels.class.getResourceAsStream("/policy/" + name + ".onnx")) {
      if (in == null) {
        throw new IllegalStateException("no test model " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An inline release of test model {@code name}, its version the name. */
  static ModelRelease release(String name) {
    byte[] bytes = bytes(name);
    return new ModelRelease(
        "ppo-lstm",
        name,
        bytes,
        null,
        ModelRelease.sha256(bytes),
        List.of(),
        List.of(),
        0L,
        "test resources");
  }

  static PolicyModel load(String name) throws IncompatibleModelException {
    return PolicyModel.load(bytes(name), PolicyModel.Settings.DEFAULT);
  }
}
