"""Reading the feature export (bin/trading-core export-features) and aligning it into decision steps.

Layout of an export folder: asset/*.avro and portfolio/*.avro (FeatureVector records), bars/*.avro
(the gated Bar records), MANIFEST.json. Features are never recomputed here: what the job computed is
what the policy sees.
"""

import bisect
import datetime
import glob
import hashlib
import json
import math
import os
import pickle
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from . import contract

CACHE_VERSION = 1
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def _millis(t):
    """timestamp-millis comes back from avro as an aware datetime (or an int in old versions)."""
    if isinstance(t, int):
        return t
    return int(round(t.timestamp() * 1000))


def _read_avro(folder):
    from avro.datafile import DataFileReader
    from avro.io import DatumReader
    files = sorted(glob.glob(os.path.join(folder, "*.avro")))
    for path in files:
        with open(path, "rb") as fh:
            reader = DataFileReader(fh, DatumReader())
            try:
                for rec in reader:
                    yield rec
            finally:
                reader.close()


def read_manifest(export_dir):
    with open(os.path.join(export_dir, "MANIFEST.json")) as fh:
        return json.load(fh)


def export_sha256(manifest):
    """The export's content hash: the manifest's top-level contentSha256 when it has one; otherwise
    the SHA-256 of its sections' contentSha256 values (asset, portfolio, bars...), 'name=hash'
    lines in sorted section order."""
    if isinstance(manifest.get("contentSha256"), str):
        return manifest["contentSha256"]
    parts = []
    for key in sorted(manifest):
        sec = manifest[key]
        if isinstance(sec, dict) and isinstance(sec.get("contentSha256"), str):
            parts.append(f"{key}={sec['contentSha256']}\n")
    if not parts:
        raise ValueError("MANIFEST.json carries no contentSha256")
    return hashlib.sha256("".join(parts).encode()).hexdigest()


def combined_sha256(hashes):
    """Content hash of several exports trained on: the single hash itself, or the SHA-256 of the
    newline-terminated hashes in training order."""
    hashes = list(hashes)
    if len(hashes) == 1:
        return hashes[0]
    return hashlib.sha256("".join(h + "\n" for h in hashes).encode()).hexdigest()


@dataclass
class RawExport:
    """The records of one export, keyed for joining."""
    path: str
    manifest: dict
    # (symbol, barEnd) -> (values dict name -> float, warm, close Decimal)
    asset: dict
    # barEnd -> (values dict, warm) for the portfolio entity
    portfolio: dict
    # symbol -> (sorted startTimes, opens as Decimal in the same order)
    bars: dict


def load_export(export_dir, use_cache=True):
    """Reads an export folder (cached as a pickle next to it, keyed by the manifest's hash)."""
    manifest = read_manifest(export_dir)
    sha = export_sha256(manifest)
    cache = os.path.join(export_dir, ".training-cache.pickle")
    if use_cache and os.path.exists(cache):
        with open(cache, "rb") as fh:
            cached = pickle.load(fh)
        if cached.get("version") == CACHE_VERSION and cached.get("sha") == sha:
            return RawExport(export_dir, manifest, cached["asset"], cached["portfolio"],
                             cached["bars"])
    asset = {}
    for rec in _read_avro(os.path.join(export_dir, "asset")):
        values = dict(zip(rec["names"], rec["values"]))
        asset[(rec["entity"], _millis(rec["barEnd"]))] = (values, bool(rec["warm"]), rec["close"])
    portfolio = {}
    for rec in _read_avro(os.path.join(export_dir, "portfolio")):
        values = dict(zip(rec["names"], rec["values"]))
        portfolio[_millis(rec["barEnd"])] = (values, bool(rec["warm"]))
    bars = {}
    bar_dir = os.path.join(export_dir, "bars")
    if os.path.isdir(bar_dir):
        tmp = {}
        for rec in _read_avro(bar_dir):
            tmp.setdefault(rec["symbol"], []).append((_millis(rec["startTime"]), rec["open"]))
        for sym, rows in tmp.items():
            rows.sort(key=lambda r: r[0])
            bars[sym] = ([r[0] for r in rows], [r[1] for r in rows])
    raw = RawExport(export_dir, manifest, asset, portfolio, bars)
    if use_cache:
        tmp_path = cache + ".tmp"
        with open(tmp_path, "wb") as fh:
            pickle.dump({"version": CACHE_VERSION, "sha": sha, "asset": asset,
                         "portfolio": portfolio, "bars": bars}, fh)
        os.replace(tmp_path, cache)
    return raw


@dataclass
class Market:
    """Aligned decision steps of one export for the traded symbols.

    features[t]   raw observation values without positions: per symbol its features, then the
                  optional portfolio features (the env inserts the positions)
    close[t, s]   the decision bar's close (float); close_exact[t][s] as Decimal
    fill[t, s]    the open of the first bar of s starting at or after bar_end[t] (the fill price of
                  a decision taken at t); fill_exact[t][s] as Decimal
    """
    name: str
    symbols: list
    bar_end: np.ndarray
    asset_features: np.ndarray      # [T, S, F]
    portfolio_features: np.ndarray  # [T, P] (P may be 0)
    close: np.ndarray               # [T, S]
    fill: np.ndarray                # [T, S]
    close_exact: list = field(repr=False, default=None)
    fill_exact: list = field(repr=False, default=None)
    sha256: str = ""
    # (first, last) market dates the records were read from (datetime.date): the export's
    # recorded range (MANIFEST.json "range"), or None for an export that records none
    read_range: tuple = None

    def __len__(self):
        return len(self.bar_end)

    def slice(self, start, stop, name=None, read_range=None):
        return Market(name or f"{self.name}[{start}:{stop}]", self.symbols,
                      self.bar_end[start:stop], self.asset_features[start:stop],
                      self.portfolio_features[start:stop], self.close[start:stop],
                      self.fill[start:stop], self.close_exact[start:stop],
                      self.fill_exact[start:stop], self.sha256,
                      read_range if read_range is not None else self.read_range)


def align(raw, symbols, portfolio_features=False, features=contract.ASSET_FEATURES, name=None):
    """Decision steps of an export: the bar ends at which every traded symbol has a fresh, warm
    asset vector whose used features are finite (docs/policy-contract.md), with (when asked) the
    portfolio vector of the same bar end with finite correlation/beta values. A step needs a fill
    bar for every symbol (a bar starting at or after its bar end), so the export's last bar end
    is no step."""
    missing = [s for s in symbols if s not in raw.bars]
    if missing:
        raise ValueError(
            f"{raw.path}: no gated bars for {missing} (bars/*.avro); the fill price is the next "
            "bar's open, so training needs an export that carries the bars")
    pnames = contract.portfolio_feature_names(symbols) if portfolio_features else []
    ends = sorted({end for (sym, end) in raw.asset if sym == symbols[0]})
    rows_f, rows_p, rows_c, rows_o, bar_end = [], [], [], [], []
    for end in ends:
        vecs = {}
        for s in symbols:
            rec = raw.asset.get((s, end))
            if rec is not None:
                vecs[s] = {"names": list(rec[0].keys()), "values": list(rec[0].values()),
                           "warm": rec[1]}
        if not contract.is_decision_step(vecs, symbols, features):
            continue
        pvals = []
        if pnames:
            prec = raw.portfolio.get(end)
            if prec is None:
                continue
            pvals = [prec[0].get(n, float("nan")) for n in pnames]
            if not all(math.isfinite(x) for x in pvals):
                continue
        fills = []
        for s in symbols:
            starts, opens = raw.bars[s]
            i = bisect.bisect_left(starts, end)
            if i == len(starts):
                break
            fills.append(opens[i])
        if len(fills) != len(symbols):
            continue
        closes = [raw.asset[(s, end)][2] for s in symbols]
        if any(c is None for c in closes):
            continue
        rows_f.append([[raw.asset[(s, end)][0][f] for f in features] for s in symbols])
        rows_p.append(pvals)
        rows_c.append(closes)
        rows_o.append(fills)
        bar_end.append(end)
    t = len(bar_end)
    return Market(
        name=name or os.path.basename(os.path.normpath(raw.path)),
        symbols=list(symbols),
        bar_end=np.asarray(bar_end, dtype=np.int64),
        asset_features=np.asarray(rows_f, dtype=np.float64).reshape(t, len(symbols), len(features)),
        portfolio_features=np.asarray(rows_p, dtype=np.float64).reshape(t, len(pnames)),
        close=np.asarray([[float(c) for c in r] for r in rows_c], dtype=np.float64).reshape(
            t, len(symbols)),
        fill=np.asarray([[float(o) for o in r] for r in rows_o], dtype=np.float64).reshape(
            t, len(symbols)),
        close_exact=rows_c,
        fill_exact=rows_o,
        sha256=export_sha256(raw.manifest),
        read_range=recorded_range(raw.manifest),
    )


def recorded_range(manifest):
    """The market dates an export covers, as `bin/trading-core export-features` records them in
    MANIFEST.json ("range": {"from", "to"}, both inclusive: its --from/--to, or the first and last
    bar's date): a (first, last) pair of dates, or None for an export made before it recorded
    one."""
    rng = manifest.get("range")
    if not isinstance(rng, dict):
        return None
    first = datetime.date.fromisoformat(rng["from"])
    last = datetime.date.fromisoformat(rng["to"])
    if last < first:
        raise ValueError(f"MANIFEST.json range {first}/{last} ends before it starts")
    return first, last


def raw_observation(market, t, levels):
    """The un-normalised observation at step t with the given position levels (contract order)."""
    out = []
    for i in range(len(market.symbols)):
        out.extend(market.asset_features[t, i].tolist())
        out.append(float(levels[i]))
    out.extend(market.portfolio_features[t].tolist())
    return out


def split_by_day(market, holdout_days=1):
    """Splits a market into (train, held-out last `holdout_days` UTC days)."""
    days = market.bar_end // 86_400_000
    uniq = np.unique(days)
    if len(uniq) <= holdout_days:
        raise ValueError(f"{market.name}: {len(uniq)} days, cannot hold out {holdout_days}")
    cut = int(np.searchsorted(days, uniq[-holdout_days]))
    train_range = held_range = None
    if market.read_range is not None and 0 < cut < len(market):
        # what training reads of the export ends with its last training day
        train_range = (market.read_range[0], bar_day(market.bar_end[cut - 1]))
        held_range = (bar_day(market.bar_end[cut]), market.read_range[1])
    return (market.slice(0, cut, market.name + ".train", train_range),
            market.slice(cut, len(market), market.name + ".heldout", held_range))


def bar_day(end_millis):
    """The New York date of the bar ending at `end_millis`: the date of the instant just before
    its end, so a bar ending at midnight belongs to the day it ran in."""
    return datetime.datetime.fromtimestamp((int(end_millis) - 1) / 1000, NEW_YORK).date()


def training_range(markets):
    """The `tradingcore.training_range` metadata value (docs/policy-contract.md): 'FIRST/LAST', the
    first and last market date of what the model was trained on. A market from an export that
    records its range (MANIFEST.json "range", written by export-features) counts with that range:
    every bar the trainer read, warm-up bars and fills included, lies in it. One from an older
    export counts with the New York dates of its first and last decision bar. A decision step
    outside its export's recorded range is refused: the manifest would be lying."""
    firsts, lasts = [], []
    for m in markets:
        if not len(m):
            continue
        steps = (bar_day(m.bar_end.min()), bar_day(m.bar_end.max()))
        if m.read_range is None:
            first, last = steps
        else:
            first, last = m.read_range
            if steps[0] < first or steps[1] > last:
                raise ValueError(
                    f"{m.name}: decision steps from {steps[0]} to {steps[1]} lie outside the "
                    f"range its export records, {first}/{last} (MANIFEST.json)")
        firsts.append(first)
        lasts.append(last)
    if not firsts:
        raise ValueError("no decision steps to train on: no training range")
    return f"{min(firsts).isoformat()}/{max(lasts).isoformat()}"
