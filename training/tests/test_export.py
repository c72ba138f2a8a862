import json
import os
import tempfile
import unittest

import numpy as np
import onnx
import torch

import _path  # noqa: F401
from tradingcore_rl import contract
from tradingcore_rl.evaluate import policy_step
from tradingcore_rl.export import check_against_numpy, export_onnx, run_onnx_numpy
from tradingcore_rl.model import PolicyNet

MODELS = os.path.join(_path.TRAINING, "models")
DEFAULT = os.path.join(MODELS, "ppo-lstm-default.onnx")
FIXTURE = os.path.join(MODELS, "ppo-lstm-default.parity.json")
KEYS = {
    "tradingcore.contract_version", "tradingcore.model_name", "tradingcore.model_version",
    "tradingcore.symbols", "tradingcore.feature_set", "tradingcore.feature_set_version",
    "tradingcore.observation", "tradingcore.normalization_mean", "tradingcore.normalization_std",
    "tradingcore.clip", "tradingcore.actions", "tradingcore.position_mode",
    "tradingcore.hidden_size", "tradingcore.notional_per_symbol",
    "tradingcore.training_data_sha256", "tradingcore.metrics", "tradingcore.created_at",
    "tradingcore.seed",
}


def dims(value_info):
    return [d.dim_param or d.dim_value for d in value_info.type.tensor_type.shape.dim]


def check_contract(test, model):
    """What the scorer checks: graph signature and metadata (docs/policy-contract.md)."""
    meta = {p.key: p.value for p in model.metadata_props}
    # tradingcore.training_range is optional to the scorer (models made before it lack it); the
    # walk-forward needs it, and the trainer always writes it.
    test.assertEqual(set(meta) - {"tradingcore.training_range"}, KEYS)
    if "tradingcore.training_range" in meta:
        test.assertRegex(meta["tradingcore.training_range"], r"^\d{4}-\d\d-\d\d/\d{4}-\d\d-\d\d$")
    test.assertEqual(meta["tradingcore.contract_version"], "1")
    test.assertEqual(meta["tradingcore.feature_set"], "asset")
    test.assertEqual(meta["tradingcore.feature_set_version"], "1")
    test.assertIn(meta["tradingcore.position_mode"], contract.POSITION_MODES)
    symbols = json.loads(meta["tradingcore.symbols"])
    obs = json.loads(meta["tradingcore.observation"])
    test.assertIn(obs, (contract.observation_names(symbols),
                        contract.observation_names(symbols, portfolio_features=True)))
    n, h = len(obs), int(meta["tradingcore.hidden_size"])
    mean = json.loads(meta["tradingcore.normalization_mean"])
    std = json.loads(meta["tradingcore.normalization_std"])
    test.assertEqual(len(mean), n)
    test.assertEqual(len(std), n)
    test.assertTrue(all(s > 0 for s in std))
    test.assertGreater(float(meta["tradingcore.clip"]), 0)
    test.assertEqual(json.loads(meta["tradingcore.actions"]), contract.action_labels(symbols))
    a = len(contract.action_labels(symbols))
    test.assertRegex(meta["tradingcore.model_version"], r"^ppo-lstm-\d{4}\.\d{2}\.\d{2}-s\d+$")
    test.assertRegex(meta["tradingcore.created_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
    test.assertRegex(meta["tradingcore.training_data_sha256"], r"^[0-9a-f]{64}$")
    test.assertTrue(all(isinstance(v, (int, float))
                        for v in json.loads(meta["tradingcore.metrics"]).values()))
    test.assertGreater(float(meta["tradingcore.notional_per_symbol"]), 0)
    int(meta["tradingcore.seed"])
    test.assertEqual(model.opset_import[0].version, 14)
    g = model.graph
    test.assertEqual([i.name for i in g.input], ["obs", "h0", "c0"])
    test.assertEqual([o.name for o in g.output], ["logits", "h", "c"])
    b = dims(g.input[0])[0]
    test.assertIsInstance(b, str)                        # dynamic batch
    test.assertEqual(dims(g.input[0]), [b, 1, n])
    test.assertEqual(dims(g.input[1]), [1, b, h])
    test.assertEqual(dims(g.input[2]), [1, b, h])
    test.assertEqual(dims(g.output[0]), [b, a])
    test.assertEqual(dims(g.output[1]), [1, b, h])
    test.assertEqual(dims(g.output[2]), [1, b, h])
    for vi in list(g.input) + list(g.output):
        test.assertEqual(vi.type.tensor_type.elem_type, onnx.TensorProto.FLOAT)
    return meta


class ExportTest(unittest.TestCase):
    def test_export_of_a_fresh_net_follows_the_contract(self):
        torch.manual_seed(1)
        symbols = ["AAPL", "MSFT"]
        names = contract.observation_names(symbols)
        net = PolicyNet(len(names), 9, 8)
        meta = {
            "tradingcore.contract_version": "1", "tradingcore.model_name": "ppo-lstm",
            "tradingcore.model_version": "ppo-lstm-2026.01.02-s1",
            "tradingcore.symbols": json.dumps(symbols), "tradingcore.feature_set": "asset",
            "tradingcore.feature_set_version": "1", "tradingcore.observation": json.dumps(names),
            "tradingcore.normalization_mean": json.dumps([0.0] * 26),
            "tradingcore.normalization_std": json.dumps([1.0] * 26), "tradingcore.clip": "5.0",
            "tradingcore.actions": json.dumps(contract.action_labels(symbols)),
            "tradingcore.position_mode": "long_only", "tradingcore.hidden_size": "8",
            "tradingcore.notional_per_symbol": "10000.0",
            "tradingcore.training_data_sha256": "0" * 64,
            "tradingcore.metrics": json.dumps({"eval_return": 0.0}),
            "tradingcore.created_at": "2026-01-02T03:04:05Z", "tradingcore.seed": "1"}
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "m.onnx")
            export_onnx(net, path, 26, meta)
            model = onnx.load(path)
        check_contract(self, model)
        # the graph, interpreted with numpy, computes what torch computes, for a batch of 5
        rng = np.random.default_rng(0)
        obs = rng.normal(size=(5, 26)).astype(np.float32)
        h = torch.tensor(rng.normal(size=(1, 5, 8)), dtype=torch.float32)
        c = torch.tensor(rng.normal(size=(1, 5, 8)), dtype=torch.float32)
        logits, h2, c2 = policy_step(net, obs, h, c)
        out = run_onnx_numpy(model, {"obs": obs[:, None, :], "h0": h.numpy(), "c0": c.numpy()})
        np.testing.assert_allclose(out["logits"], logits.numpy(), atol=1e-5)
        np.testing.assert_allclose(out["h"], h2.numpy(), atol=1e-5)
        np.testing.assert_allclose(out["c"], c2.numpy(), atol=1e-5)


@unittest.skipUnless(os.path.exists(DEFAULT), "no committed default model")
class DefaultModelTest(unittest.TestCase):
    def test_default_model_follows_the_contract(self):
        self.assertLessEqual(os.path.getsize(DEFAULT), 1_000_000)
        model = onnx.load(DEFAULT)
        onnx.checker.check_model(model)
        meta = check_contract(self, model)
        self.assertEqual(json.loads(meta["tradingcore.symbols"]), ["AAPL", "MSFT"])
        self.assertEqual(len(json.loads(meta["tradingcore.observation"])), 26)

    def test_parity_fixture_matches_the_model(self):
        model = onnx.load(DEFAULT)
        meta = {p.key: p.value for p in model.metadata_props}
        with open(FIXTURE) as fh:
            fx = json.load(fh)
        self.assertEqual(fx["model"], "ppo-lstm-default.onnx")
        self.assertEqual(fx["observation"], json.loads(meta["tradingcore.observation"]))
        self.assertGreaterEqual(len(fx["sequences"]), 2)
        self.assertGreaterEqual(len(fx["batch"]["rows"]), 8)
        mean = np.array(json.loads(meta["tradingcore.normalization_mean"]))
        std = np.array(json.loads(meta["tradingcore.normalization_std"]))
        clip = float(meta["tradingcore.clip"])
        h = int(meta["tradingcore.hidden_size"])
        for seq in fx["sequences"]:
            steps = seq["steps"]
            self.assertGreaterEqual(len(steps), 20)
            self.assertEqual(steps[0]["h_in"], [0.0] * h)
            self.assertEqual(steps[0]["c_in"], [0.0] * h)
            for prev, step in zip(steps, steps[1:]):
                self.assertEqual(prev["h_out"], step["h_in"])
                self.assertEqual(prev["c_out"], step["c_in"])
            for step in steps:
                norm = np.clip((np.array(step["raw"]) - mean) / std, -clip, clip)
                np.testing.assert_allclose(step["normalized"], norm.astype(np.float32), atol=1e-6)
                self.assertEqual(step["action"], contract.argmax_action(step["logits"]))
        self.assertLess(check_against_numpy(model, fx), 1e-5)


if __name__ == "__main__":
    unittest.main()
