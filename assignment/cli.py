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
    run.add_argument("--time-limit", type=float, default=120.0,
                     help="seconds the whole solve may take (fair mode)")
    run.add_argument("--out", required=True, help="A.csv: paper_id,reviewer_id,score")
    return parser


def _check_numbers(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse numbers no assignment can honour, naming the option (exit 2)."""
    if args.per_paper < 1:
        parser.error("--per-paper must be at least 1")
    if args.max_load < 0 or not 0 <= args.min_load <= args.max_load:
        parser.error("loads must satisfy 0 <= --min-load <= --max-load")
    if not 0 < args.max_prob <= 1:
        parser.error("--max-prob must lie in (0, 1]")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (1 when infeasible, 2 on bad input)."""
    parser = _parser()
    args = parser.parse_args(argv)
    _check_numbers(parser, args)
    started = time.perf_counter()
    try:
        scores, conflicts = read_scores(args.scores), read_conflicts(args.conflicts)
    except (OSError, ValueError, KeyError) as error:
        # pandas' parse errors are ValueErrors; a missing column is a ValueError or KeyError.
        print(f"python -m assignment: cannot read the input: {error}", file=sys.stderr)
        return 2
    problem = problem_from_frames(scores, conflicts, args.per_paper, args.max_load,
                                  args.min_load)
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
