"""Training side of Trading Core: a PPO-LSTM policy trained on the feature export.

Contract with the Flink scorer: docs/policy-contract.md (version 1).
Dependencies: the standard library, numpy, torch, onnx and avro (Debian packages).
"""
