#!/usr/bin/python3
"""Small ONNX models for the Java scorer's tests (operators/src/test/resources/policy/).

Random-weight LSTM policies that follow, or deliberately break, docs/policy-contract.md. They are
not trained: they exist to test loading, contract checks, hot swaps and invalid output. Regenerate
with `/usr/bin/python3 training/make_test_models.py` (Debian's python3-torch and python3-onnx).
"""
import json
import os
import sys

import onnx
import torch

FEATURES = ("spread book_imbalance vwap_deviation trade_intensity momentum volatility vol_of_vol "
            "skewness kurtosis rsi ema_deviation vpin").split()
SYMBOLS = ["AAPL", "MSFT"]
HIDDEN = 16
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "operators", "src", "test",
                   "resources", "policy")


class Policy(torch.nn.Module):
    def __init__(self, n, hidden, actions):
        super().__init__()
        self.lstm = torch.nn.LSTM(n, hidden, batch_first=True)
        self.head = torch.nn.Linear(hidden, actions)

    def forward(self, obs, h0, c0):
        y, (h, c) = self.lstm(obs, (h0, c0))
        return self.head(y[:, -1, :]), h, c


def observation(symbols, portfolio_features=False):
    names = [f"{s}.{f}" for s in symbols for f in FEATURES + ["position"]]
    if portfolio_features:
        names += [f"correlation.{a}.{b}" for i, a in enumerate(symbols) for b in symbols[i + 1:]]
        names += [f"{s}.beta" for s in symbols]
    return names


def actions(symbols):
    labels = [""]
    for s in symbols:
        labels = [f"{p}|{s}:{a}" if p else f"{s}:{a}" for p in labels for a in ("SELL", "HOLD", "BUY")]
    return labels


def build(path, version, names, seed, symbols=SYMBOLS, mode="long_only", declared_names=None,
          poison=False, graph_n=None):
    torch.manual_seed(seed)
    n = graph_n or len(names)
    model = Policy(n, HIDDEN, 3 ** len(symbols)).eval()
    if poison:
        with torch.no_grad():
            model.head.bias[0] = float("nan")
    args = (torch.zeros(1, 1, n), torch.zeros(1, 1, HIDDEN), torch.zeros(1, 1, HIDDEN))
    torch.onnx.export(model, args, path, input_names=["obs", "h0", "c0"],
                      output_names=["logits", "h", "c"], opset_version=14,
                      dynamic_axes={"obs": {0: "B"}, "h0": {1: "B"}, "c0": {1: "B"},
                                    "logits": {0: "B"}, "h": {1: "B"}, "c": {1: "B"}})
    declared = declared_names or names
    meta = {
        "contract_version": "1", "model_name": "ppo-lstm", "model_version": version,
        "symbols": json.dumps(symbols), "feature_set": "asset", "feature_set_version": "1",
        "observation": json.dumps(declared),
        "normalization_mean": json.dumps([0.0] * len(declared)),
        "normalization_std": json.dumps([1.0] * len(declared)), "clip": "5.0",
        "actions": json.dumps(actions(symbols)), "position_mode": mode,
        "hidden_size": str(HIDDEN), "notional_per_symbol": "10000",
        "training_data_sha256": "0" * 64, "metrics": json.dumps({"eval_return": 0.0}),
        "created_at": "2026-11-21T00:00:00Z", "seed": str(seed),
    }
    proto = onnx.load(path)
    for key, value in meta.items():
        prop = proto.metadata_props.add()
        prop.key = "tradingcore." + key
        prop.value = value
    onnx.checker.check_model(proto)
    onnx.save(proto, path)
    return model


def main():
    os.makedirs(OUT, exist_ok=True)
    names = observation(SYMBOLS)
    build(os.path.join(OUT, "test-a.onnx"), "test-a", names, seed=11)
    build(os.path.join(OUT, "test-b.onnx"), "test-b", names, seed=12)
    build(os.path.join(OUT, "test-portfolio.onnx"), "test-portfolio", observation(SYMBOLS, True),
          seed=13)
    missing = [n if n != "AAPL.vpin" else "AAPL.order_flow" for n in names]
    build(os.path.join(OUT, "missing-feature.onnx"), "missing-feature", names, seed=14,
          declared_names=missing)
    swapped = list(names)
    i, j = swapped.index("AAPL.momentum"), swapped.index("AAPL.volatility")
    swapped[i], swapped[j] = swapped[j], swapped[i]
    build(os.path.join(OUT, "wrong-order.onnx"), "wrong-order", names, seed=15,
          declared_names=swapped)
    short = [n for n in names if n != "MSFT.vpin"]
    build(os.path.join(OUT, "short-observation.onnx"), "short-observation", names, seed=16,
          declared_names=short, graph_n=len(names))
    build(os.path.join(OUT, "nan-output.onnx"), "nan-output", names, seed=17, poison=True)
    print("wrote test models to", os.path.normpath(OUT), file=sys.stderr)


if __name__ == "__main__":
    main()
