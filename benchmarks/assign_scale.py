"""Synthetic scale series for the assignment solvers: whole-process time and peak memory.

Usage: .venv/bin/python benchmarks/assign_scale.py [--skip-large]
Each application has its top 200 experts as candidates. The provincial case (500 × 1,000,
K=5, at most one expert per unit and one from outside the home region) is solved in a
child process through the library; the others through `python -m assignment solve` on CSV
files, timing the whole child process (start-up, CSV reading, solve, writing) and its
peak resident memory.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = 200


def candidate_pairs(n_apps: int, n_experts: int, seed: int) -> pd.DataFrame:
    """Top-200 experts per application from topic vectors (a sparse affinity like TPMS)."""
    rng = np.random.default_rng(seed)
    topics = 40
    apps = rng.dirichlet(np.full(topics, 0.2), n_apps).astype(np.float32)
    experts = rng.dirichlet(np.full(topics, 0.2), n_experts).astype(np.float32)
    rows, cols, vals = [], [], []
    for start in range(0, n_apps, 2000):
        block = apps[start:start + 2000] @ experts.T
        top = np.argpartition(-block, CANDIDATES, axis=1)[:, :CANDIDATES]
        rows.append(np.repeat(np.arange(start, start + len(block)), CANDIDATES))
        cols.append(top.ravel())
        vals.append(np.take_along_axis(block, top, axis=1).ravel())
    return pd.DataFrame({
        "paper_id": np.char.add("p", np.concatenate(rows).astype(str)),
        "reviewer_id": np.char.add("r", np.concatenate(cols).astype(str)),
        "score": np.round(np.concatenate(vals).astype(np.float64), 6),
    })


PROVINCIAL = """
import json, sys, time
import numpy as np, pandas as pd
started = time.perf_counter()
from assignment.problem import Problem
from assignment.solvers import solve
frame = pd.read_pickle(sys.argv[1])
apps, app_ids = pd.factorize(frame.paper_id, sort=True)
exps, exp_ids = pd.factorize(frame.reviewer_id, sort=True)
rng = np.random.default_rng(5)
unit = rng.integers(0, 300, len(exp_ids))
external = (rng.random(300) < 0.6)[unit]
problem = Problem(tuple(app_ids), tuple(exp_ids), apps.astype(np.int64), exps.astype(np.int64),
    frame.score.to_numpy(), np.full(len(app_ids), 5), np.full(len(exp_ids), 5),
    np.zeros(len(exp_ids), np.int64), np.ones(len(exp_ids), bool), np.zeros(0, np.int64),
    np.zeros(0, np.int64), np.zeros(len(apps), bool), unit, external, True, True)
result = solve(problem, sys.argv[2])
summary = result.summary()
summary["seconds"] = time.perf_counter() - started
summary["solve_seconds"] = result.seconds
print(json.dumps({k: v for k, v in summary.items() if k != "diagnostics"}))
"""


def child(command: list[str]) -> tuple[dict, float, float]:
    """Run a child process; its last JSON line, wall seconds and peak RSS in MiB."""
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=True)
    wall = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return json.loads(done.stdout.strip().splitlines()[-1]), wall, peak


def main() -> None:
    """Print one Markdown row per instance and mode."""
    print("| instance | mode | total | worst | solve s | whole process s | peak RSS MiB |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        frame = candidate_pairs(500, 1000, 1)
        frame.to_pickle(tmp_path / "prov.pkl")
        for mode in ("sum", "fair", "randomized"):
            out, wall, peak = child([sys.executable, "-c", PROVINCIAL,
                                     str(tmp_path / "prov.pkl"), mode])
            print(f"| 500 × 1,000 K=5 L=5, unit+external | {mode} | {out['objective']:.2f} | "
                  f"{out['min_paper_score']:.4f} | {out['solve_seconds']:.2f} | {wall:.2f} | "
                  f"{peak:.0f} |", flush=True)
        sizes = [(5000, 2800, 6)] + ([] if "--skip-large" in sys.argv else [(20000, 10000, 8)])
        for n_apps, n_experts, load in sizes:
            scores = tmp_path / f"s{n_apps}.csv"
            candidate_pairs(n_apps, n_experts, 2).to_csv(scores, index=False)
            for mode in ("sum", "randomized"):
                # Peak RSS of children is cumulative; measure each run in a fresh parent.
                command = [sys.executable, "-c",
                           "import resource,subprocess,sys,json,time;t=time.perf_counter();"
                           "p=subprocess.run(sys.argv[1:],capture_output=True,text=True);"
                           "w=time.perf_counter()-t;"
                           "r=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024;"
                           "print(p.stdout.strip());print(json.dumps({'wall':w,'rss':r}))",
                           sys.executable, "-m", "assignment", "solve", "--scores",
                           str(scores), "--per-paper", "3", "--max-load", str(load),
                           "--objective", mode, "--seed", "1", "--out", str(tmp_path / "a.csv")]
                done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT,
                                      check=True).stdout.strip().splitlines()
                out, measured = json.loads(done[-2]), json.loads(done[-1])
                print(f"| {n_apps:,} × {n_experts:,} K=3 L={load} | {mode} | "
                      f"{out['objective']:.2f} | {out['min_paper_score']:.4f} | "
                      f"{out['solve_seconds']:.2f} | {measured['wall']:.2f} | "
                      f"{measured['rss']:.0f} |", flush=True)


if __name__ == "__main__":
    main()
