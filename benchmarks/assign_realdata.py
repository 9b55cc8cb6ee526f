"""Run `python -m assignment solve` on every real instance, all three objectives, vs anchors.

Usage: .venv/bin/python benchmarks/assign_realdata.py [REALDATA_DIR]
Reads ../shared/benchmarks/realdata by default; prints a Markdown table. Seconds are wall
time of the whole CLI process (start-up, CSV reading, solve, writing).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REALDATA = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/benchmarks/realdata"

# (name, folder, K, L, min load, exact max-sum, FairFlow total, FairFlow worst)
INSTANCES = (
    ("MIDL", "kobren2019_midl/csv", 3, 4, 0, 201.885, 201.728, 0.945),
    ("MIDL lb2", "kobren2019_midl/csv", 3, 4, 2, 150.043, None, None),
    ("preflib1", "preflib_md00002_csconf/preflib1/csv", 3, 6, 0, 124.25, 124.25, 0.75),
    ("preflib2", "preflib_md00002_csconf/preflib2/csv", 3, 7, 0, 141.5, 141.5, 1.0),
    ("preflib3", "preflib_md00002_csconf/preflib3/csv", 3, 6, 0, 454.25, 454.25, 0.75),
    ("SIGIR", "sigir_query_karimzadehgan/csv", 3, 3, 0, 127.25, 124.25, 1.0),
    ("AAMAS 2016", "aamas2015_2016_bids/aamas2016/csv", 3, 12, 0, 949.5, 928.5, 1.0),
    ("AAMAS 2015", "aamas2015_2016_bids/aamas2015/csv", 3, 12, 0, 1406.25, 1339.5, 1.25),
)


def run(folder: Path, k: int, load: int, min_load: int, objective: str, out: Path) -> dict:
    """One CLI run; its JSON summary plus the measured wall seconds."""
    command = [sys.executable, "-m", "assignment", "solve", "--scores",
               str(folder / "affinity.csv"), "--conflicts", str(folder / "conflicts.csv"),
               "--per-paper", str(k), "--max-load", str(load), "--min-load", str(min_load),
               "--objective", objective, "--max-prob", "0.5", "--seed", "1", "--out", str(out)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    summary["wall"] = time.perf_counter() - started
    return summary


def main() -> None:
    """Print the table."""
    print("| instance (K, L, lb) | mode | total | worst | bound | s (wall) | anchor |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "a.csv"
        for name, sub, k, load, lb, exact, ff_total, ff_worst in INSTANCES:
            folder = REALDATA / sub
            for objective in ("sum", "fair", "randomized"):
                if lb and objective != "sum":
                    continue
                s = run(folder, k, load, lb, objective, out)
                if objective == "sum":
                    match = "match" if abs(s["objective"] - exact) < 5e-4 else "MISS"
                    anchor = f"exact {exact} ({match})"
                elif objective == "fair":
                    anchor = f"FairFlow {ff_total} / worst {ff_worst}"
                else:
                    anchor = f"E[total] {s.get('expected_objective', 0):.3f}, Q={s.get('max_prob')}"
                print(f"| {name} ({k}, {load}, {lb}) | {objective} | {s['objective']:.3f} | "
                      f"{s['min_paper_score']:.4f} | {s.get('bound', 0):.4f} | {s['wall']:.2f} | "
                      f"{anchor} |", flush=True)


if __name__ == "__main__":
    main()
