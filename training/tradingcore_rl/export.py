"""ONNX export (opset 14) with the contract's metadata, the parity fixture, and an independent
numpy check of the exported graph (ONNX Runtime is not available to Python here)."""

import io
import json
import warnings

import numpy as np
import onnx
import torch
from onnx import numpy_helper

from . import contract
from .evaluate import policy_step
from .model import OnnxPolicy

OPSET = 14


def export_onnx(net, path, n_obs, metadata):
    """Writes the model: (obs [B,1,N], h0 [1,B,H], c0 [1,B,H]) -> (logits [B,A], h, c), B dynamic,
    with `metadata` (str -> str) as metadata_props."""
    wrapper = OnnxPolicy(net).eval()
    H = net.hidden
    obs = torch.zeros(2, 1, n_obs)
    h0 = torch.zeros(1, 2, H)
    c0 = torch.zeros(1, 2, H)
    buf = io.BytesIO()
    with warnings.catch_warnings():
        # torch 1.13's LSTM export warns about batch sizes and constant shapes; the exported
        # graph takes h0/c0 as inputs and is checked for batches of 1 and more by the numpy check
        warnings.simplefilter("ignore")
        _export(wrapper, obs, h0, c0, buf)
    model = onnx.load_from_string(buf.getvalue())

    del model.metadata_props[:]
    for k, v in metadata.items():
        entry = model.metadata_props.add()
        entry.key, entry.value = k, str(v)
    model.producer_name = "tradingcore_rl"
    onnx.checker.check_model(model)
    onnx.save(model, path)
    return model


def _export(wrapper, obs, h0, c0, buf):
    torch.onnx.export(
        wrapper, (obs, h0, c0), buf, opset_version=OPSET,
        input_names=["obs", "h0", "c0"], output_names=["logits", "h", "c"],
        dynamic_axes={"obs": {0: "B"}, "h0": {1: "B"}, "c0": {1: "B"},
                      "logits": {0: "B"}, "h": {1: "B"}, "c": {1: "B"}},
        do_constant_folding=True)


def metadata_of(path):
    model = onnx.load(path)
    return {p.key: p.value for p in model.metadata_props}


# --- an independent numpy interpreter of the exported graph ---------------------------------------

def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _attr(node, name, default=None):
    for a in node.attribute:
        if a.name == name:
            return onnx.helper.get_attribute_value(a)
    return default


def run_onnx_numpy(model, feeds):
    """Evaluates the graph with numpy (float64) for the operators torch emits for this model."""
    env = {i.name: numpy_helper.to_array(i).astype(np.float64)
           if numpy_helper.to_array(i).dtype.kind == "f" else numpy_helper.to_array(i)
           for i in model.graph.initializer}
    env.update({k: np.asarray(v, dtype=np.float64) for k, v in feeds.items()})
    for node in model.graph.node:
        ins = [env[n] if n else None for n in node.input]
        op = node.op_type
        if op == "Constant":
            out = [numpy_helper.to_array(_attr(node, "value"))]
        elif op == "Transpose":
            out = [np.transpose(ins[0], _attr(node, "perm"))]
        elif op == "Squeeze":
            axes = ins[1] if len(ins) > 1 and ins[1] is not None else None
            out = [np.squeeze(ins[0], axis=tuple(int(a) for a in axes)) if axes is not None
                   else np.squeeze(ins[0])]
        elif op == "Unsqueeze":
            x = ins[0]
            for a in sorted(int(a) for a in ins[1]):
                x = np.expand_dims(x, a)
            out = [x]
        elif op == "Gather":
            out = [np.take(ins[0], ins[1].astype(np.int64), axis=_attr(node, "axis", 0))]
        elif op == "Gemm":
            a, b = ins[0], ins[1]
            if _attr(node, "transA", 0):
                a = a.T
            if _attr(node, "transB", 0):
                b = b.T
            y = _attr(node, "alpha", 1.0) * a @ b
            if len(ins) > 2 and ins[2] is not None:
                y = y + _attr(node, "beta", 1.0) * ins[2]
            out = [y]
        elif op == "MatMul":
            out = [ins[0] @ ins[1]]
        elif op == "Add":
            out = [ins[0] + ins[1]]
        elif op == "LSTM":
            out = list(_lstm(node, ins))
        else:
            raise NotImplementedError(f"numpy check: operator {op}")
        for name, value in zip(node.output, out):
            if name:
                env[name] = value
    return {o.name: env[o.name] for o in model.graph.output}


def _lstm(node, ins):
    """ONNX LSTM, forward direction, default activations, gate order i, o, f, c."""
    assert _attr(node, "direction", b"forward") in (b"forward", "forward")
    x, w, r = ins[0], ins[1], ins[2]
    b = ins[3] if len(ins) > 3 and ins[3] is not None else np.zeros((1, 8 * r.shape[2]))
    h = ins[5][0] if len(ins) > 5 and ins[5] is not None else np.zeros((x.shape[1], r.shape[2]))
    c = ins[6][0] if len(ins) > 6 and ins[6] is not None else np.zeros((x.shape[1], r.shape[2]))
    hs = r.shape[2]
    wb, rb = b[0, :4 * hs], b[0, 4 * hs:]
    ys = []
    for t in range(x.shape[0]):
        g = x[t] @ w[0].T + h @ r[0].T + wb + rb
        i, o, f, cc = (g[:, k * hs:(k + 1) * hs] for k in range(4))
        c = _sigmoid(f) * c + _sigmoid(i) * np.tanh(cc)
        h = _sigmoid(o) * np.tanh(c)
        ys.append(h)
    y = np.stack(ys)[:, None]  # [T, 1, B, H]
    return y, h[None], c[None]


# --- parity fixture --------------------------------------------------------------------------------

def _f(x):
    return [float(v) for v in x]


def parity_fixture(model_file, obs_names, sequences, net):
    """The fixture the Java tests read: sequences of consecutive steps from zero state, and a batch
    of rows (taken from those steps) scored together to test the dynamic batch axis."""
    seqs = []
    rows = []
    for seq in sequences:
        steps = []
        for r in seq:
            steps.append({k: (_f(r[k]) if k != "action" else int(r[k]))
                          for k in ("raw", "normalized", "h_in", "c_in", "logits", "h_out",
                                    "c_out", "action")})
        seqs.append({"steps": steps})
        rows.extend(steps[3::4])
    rows = rows[:12]
    norm = np.array([r["normalized"] for r in rows], dtype=np.float32)
    h = torch.tensor([[r["h_in"] for r in rows]], dtype=torch.float32)
    c = torch.tensor([[r["c_in"] for r in rows]], dtype=torch.float32)
    logits, h2, c2 = policy_step(net, norm, h, c)
    batch = [{"normalized": _f(norm[i]), "h_in": _f(h[0, i]), "c_in": _f(c[0, i]),
              "logits": _f(logits[i]), "h_out": _f(h2[0, i]), "c_out": _f(c2[0, i])}
             for i in range(len(rows))]
    return {"model": model_file, "observation": list(obs_names), "sequences": seqs,
            "batch": {"rows": batch}}


def check_against_numpy(model, fixture, atol=1e-5):
    """Max abs difference between the fixture (torch) and the numpy interpretation of the ONNX
    graph, over every sequence step and the batch; raises when above atol."""
    worst = 0.0
    cases = [s for seq in fixture["sequences"] for s in seq["steps"]]
    for s in cases:
        out = run_onnx_numpy(model, {"obs": np.array(s["normalized"]).reshape(1, 1, -1),
                                     "h0": np.array(s["h_in"]).reshape(1, 1, -1),
                                     "c0": np.array(s["c_in"]).reshape(1, 1, -1)})
        for key, name in (("logits", "logits"), ("h_out", "h"), ("c_out", "c")):
            worst = max(worst, float(np.max(np.abs(out[name].reshape(-1) - np.array(s[key])))))
        if contract.argmax_action(out["logits"].reshape(-1).tolist()) != s["action"]:
            raise AssertionError("numpy ONNX interpretation picks another action")
    rows = fixture["batch"]["rows"]
    out = run_onnx_numpy(model, {
        "obs": np.array([r["normalized"] for r in rows])[:, None, :],
        "h0": np.array([r["h_in"] for r in rows])[None],
        "c0": np.array([r["c_in"] for r in rows])[None]})
    for key, name in (("logits", "logits"), ("h_out", "h"), ("c_out", "c")):
        ref = np.array([r[key] for r in rows])
        worst = max(worst, float(np.max(np.abs(out[name].reshape(ref.shape) - ref))))
    if worst > atol:
        raise AssertionError(f"ONNX (numpy) vs torch differ by {worst} > {atol}")
    return worst


def write_json(path, obj):
    with open(path, "w") as fh:
        json.dump(obj, fh, indent=1)
        fh.write("\n")
