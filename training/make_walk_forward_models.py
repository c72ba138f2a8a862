#!/usr/bin/python3
"""Fold models for the Java walk-forward's tests (jobs/src/test/resources/walk-forward/).

Copies of the untrained test policy operators/src/test/resources/policy/test-a.onnx (made by
make_test_models.py) with their own model version and, except where a test needs it missing, the
`tradingcore.training_range` metadata key (docs/policy-contract.md). Only onnx is needed, not
torch: regenerate with `/usr/bin/python3 training/make_walk_forward_models.py`.

The tests split 2019-02-13..2019-02-21 (Presidents' Day, 18 February, closed) into rolling folds of
two train and two test days: fold 1 trains on 13-14 and tests 15 and 19, fold 2 trains on 15 and
19 and tests 20-21.
"""
import os
import sys

import onnx

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "..", "operators", "src", "test", "resources", "policy", "test-a.onnx")
OUT = os.path.join(HERE, "..", "jobs", "src", "test", "resources", "walk-forward")

# folder -> [(file, model version, training range or None for no key)]
MODELS = {
    "trained-before": [("fold-1.onnx", "wf-fold-1", "2019-02-13/2019-02-14"),
                       ("fold-2.onnx", "wf-fold-2", "2019-02-15/2019-02-19")],
    "refused": [("fold-1.onnx", "wf-no-range", None),
                ("fold-2.onnx", "wf-leaky", "2019-02-15/2019-02-20")],
}


def stamp(version, training_range, path):
    model = onnx.load(SOURCE)
    props = {p.key: p.value for p in model.metadata_props}
    props["tradingcore.model_version"] = version
    if training_range is not None:
        props["tradingcore.training_range"] = training_range
    del model.metadata_props[:]
    for key in sorted(props):
        entry = model.metadata_props.add()
        entry.key, entry.value = key, props[key]
    onnx.checker.check_model(model)
    onnx.save(model, path)


def main():
    for folder, models in MODELS.items():
        os.makedirs(os.path.join(OUT, folder), exist_ok=True)
        for name, version, training_range in models:
            stamp(version, training_range, os.path.join(OUT, folder, name))
    print("wrote walk-forward test models to", os.path.normpath(OUT), file=sys.stderr)


if __name__ == "__main__":
    main()
