package io.tradingcore.policy;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.Serializable;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A loaded policy: one ONNX Runtime session and the model's checked contract. Scores one step of
 * the recurrent policy for one row or a batch of rows (one row per portfolio).
 *
 * <p>Sessions run with a fixed number of intra-op threads and without spin-waiting, so a scorer
 * that is idle between bars does not burn a core. A session is safe to call from one thread at a
 * time per instance here (each Flink subtask opens its own).
 */
public final class PolicyModel implements AutoCloseable {
  public static final String OBS = "obs";
  public static final String H0 = "h0";
  public static final String C0 = "c0";
  public static final String LOGITS = "logits";
  public static final String H = "h";
  public static final String C = "c";

  private final OrtEnvironment environment;
  private final OrtSession session;
  private final PolicyContract contract;
  private final ObservationLayout layout;
  private final int actions;

  // One row's input tensors, made once over direct buffers: a step refills them in place, which
  // saves allocating three tensors per bar (a model instance is used by one thread at a time).
  private FloatBuffer rowObs;
  private FloatBuffer rowH;
  private FloatBuffer rowC;
  private Map<String, OnnxTensor> rowInputs;

  private PolicyModel(
      OrtEnvironment environment,
      OrtSession session,
      PolicyContract contract,
      ObservationLayout layout) {
    this.environment = environment;
    this.session = session;
    this.contract = contract;
    this.layout = layout;
    this.actions = contract.actions().size();
  }

  /** Scoring threads and the like; part of the scorer function, so it travels with the job. */
  public record Settings(int intraOpThreads) implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final Settings DEFAULT = new Settings(1);

    public Settings {
      if (intraOpThreads < 1) {
        throw new IllegalArgumentException(
            "the scorer needs at least one thread, got " + intraOpThreads);
      }
    }
  }

  /**
   * Loads a model and checks it: its ONNX graph (names, element types, shapes), its metadata
   * contract, and that the pipeline produces every observation value it asks for.
   *
   * @throws IncompatibleModelException naming what is wrong; nothing is left open
   */
  public static PolicyModel load(byte[] onnx, Settings settings) throws IncompatibleModelException {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    OrtSession session;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(settings.intraOpThreads());
      options.setInterOpNumThreads(1);
      options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      options.addConfigEntry("session.inter_op.allow_spinning", "0");
      session = environment.createSession(onnx, options);
    } catch (OrtException e) {
      throw new IncompatibleModelException(
          "not a loadable ONNX model (" + onnx.length + " bytes): " + e.getMessage(), e);
    }
    try {
      PolicyContract contract =
          PolicyContract.fromMetadata(session.getMetadata().getCustomMetadata());
      ObservationLayout layout = ObservationLayout.resolve(contract);
      checkGraph(session, contract);
      return new PolicyModel(environment, session, contract, layout);
    } catch (IncompatibleModelException e) {
      closeQuietly(session);
      throw e;
    } catch (OrtException e) {
      closeQuietly(session);
      throw new IncompatibleModelException("cannot read the model's graph: " + e.getMessage(), e);
    }
  }

  private static void checkGraph(OrtSession session, PolicyContract contract)
      throws OrtException, IncompatibleModelException {
    int n = contract.observationSize();
    int hidden = contract.hiddenSize();
    int a = contract.actions().size();
    List<String> problems = new ArrayList<>();
    Map<String, NodeInfo> inputs = session.getInputInfo();
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    expect(problems, "input", inputs, OBS, new long[] {-1, 1, n});
    expect(problems, "input", inputs, H0, new long[] {1, -1, hidden});
    expect(problems, "input", inputs, C0, new long[] {1, -1, hidden});
    expect(problems, "output", outputs, LOGITS, new long[] {-1, a});
    expect(problems, "output", outputs, H, new long[] {1, -1, hidden});
    expect(problems, "output", outputs, C, new long[] {1, -1, hidden});
    if (inputs.size() != 3) {
      problems.add("the graph has inputs " + inputs.keySet() + ", expected obs, h0, c0");
    }
    if (!problems.isEmpty()) {
      throw new IncompatibleModelException(
          "model "
              + contract.modelVersion()
              + " graph breaks the policy contract: "
              + String.join("; ", problems));
    }
  }

  /** −1 in {@code expected} is the batch axis: any size, fixed or dynamic, is accepted there. */
  private static void expect(
      List<String> problems,
      String what,
      Map<String, NodeInfo> nodes,
      String name,
      long[] expected) {
    NodeInfo node = nodes.get(name);
    if (node == null) {
      problems.add("no " + what + " '" + name + "' (has " + nodes.keySet() + ")");
      return;
    }
    if (!(node.getInfo() instanceof TensorInfo tensor)
        || tensor.type != ai.onnxruntime.OnnxJavaType.FLOAT) {
      problems.add(what + " '" + name + "' is not a float32 tensor: " + node.getInfo());
      return;
    }
    long[] shape = tensor.getShape();
    boolean fits = shape.length == expected.length;
    for (int i = 0; fits && i < shape.length; i++) {
      fits = expected[i] < 0 || shape[i] == expected[i];
    }
    if (!fits) {
      problems.add(
          what
              + " '"
              + name
              + "' has shape "
              + Arrays.toString(shape)
              + ", the contract needs "
              + Arrays.toString(expected).replace("-1", "B"));
    }
  }

  public PolicyContract contract() {
    return contract;
  }

  public ObservationLayout layout() {
    return layout;
  }

  /** The model's version, carried on every order it causes. */
  public String version() {
    return contract.modelVersion();
  }

  /** One step's outputs for one row. */
  public record Step(float[] logits, float[] h, float[] c) {}

  /** Scores one row: a normalised observation and the state before it. */
  public Step step(float[] observation, float[] h, float[] c) throws OrtException {
    int n = layout.size();
    int hidden = contract.hiddenSize();
    if (rowInputs == null) {
      rowObs = direct(n);
      rowH = direct(hidden);
      rowC = direct(hidden);
      rowInputs =
          Map.of(
              OBS, OnnxTensor.createTensor(environment, rowObs, new long[] {1, 1, n}),
              H0, OnnxTensor.createTensor(environment, rowH, new long[] {1, 1, hidden}),
              C0, OnnxTensor.createTensor(environment, rowC, new long[] {1, 1, hidden}));
    }
    rowObs.clear();
    rowObs.put(requireLength(observation, n, "observation")).rewind();
    rowH.clear();
    rowH.put(requireLength(h, hidden, "h")).rewind();
    rowC.clear();
    rowC.put(requireLength(c, hidden, "c")).rewind();
    try (OrtSession.Result result = session.run(rowInputs)) {
      float[] logits = new float[actions];
      float[] hOut = new float[hidden];
      float[] cOut = new float[hidden];
      ((OnnxTensor) result.get(LOGITS).orElseThrow()).getFloatBuffer().get(logits);
      ((OnnxTensor) result.get(H).orElseThrow()).getFloatBuffer().get(hOut);
      ((OnnxTensor) result.get(C).orElseThrow()).getFloatBuffer().get(cOut);
      return new Step(logits, hOut, cOut);
    }
  }

  private static FloatBuffer direct(int floats) {
    return java.nio.ByteBuffer.allocateDirect(floats * Float.BYTES)
        .order(java.nio.ByteOrder.nativeOrder())
        .asFloatBuffer();
  }

  /** Scores a batch: row i is one portfolio's normalised observation and state. */
  public Step[] step(float[][] observations, float[][] h, float[][] c) throws OrtException {
    int batch = observations.length;
    int n = layout.size();
    int hidden = contract.hiddenSize();
    FloatBuffer obs = FloatBuffer.allocate(batch * n);
    FloatBuffer h0 = FloatBuffer.allocate(batch * hidden);
    FloatBuffer c0 = FloatBuffer.allocate(batch * hidden);
    for (int row = 0; row < batch; row++) {
      obs.put(requireLength(observations[row], n, "observation"));
      h0.put(requireLength(h[row], hidden, "h"));
      c0.put(requireLength(c[row], hidden, "c"));
    }
    obs.flip();
    h0.flip();
    c0.flip();
    try (OnnxTensor obsTensor =
            OnnxTensor.createTensor(environment, obs, new long[] {batch, 1, n});
        OnnxTensor hTensor =
            OnnxTensor.createTensor(environment, h0, new long[] {1, batch, hidden});
        OnnxTensor cTensor =
            OnnxTensor.createTensor(environment, c0, new long[] {1, batch, hidden});
        OrtSession.Result result = session.run(Map.of(OBS, obsTensor, H0, hTensor, C0, cTensor))) {
      FloatBuffer logits = ((OnnxTensor) result.get(LOGITS).orElseThrow()).getFloatBuffer();
      FloatBuffer hOut = ((OnnxTensor) result.get(H).orElseThrow()).getFloatBuffer();
      FloatBuffer cOut = ((OnnxTensor) result.get(C).orElseThrow()).getFloatBuffer();
      Step[] steps = new Step[batch];
      for (int row = 0; row < batch; row++) {
        float[] l = new float[actions];
        float[] hr = new float[hidden];
        float[] cr = new float[hidden];
        logits.get(l);
        hOut.get(hr);
        cOut.get(cr);
        steps[row] = new Step(l, hr, cr);
      }
      return steps;
    }
  }

  private static float[] requireLength(float[] values, int length, String what) {
    if (values.length != length) {
      throw new IllegalArgumentException(
          what + " has " + values.length + " values, the model takes " + length);
    }
    return values;
  }

  @Override
  public void close() {
    if (rowInputs != null) {
      rowInputs.values().forEach(OnnxTensor::close);
    }
    closeQuietly(session);
  }

  private static void closeQuietly(OrtSession session) {
    try {
      session.close();
    } catch (OrtException e) {
      // Closing frees native memory; a failure here leaves nothing to recover.
    }
  }
}
