"""One policy per walk-forward fold (issue #7), trained on that fold's train window only.

The folds are the Java walk-forward's own: `bin/trading-core walk-forward ... --print-plan` prints
them with the `export-features` options of each train window, so no calendar is re-implemented
here. For each fold: export the train window's features (reused when the same export is already
there), train a PPO-LSTM on it, write `fold-<n>.onnx`. Its `tradingcore.training_range` comes
from the export's MANIFEST.json range (cli.py, data.training_range) and is checked to be the
fold's train window. `bin/trading-core walk-forward --strategy policy --models DIR` scores them.

    python3 -m tradingcore_rl.walk_forward --models DIR [--steps N] [--seed S] ... \\
        [-- walk-forward options: --data, --symbols, --from, --to, --train-days, --test-days, ...]
"""

import argparse
import hashlib
import json
import os
import shlex
import subprocess
import sys
import time

from . import cli, data
from .export import metadata_of

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(HERE)
SUMMARY = "walk-forward-models.json"


def log(msg):
    print(f"[walk-forward {time.strftime('%H:%M:%S', time.gmtime())}] {msg}", flush=True)


def parse_args(argv):
    if "--" in argv:
        i = argv.index("--")
        own, plan_options = argv[:i], argv[i + 1:]
    else:
        own, plan_options = argv, []
    p = argparse.ArgumentParser(
        prog="training/walk-forward", description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Options after -- go to bin/trading-core walk-forward (see its --help); unknown "
               "options before -- go to python3 -m tradingcore_rl (see its --help).")
    p.add_argument("--models", default=os.path.join(HERE, "models", "walk-forward"),
                   help="folder of fold-<n>.onnx, what walk-forward --models takes "
                        "(default: training/models/walk-forward, git-ignored)")
    p.add_argument("--steps", type=int, default=100_000,
                   help="PPO environment steps per fold (default: %(default)s; about 20 s a fold "
                        "on one thread)")
    p.add_argument("--seed", type=int, default=7, help="training seed (default: %(default)s)")
    p.add_argument("--episode-len", type=int, default=256,
                   help="decision steps per episode; a train window needs more (default: "
                        "%(default)s, fits two trading days)")
    p.add_argument("--work", default=os.path.join(HERE, ".work", "exports"),
                   help="folder of the feature exports, reused by content (default: "
                        "training/.work/exports)")
    p.add_argument("--trading-core", default=os.path.join(ROOT, "bin", "trading-core"),
                   help=argparse.SUPPRESS)
    p.add_argument("--score", action="store_true",
                   help="run the walk-forward on the models at the end (its report goes to "
                        "MODELS/report)")
    args, train_options = p.parse_known_args(own)
    if args.steps < 1:
        p.error(f"--steps must be at least 1, got {args.steps}")
    args.plan_options = plan_options
    args.train_options = train_options
    return args


def read_plan(text):
    """The JSON `walk-forward --print-plan` prints, checked for what training needs."""
    plan = json.loads(text)
    folds = plan.get("folds")
    if not folds:
        raise ValueError("the walk-forward plan has no folds")
    for f in folds:
        for key in ("number", "model", "train", "test", "exportFeatures"):
            if key not in f:
                raise ValueError(f"fold {f.get('number', '?')} of the plan has no '{key}'")
    return plan


def export_dir(work, fold):
    """Where a fold's train window is exported: named by its dates, keyed by a hash of the
    export options (source, symbols, trading options, range), so an export is reused exactly when
    the same one is asked for again."""
    key = hashlib.sha256("\0".join(fold["exportFeatures"]).encode()).hexdigest()[:12]
    return os.path.join(work, f"fold-{fold['train']['from']}-{fold['train']['to']}-{key}")


def window_range(window):
    """FIRST/LAST, as tradingcore.training_range writes a range."""
    return f"{window['from']}/{window['to']}"


def window_text(window):
    """As the walk-forward prints a window: 2019-02-11..2019-02-12 (2 days), 2019-02-13 (1 day)."""
    n = len(window["days"])
    dates = window["from"] if window["from"] == window["to"] else f"{window['from']}..{window['to']}"
    return f"{dates} ({n} day{'' if n == 1 else 's'})"


def check_export(manifest, fold):
    """An export fit to train fold `fold` on: it records exactly the train window as its range."""
    rng = data.recorded_range(manifest)
    expected = window_range(fold["train"])
    if rng is None:
        raise ValueError(f"fold {fold['number']}: the export records no range (MANIFEST.json "
                         f"'range'); re-export it with export-features --from/--to")
    got = f"{rng[0].isoformat()}/{rng[1].isoformat()}"
    if got != expected:
        raise ValueError(f"fold {fold['number']}: the export covers {got}, not the train window "
                         f"{expected}")
    missing = manifest["range"].get("tradingDaysWithoutBars") or []
    if missing:
        raise ValueError(f"fold {fold['number']}: the export has no bars on the trading days "
                         f"{missing} of its train window {expected}")


def train_argv(fold, export, plan, args):
    """The tradingcore_rl command line that trains fold `fold` on `export`."""
    name = os.path.splitext(fold["model"])[0]
    return ([f"--stage", f"{name}={export}", "--symbols", ",".join(plan["symbols"]),
             "--seed", str(args.seed), "--steps", str(args.steps),
             "--episode-len", str(args.episode_len), "--out", args.models, "--name", name,
             "--version-tag", name] + list(args.train_options))


def check_model(metadata, fold):
    """The written model says it was trained on exactly the fold's train window."""
    got = metadata.get("tradingcore.training_range")
    expected = window_range(fold["train"])
    if got != expected:
        raise ValueError(f"fold {fold['number']}: the model records training range {got}, "
                         f"not the train window {expected}")


def export(fold, directory, args):
    """Runs export-features for the fold's train window unless a fitting export is there."""
    manifest_path = os.path.join(directory, "MANIFEST.json")
    if os.path.exists(manifest_path) and os.path.isdir(os.path.join(directory, "bars")):
        try:
            check_export(data.read_manifest(directory), fold)
            log(f"  reusing export {directory}")
            return
        except ValueError as e:
            log(f"  re-exporting {directory}: {e}")
    os.makedirs(os.path.dirname(directory), exist_ok=True)
    command = ([args.trading_core, "export-features"] + fold["exportFeatures"]
               + ["--out", directory, "--overwrite"])
    log(f"  exporting features: {shlex.join(command[1:])}")
    t = time.time()
    with open(directory + ".log", "w") as out:
        done = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT)
    with open(directory + ".log") as fh:
        lines = fh.read().splitlines()
    if done.returncode != 0:
        sys.stderr.write("\n".join(lines[-30:]) + "\n")
        raise SystemExit(f"export-features failed for fold {fold['number']} (exit "
                         f"{done.returncode}); the whole log is {directory}.log")
    for line in lines:
        if line.startswith("Wrote ") or "trading days without bars" in line:
            log("  " + line.strip())
    log(f"  export took {time.time() - t:.0f} s")
    check_export(data.read_manifest(directory), fold)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    t0 = time.time()
    plan_command = [args.trading_core, "walk-forward"] + args.plan_options + ["--print-plan"]
    log(f"plan: {shlex.join(plan_command[1:])}")
    # Its errors (and the "Building Trading Core..." line of a first run) go straight through.
    done = subprocess.run(plan_command, stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise SystemExit(f"walk-forward --print-plan failed (exit {done.returncode})")
    plan = read_plan(done.stdout)
    folds = plan["folds"]
    log(f"{len(folds)} folds of {','.join(plan['symbols'])} ({plan['history']}), train "
        f"{plan['trainDays']}, test {plan['testDays']} trading days"
        f"{', anchored' if plan['anchored'] else ''}; {args.steps} PPO steps a fold, models to "
        f"{args.models}")
    os.makedirs(args.models, exist_ok=True)
    summary = {"plan": plan, "walkForwardOptions": args.plan_options, "seed": args.seed,
               "steps": args.steps, "episodeLen": args.episode_len,
               "trainingOptions": args.train_options, "folds": []}
    for fold in folds:
        t = time.time()
        log(f"fold {fold['number']}/{len(folds)}: train {window_text(fold['train'])}, test "
            f"{window_text(fold['test'])} -> {fold['model']}")
        directory = export_dir(args.work, fold)
        export(fold, directory, args)
        argv = train_argv(fold, directory, plan, args)
        log(f"  training: python3 -m tradingcore_rl {shlex.join(argv)}")
        cli.main(argv)
        model = os.path.join(args.models, fold["model"])
        meta = metadata_of(model)
        check_model(meta, fold)
        metrics = json.loads(meta["tradingcore.metrics"])
        log(f"  fold {fold['number']} done in {time.time() - t:.0f} s: {fold['model']}, version "
            f"{meta['tradingcore.model_version']}, trained on "
            f"{meta['tradingcore.training_range']}; in-sample return "
            f"{metrics['insample_return'] * 100:+.3f}% ({metrics['insample_trades']} trades), "
            f"buy-and-hold {metrics['insample_buy_and_hold_return'] * 100:+.3f}%")
        summary["folds"].append({
            "number": fold["number"], "model": fold["model"],
            "modelVersion": meta["tradingcore.model_version"],
            "trainingRange": meta["tradingcore.training_range"],
            "test": window_range(fold["test"]), "export": directory,
            "trainingDataSha256": meta["tradingcore.training_data_sha256"],
            "metrics": metrics, "seconds": round(time.time() - t, 1)})
    with open(os.path.join(args.models, SUMMARY), "w") as fh:
        json.dump(summary, fh, indent=2, sort_keys=True)
        fh.write("\n")
    score = ([args.trading_core, "walk-forward"] + args.plan_options
             + ["--strategy", "policy", "--models", args.models])
    log(f"{len(folds)} fold models in {args.models} ({SUMMARY}) in {time.time() - t0:.0f} s")
    if not args.score:
        log(f"score them: {shlex.join(score)}")
        return 0
    score += ["--out", os.path.join(args.models, "report"), "--overwrite"]
    log(f"scoring: {shlex.join(score)}")
    sys.stdout.flush()
    return subprocess.run(score).returncode


if __name__ == "__main__":
    sys.exit(main())
