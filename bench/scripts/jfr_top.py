#!/usr/bin/env python3
"""Summarises the execution samples of a Java Flight Recording by thread and top frame.

    jfr print --events jdk.ExecutionSample rec.jfr | bench/scripts/jfr_top.py [--threads N] [--frames N]

Prints the busiest threads (share of all samples) and, for each, its most frequent top frames
(the method running when sampled) and the most frequent nearest non-JDK frames (the first
io.tradingcore, Flink, Kafka or Avro frame from the top: whose work it is).
"""
import argparse
import collections
import re
import signal
import sys

signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into head

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=8)
parser.add_argument("--frames", type=int, default=6)
args = parser.parse_args()

samples = []  # (thread, [frames top first])
thread, frames, in_stack = None, [], False
for line in sys.stdin:
    line = line.rstrip()
    if line.startswith("jdk.ExecutionSample"):
        thread, frames, in_stack = None, [], False
    elif line.strip().startswith("sampledThread ="):
        m = re.search(r'"(.*)"', line)
        thread = m.group(1) if m else line.split("=", 1)[1].strip()
    elif line.strip().startswith("stackTrace = ["):
        in_stack = True
    elif in_stack and line.strip() == "]":
        in_stack = False
    elif in_stack and line.strip() and not line.strip().startswith("..."):
        frames.append(re.sub(r"\s+line:.*$", "", line.strip()))
    elif line.strip() == "}" and thread is not None:
        samples.append((re.sub(r"\s*\(javaThreadId.*$", "", thread), frames))
        thread = None

total = len(samples)
print(f"{total} execution samples")
by_thread = collections.Counter(t for t, _ in samples)
interesting = re.compile(r"^(io\.tradingcore|org\.apache\.(flink|kafka|avro))")
for name, count in by_thread.most_common(args.threads):
    print(f"\n{count:6d} {100 * count / total:5.1f}%  {name}")
    top = collections.Counter(f[0] for t, f in samples if t == name and f)
    for frame, n in top.most_common(args.frames):
        print(f"         top  {100 * n / count:5.1f}%  {frame}")
    nearest = collections.Counter(
        next((x for x in f if interesting.match(x)), "(JDK only)") for t, f in samples if t == name
    )
    for frame, n in nearest.most_common(args.frames):
        print(f"     nearest  {100 * n / count:5.1f}%  {frame}")
