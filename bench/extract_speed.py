"""Extract speed: how long the workflow takes per note, in process, on one core.

Run with ``make bench`` (or ``.venv/bin/python -m bench.extract_speed``). The machines are
shared and noisy, so every figure is printed beside a baseline measured in the same run:
a fixed reference workload (tokenising the same note and counting its words, the least a
note processor must do). The ratio is what to compare across runs; the milliseconds are
what the target (median below 50 ms) is stated in. The CLI's interpreter start-up is
measured separately against a bare ``python -c pass``.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from agent.note import NoteInput
from integrations.runner import build_engine
from integrations.settings import Settings
from tools.evaluation.gold import load_gold_notes

ROOT = Path(__file__).resolve().parents[1]
_WORD = re.compile(r"[A-Za-z0-9/#&.]+")


def baseline(text: str) -> int:
    """The reference workload: tokenise the note and count its words."""
    counts = Counter(w.lower() for w in _WORD.findall(text))
    return len(counts)


def _time(fn, repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def _startup(command: list[str], repeats: int) -> float:
    return _time(lambda: subprocess.run(command, check=True, capture_output=True), repeats)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", default=[str(ROOT / "tests" / "data" / "notes")])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    notes = load_gold_notes([Path(d) for d in args.dirs])
    engine = build_engine(Settings(), use_server=False)
    inputs = [NoteInput(text=n.text, document_date=n.document_date) for n in notes]
    for note in inputs:
        engine.run(note)

    per_note, per_base, steps = [], [], {}
    for note in inputs:
        per_note.append(_time(lambda: engine.run(note), args.repeats))
        per_base.append(_time(lambda: baseline(note.text), args.repeats))
        for step in engine.run(note)["steps"]:
            steps.setdefault(step.node, []).append(step.ms)
    median_ms = statistics.median(per_note) * 1000
    ratios = [n / b for n, b in zip(per_note, per_base)]
    print(f"notes: {len(inputs)}   repeats: {args.repeats}   one core: {hasattr(os, 'sched_setaffinity')}")
    print(f"extract median          {median_ms:8.2f} ms/note   (target < 50 ms)")
    print(f"extract p90             {statistics.quantiles(per_note, n=10)[-1] * 1000:8.2f} ms/note")
    print(f"extract throughput      {len(per_note) / sum(per_note):8.1f} notes/s")
    print(f"baseline median         {statistics.median(per_base) * 1000:8.3f} ms/note")
    print(f"ratio extract/baseline  {statistics.median(ratios):8.1f} x (median over notes)")
    print("per step (median ms):")
    for node, values in steps.items():
        print(f"  {node:<14}{statistics.median(values):8.2f}")

    python = sys.executable
    tigerbridge = str(Path(python).parent / "tigerbridge")
    bare = _startup([python, "-c", "pass"], 3)
    cli = _startup([tigerbridge, "--help"], 3)
    one = _startup([tigerbridge, "extract", str(notes[0].path), "--date", notes[0].document_date.isoformat(),
                    "--offline"], 3)
    print(f"interpreter start-up    {bare * 1000:8.1f} ms  (python -c pass)")
    print(f"CLI start-up            {cli * 1000:8.1f} ms  (tigerbridge --help), ratio {cli / bare:.1f} x")
    print(f"CLI extract, one note   {one * 1000:8.1f} ms  (start-up, imports, lexicons, one note), "
          f"ratio {one / bare:.1f} x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
