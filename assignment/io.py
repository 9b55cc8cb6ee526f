"""OpenReview-style CSV files in and out: scores, conflicts, assignments.

`S.csv` is `paper_id,reviewer_id,score` (a pair absent from it is not a candidate; zero and
negative scores are candidates), `C.csv` is `paper_id,reviewer_id` (may be empty or
header-only), and the output `A.csv` is `paper_id,reviewer_id,score`.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

from assignment.problem import Problem, Result


def read_scores(path: str | Path) -> pd.DataFrame:
    """The candidate pairs of `S.csv`; a repeated pair keeps its last score."""
    frame = pd.read_csv(path, dtype={"paper_id": str, "reviewer_id": str, "score": np.float64},
                        usecols=["paper_id", "reviewer_id", "score"])
    return frame.drop_duplicates(["paper_id", "reviewer_id"], keep="last")


def read_conflicts(path: str | Path | None) -> pd.DataFrame:
    """The forbidden pairs of `C.csv`; an absent, empty or header-only file means none."""
    empty = pd.DataFrame({"paper_id": pd.Series(dtype=str), "reviewer_id": pd.Series(dtype=str)})
    if path is None or Path(path).stat().st_size == 0:
        return empty
    frame = pd.read_csv(path, dtype=str)
    if frame.empty:
        return empty
    return frame[["paper_id", "reviewer_id"]]


def problem_from_frames(
    scores: pd.DataFrame,
    conflicts: pd.DataFrame,
    per_paper: int,
    max_load: int,
    min_load: int = 0,
) -> Problem:
    """A `Problem` over every paper and reviewer named in the scores, with uniform K and loads."""
    app_codes, app_ids = pd.factorize(scores["paper_id"], sort=True)
    expert_codes, expert_ids = pd.factorize(scores["reviewer_id"], sort=True)
    # Conflicts naming a paper or reviewer without any score cannot affect the solution.
    c_app = app_ids.get_indexer(pd.Index(conflicts["paper_id"]))
    c_exp = expert_ids.get_indexer(pd.Index(conflicts["reviewer_id"]))
    known = (c_app >= 0) & (c_exp >= 0)
    n_apps, n_experts = len(app_ids), len(expert_ids)
    return Problem(
        app_ids=tuple(app_ids),
        expert_ids=tuple(expert_ids),
        pair_app=app_codes.astype(np.int64),
        pair_expert=expert_codes.astype(np.int64),
        pair_score=scores["score"].to_numpy(dtype=np.float64),
        demand=np.full(n_apps, per_paper, dtype=np.int64),
        max_load=np.full(n_experts, max_load, dtype=np.int64),
        min_load=np.full(n_experts, min_load, dtype=np.int64),
        available=np.ones(n_experts, dtype=bool),
        forbidden_app=c_app[known].astype(np.int64),
        forbidden_expert=c_exp[known].astype(np.int64),
        locked=np.zeros(len(app_codes), dtype=bool),
        expert_unit=np.full(n_experts, -1, dtype=np.int64),
        expert_external=np.zeros(n_experts, dtype=bool),
    )


def write_assignment(path: str | Path, problem: Problem, result: Result) -> None:
    """Write `paper_id,reviewer_id,score`, one row per assigned pair."""
    apps = np.asarray(problem.app_ids, dtype=object)[result.pair_app]
    experts = np.asarray(problem.expert_ids, dtype=object)[result.pair_expert]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["paper_id", "reviewer_id", "score"])
        writer.writerows(zip(apps, experts, result.pair_score.tolist(), strict=True))
