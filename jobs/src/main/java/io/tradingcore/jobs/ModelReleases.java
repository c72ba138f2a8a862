package io.tradingcore.jobs;

import io.tradingcore.policy.IncompatibleModelException;
import io.tradingcore.policy.ModelRelease;
import io.tradingcore.policy.PolicyContract;
import io.tradingcore.policy.PolicyModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Model releases from files: the bundled default policy, or a model a user names. */
public final class ModelReleases {
  /** The default policy, built into the job jar from {@code training/models/}. */
  public static final String BUNDLED = "models/ppo-lstm-default.onnx";

  private ModelReleases() {}

  /** An inline release and the contract its model declares, read by loading the model once. */
  public record Loaded(ModelRelease release, PolicyContract contract) {}

  /** The bundled default policy. */
  public static Loaded bundled() throws IncompatibleModelException {
    try (InputStream in = ModelReleases.class.getClassLoader().getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IncompatibleModelException(
            "the default model " + BUNDLED + " is not on the classpath (a broken build?)");
      }
      return inline(in.readAllBytes(), "bundled " + BUNDLED);
    } catch (IOException e) {
      throw new IncompatibleModelException("cannot read the default model: " + e, e);
    }
  }

  /** The model in {@code file}, inline. */
  public static Loaded fromFile(Path file) throws IncompatibleModelException {
    try {
      return inline(Files.readAllBytes(file), file.toString());
    } catch (NoSuchFileException e) {
      throw new IncompatibleModelException("model file " + file + " does not exist");
    } catch (IOException e) {
      throw new IncompatibleModelException("cannot read model file " + file + ": " + e, e);
    }
  }

  /**
   * An inline release of {@code onnx}, named and versioned by its own metadata; the model is loaded
   * once, which checks its graph and contract.
   */
  private static Loaded inline(byte[] onnx, String source) throws IncompatibleModelException {
    try (PolicyModel model = PolicyModel.load(onnx, PolicyModel.Settings.DEFAULT)) {
      PolicyContract contract = model.contract();
      ModelRelease release =
          new ModelRelease(
              contract.modelName(),
              contract.modelVersion(),
              onnx,
              null,
              ModelRelease.sha256(onnx),
              contract.symbols(),
              contract.observation(),
              System.currentTimeMillis(),
              source);
      return new Loaded(release, contract);
    }
  }
}
