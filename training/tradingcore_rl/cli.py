"""Train, evaluate and export the PPO-LSTM policy from feature exports (see training/README.md)."""

import argparse
import datetime
import json
import os
import random
import sys
import time

import numpy as np
import torch

from . import contract, data
from .env import EnvConfig, observation_rows
from .evaluate import evaluate, format_report, run_policy
from .export import (check_against_numpy, export_onnx, metadata_of, parity_fixture, write_json)
from .model import PolicyNet
from .normalize import Normalizer
from .ppo import PPOConfig, train_stage

STAGES = ("trend", "chop", "shock", "mixed", "real")
SHARES = {"trend": 0.15, "chop": 0.15, "shock": 0.10, "mixed": 0.45, "real": 0.15}


def parse_args(argv):
    p = argparse.ArgumentParser(prog="python3 -m tradingcore_rl", description=__doc__)
    p.add_argument("--stage", action="append", default=[], metavar="NAME=DIR",
                   help="curriculum stage export, in order: trend, chop, shock, mixed (repeatable)")
    p.add_argument("--real", metavar="DIR", help="export of real bars: trained on as the last "
                   "stage except its last day, which is held out and reported separately")
    p.add_argument("--heldout", metavar="DIR",
                   help="held-out export (seeds never trained on) for the evaluation gate; "
                   "without it the model is evaluated in-sample, on its last stage, and no gate "
                   "is applied (a walk-forward fold: the walk-forward scores its test window)")
    p.add_argument("--symbols", default="AAPL,MSFT")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--steps", type=int, default=2_000_000,
                   help="environment steps in all stages")
    p.add_argument("--eval-steps", type=int, default=20_000)
    p.add_argument("--episode-len", type=int, default=PPOConfig.episode_len,
                   help="decision steps per training episode, a multiple of "
                   f"{PPOConfig.rollout_len}; an export needs more steps than this to be trained "
                   "on (default: %(default)s)")
    p.add_argument("--hidden", type=int, default=32)
    p.add_argument("--portfolio-features", action="store_true")
    p.add_argument("--position-mode", choices=contract.POSITION_MODES, default="long_only")
    p.add_argument("--notional-per-symbol", type=float, default=10_000.0)
    p.add_argument("--initial-cash", type=float, default=100_000.0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--turnover-lambda", type=float, default=EnvConfig.turnover_lambda)
    p.add_argument("--vol-beta", type=float, default=EnvConfig.vol_beta)
    p.add_argument("--drawdown-kappa", type=float, default=EnvConfig.drawdown_kappa)
    p.add_argument("--entropy-coef", type=float, default=PPOConfig.entropy_coef)
    p.add_argument("--out", default="models", help="folder of the model and its fixture")
    p.add_argument("--name", default="ppo-lstm-default", help="file name stem of the model")
    p.add_argument("--version-tag", metavar="TAG",
                   help="appended to tradingcore.model_version (e.g. fold-2), so models trained "
                   "the same day with the same seed carry different versions")
    args = p.parse_args(argv)
    if args.episode_len < PPOConfig.rollout_len or args.episode_len % PPOConfig.rollout_len:
        p.error(f"--episode-len must be a positive multiple of {PPOConfig.rollout_len}, "
                f"got {args.episode_len}")
    return args


def log(msg):
    print(msg, flush=True)


def seed_everything(seed, threads):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    torch.use_deterministic_algorithms(True)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    t0 = time.time()
    seed_everything(args.seed, args.threads)
    symbols = [s.strip() for s in args.symbols.split(",") if s.strip()]
    env_cfg = EnvConfig(initial_cash=args.initial_cash,
                        notional_per_symbol=args.notional_per_symbol,
                        position_mode=args.position_mode,
                        turnover_lambda=args.turnover_lambda, vol_beta=args.vol_beta,
                        drawdown_kappa=args.drawdown_kappa)
    ppo = PPOConfig(entropy_coef=args.entropy_coef, episode_len=args.episode_len)

    def load(path, name):
        t = time.time()
        m = data.align(data.load_export(path), symbols, args.portfolio_features, name=name)
        log(f"loaded {name}: {len(m)} decision steps from {path} ({time.time() - t:.1f}s)")
        return m

    stages = []
    for spec in args.stage:
        name, _, path = spec.partition("=")
        stages.append((name, [load(path, name)]))
    real_train = real_held = None
    if args.real:
        real = load(args.real, "real")
        real_train, real_held = data.split_by_day(real, 1)
        log(f"real: {len(real_train)} training steps, {len(real_held)} held-out steps (last day)")
        stages.append(("real", [real_train]))
    if not stages:
        raise SystemExit("no training data: pass --stage NAME=DIR")
    for name, ms in stages:
        longest = max(len(m) for m in ms)
        if longest <= args.episode_len + 1:
            raise SystemExit(
                f"stage {name}: {longest} decision steps, an episode needs more than "
                f"{args.episode_len + 1}: lower --episode-len (a multiple of "
                f"{PPOConfig.rollout_len}) or train on a longer export")
    held = load(args.heldout, "heldout") if args.heldout else None
    train_hashes = [m.sha256 for _, ms in stages for m in ms]
    if args.real:
        train_hashes[-1] = real.sha256

    obs_names = contract.observation_names(symbols, args.portfolio_features)
    rows = []
    pos_cols = None
    for _, ms in stages:
        for m in ms:
            r, pos_cols = observation_rows(m)
            rows.append(r)
    normalizer = Normalizer.fit(np.concatenate(rows), pos_cols, clip=5.0)

    shares = {n: SHARES.get(n, 0.1) for n, _ in stages}
    if "real" not in shares and "mixed" in shares:
        shares["mixed"] += SHARES["real"]
    total_share = sum(shares.values())
    per_update = ppo.n_envs * ppo.rollout_len
    net = PolicyNet(len(obs_names), contract.action_count(len(symbols)), args.hidden)
    optimizer = torch.optim.Adam(net.parameters(), lr=ppo.lr)
    rng = np.random.default_rng(args.seed)
    counters = {"steps": 0, "updates": 0}
    t_train = time.time()
    log(f"training PPO-LSTM (hidden {args.hidden}, {len(obs_names)} inputs, "
        f"{contract.action_count(len(symbols))} actions) for about {args.steps} steps, "
        f"{per_update} steps per update")
    for name, ms in stages:
        steps = max(per_update, int(round(args.steps * shares[name] / total_share / per_update))
                    * per_update)
        log(f"stage {name}: {steps} steps on {sum(len(m) for m in ms)} decision steps")
        train_stage(net, optimizer, name, ms, steps, normalizer, env_cfg, ppo, rng, t_train,
                    counters)
    train_seconds = time.time() - t_train
    log(f"trained {counters['steps']} steps in {counters['updates']} updates, "
        f"{train_seconds:.1f}s")

    net.eval()
    t_eval = time.time()
    if held is not None:
        res = evaluate(held, net, normalizer, env_cfg, args.eval_steps)
        log(format_report(f"held-out synthetic ({held.name})", res))
    else:
        # No held-out data: how the policy does on what it was trained on (the last stage). Not a
        # gate: a walk-forward scores each fold's model on its test window instead.
        held = stages[-1][1][0]
        res = evaluate(held, net, normalizer, env_cfg, min(args.eval_steps, len(held) - 1))
        log(format_report(f"in-sample, what it was trained on ({held.name}); not a gate", res,
                          gate=False))
    real_res = None
    if real_held is not None and len(real_held) > 2:
        real_res = evaluate(real_held, net, normalizer, env_cfg, len(real_held) - 1)
        log(format_report("held-out real day", real_res))
    eval_seconds = time.time() - t_eval

    metrics = {
        "eval_return": res["policy"]["return"],
        "eval_max_drawdown": res["policy"]["max_drawdown"],
        "eval_steps": res["policy"]["steps"],
        "eval_trades": res["policy"]["trades"],
        "buy_and_hold_return": res["buy_and_hold"]["return"],
        "buy_and_hold_max_drawdown": res["buy_and_hold"]["max_drawdown"],
        "flat_return": res["flat"]["return"],
        "flat_max_drawdown": res["flat"]["max_drawdown"],
        "train_steps": counters["steps"],
    }
    if not args.heldout:
        # In-sample figures are named so, and carry no gate: they say nothing about unseen data.
        metrics = {(k if k == "train_steps" else "insample_" + k.removeprefix("eval_")): v
                   for k, v in metrics.items()}
    if args.heldout:
        metrics["gate_passed"] = 1 if res["gate_passed"] else 0
    if real_res:
        metrics.update({
            "real_heldout_return": real_res["policy"]["return"],
            "real_heldout_max_drawdown": real_res["policy"]["max_drawdown"],
            "real_heldout_steps": real_res["policy"]["steps"],
            "real_heldout_buy_and_hold_return": real_res["buy_and_hold"]["return"],
        })
    now = datetime.datetime.now(datetime.timezone.utc)
    version = f"{contract.MODEL_NAME}-{now:%Y.%m.%d}-s{args.seed}" + (
        f"-{args.version_tag}" if args.version_tag else "")
    meta = {
        "tradingcore.contract_version": str(contract.CONTRACT_VERSION),
        "tradingcore.model_name": contract.MODEL_NAME,
        "tradingcore.model_version": version,
        "tradingcore.symbols": json.dumps(symbols),
        "tradingcore.feature_set": contract.FEATURE_SET,
        "tradingcore.feature_set_version": str(contract.FEATURE_SET_VERSION),
        "tradingcore.observation": json.dumps(obs_names),
        "tradingcore.normalization_mean": json.dumps([float(x) for x in normalizer.mean]),
        "tradingcore.normalization_std": json.dumps([float(x) for x in normalizer.std]),
        "tradingcore.clip": repr(normalizer.clip),
        "tradingcore.actions": json.dumps(contract.action_labels(symbols)),
        "tradingcore.position_mode": args.position_mode,
        "tradingcore.hidden_size": str(args.hidden),
        "tradingcore.notional_per_symbol": repr(args.notional_per_symbol),
        "tradingcore.training_data_sha256": data.combined_sha256(train_hashes),
        "tradingcore.training_range": data.training_range([m for _, ms in stages for m in ms]),
        "tradingcore.metrics": json.dumps(metrics, sort_keys=True),
        "tradingcore.created_at": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "tradingcore.seed": str(args.seed),
    }
    os.makedirs(args.out, exist_ok=True)
    model_path = os.path.join(args.out, args.name + ".onnx")
    model = export_onnx(net, model_path, len(obs_names), meta)
    size = os.path.getsize(model_path)
    log(f"wrote {model_path} ({size} bytes), version {version}")

    seqs = [run_policy(held, net, normalizer, env_cfg, 24, start=s, record=True)["records"]
            for s in (0, min(5000, len(held) - 30))]
    if real_held is not None and len(real_held) > 30:
        seqs.append(run_policy(real_held, net, normalizer, env_cfg, 24, record=True)["records"])
    fixture = parity_fixture(os.path.basename(model_path), obs_names, seqs, net)
    worst = check_against_numpy(model, fixture)
    parity_path = os.path.join(args.out, args.name + ".parity.json")
    write_json(parity_path, fixture)
    log(f"wrote {parity_path}: {len(seqs)} sequences, {len(fixture['batch']['rows'])} batch rows; "
        f"numpy interpretation of the ONNX graph matches torch within {worst:.2e}")
    assert metadata_of(model_path) == meta

    report = {"model": os.path.basename(model_path), "model_version": version,
              "model_bytes": size, "seed": args.seed, "symbols": symbols,
              "train_seconds": round(train_seconds, 1), "eval_seconds": round(eval_seconds, 1),
              "total_seconds": round(time.time() - t0, 1), "threads": args.threads,
              "metrics": metrics,
              "training_range": meta["tradingcore.training_range"],
              "heldout" if args.heldout else "insample": {
                  k: {kk: vv for kk, vv in v.items() if kk != "records"}
                  if isinstance(v, dict) else v for k, v in res.items()},
              "real_heldout": None if real_res is None else {
                  k: v for k, v in real_res.items()},
              "training_exports": train_hashes, "heldout_export": held.sha256 if args.heldout else None,
              "onnx_numpy_max_abs_diff": worst}
    write_json(os.path.join(args.out, args.name + ".report.json"), report)
    log(f"done in {time.time() - t0:.1f}s: "
        + (f"gate {'PASS' if res['gate_passed'] else 'FAIL'}" if args.heldout
           else f"training range {meta['tradingcore.training_range']}, no gate (in-sample)"))
    return 0
