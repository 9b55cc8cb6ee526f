"""`python -m assignment solve …`: the library alone on OpenReview-style CSV files."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence

from assignment.io import problem_from_frames, read_conflicts, read_scores, write_assignment
from assignment.problem import OBJECTIVES
from assignment.solvers import solve


def _parser() -> argparse.ArgumentParser:
    """The argument parser of `python -m assignment`."""
    parser = argparse.ArgumentParser(prog="python -m assignment")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("solve", help="assign reviewers to papers")
    run.add_argument("--scores", required=True, help="S.csv: paper_id,reviewer_id,score")
    run.add_argument("--conflicts", help="C.csv: paper_id,reviewer_id")
    run.add_argument("--per-paper", type=int, required=True, help="reviewers per paper (K)")
    run.add_argument("--max-load", type=int, required=True, help="most papers per reviewer")
    run.add_argument("--min-load", type=int, default=0, help="fewest papers per reviewer")
    run.add_argument("--objective", choices=OBJECTIVES, default="sum")
    run.add_argument("--max-prob", type=float, default=0.5,
                     help="randomized: highest probability of any one pair")
    run.add_argument("--seed", type=int, help="randomized: seed of the draw")
    run.add_argument("--time-limit", type=float, default=120.0, help="seconds the whole solve may take (fair mode)")
    run.add_argument("--out", required=True, help="A.csv: paper_id,reviewer_id,score")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (1 when the input is infeasible)."""
    args = _parser().parse_args(argv)
    started = time.perf_counter()
    problem = problem_from_frames(read_scores(args.scores), read_conflicts(args.conflicts),
                                  args.per_paper, args.max_load, args.min_load)
    result = solve(problem, args.objective, max_prob=args.max_prob, seed=args.seed,
                   time_limit=args.time_limit)
    write_assignment(args.out, problem, result)
    summary = result.summary()
    summary["seconds"] = round(time.perf_counter() - started, 3)
    summary["solve_seconds"] = round(result.seconds, 3)
    print(json.dumps(summary, ensure_ascii=False))
    if result.status == "infeasible":
        for found in result.diagnostics:
            print(f"{found.message_zh}\n{found.message_en}", file=sys.stderr)
        return 1
    return 0
