"""Plain-data assignment problem and result: ids, sparse candidate pairs, loads, panel rules.

An encoder turns whatever the caller has (CSV files, database rows) into a `Problem`; the
solvers read it and return a `Result`. Both are frozen and carry numpy arrays indexed by
position in `app_ids` / `expert_ids`; solvers never modify them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

OBJECTIVES = ("sum", "fair", "randomized")


@dataclass(frozen=True)
class Problem:
    """Who may review what, how well, how often, and which panel rules hold.

    Candidate pairs are `(pair_app[n], pair_expert[n])` with affinity `pair_score[n]`; a pair
    that is not a candidate is never assigned. Forbidden pairs (conflicts) and unavailable
    experts are excluded by the solvers but kept here so diagnostics can explain them.
    """

    app_ids: tuple[str, ...]
    expert_ids: tuple[str, ...]
    pair_app: np.ndarray
    pair_expert: np.ndarray
    pair_score: np.ndarray
    demand: np.ndarray
    max_load: np.ndarray
    min_load: np.ndarray
    available: np.ndarray
    forbidden_app: np.ndarray
    forbidden_expert: np.ndarray
    locked: np.ndarray
    expert_unit: np.ndarray
    expert_external: np.ndarray
    one_per_unit: bool = False
    require_external: bool = False

    def __post_init__(self) -> None:
        """Reject a unit with experts on both sides of the region line when both rules hold."""
        if self.one_per_unit and self.require_external:
            has = self.expert_unit >= 0
            units = self.expert_unit[has]
            ext = self.expert_external[has]
            mixed = np.intersect1d(units[ext], units[~ext])
            if len(mixed):
                raise ValueError(
                    f"unit #{mixed[0]} has experts both inside and outside the home region; "
                    "a unit lies wholly on one side")

    @property
    def n_apps(self) -> int:
        """Number of applications."""
        return len(self.app_ids)

    @property
    def n_experts(self) -> int:
        """Number of experts."""
        return len(self.expert_ids)

    def forbidden_mask(self) -> np.ndarray:
        """Boolean mask over candidate pairs that are forbidden by a conflict."""
        if len(self.forbidden_app) == 0:
            return np.zeros(len(self.pair_app), dtype=bool)
        keys = _pair_keys(self.pair_app, self.pair_expert, self.n_experts)
        bad = _pair_keys(self.forbidden_app, self.forbidden_expert, self.n_experts)
        return np.isin(keys, bad)

    def usable_mask(self) -> np.ndarray:
        """Boolean mask over candidate pairs a solver may use: not forbidden, expert available."""
        usable: np.ndarray = ~self.forbidden_mask() & self.available[self.pair_expert]
        return usable


@dataclass(frozen=True)
class Diagnostic:
    """One staff-readable finding about an input, in Chinese and English, with its numbers."""

    code: str
    message_zh: str
    message_en: str
    app_id: str | None = None
    expert_id: str | None = None
    blocking: bool = True


@dataclass(frozen=True)
class Result:
    """The outcome of one solve: chosen pairs, per-application sums, objective and bound."""

    status: str  # optimal | feasible | infeasible
    objective_name: str
    pair_app: np.ndarray
    pair_expert: np.ndarray
    pair_score: np.ndarray
    app_sums: np.ndarray
    objective: float
    min_app_score: float
    bound: float | None
    seconds: float
    seed: int | None = None
    max_prob: float | None = None
    expected_objective: float | None = None
    marginals: np.ndarray | None = None
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def n_assigned(self) -> int:
        """Number of assigned pairs."""
        return len(self.pair_app)

    def summary(self) -> dict[str, object]:
        """The one-line JSON summary the command lines print."""
        out = {
            "status": self.status,
            "objective": round(self.objective, 9),
            "min_paper_score": round(self.min_app_score, 9),
            "assignments": self.n_assigned,
            "seconds": round(self.seconds, 3),
            "mode": self.objective_name,
        }
        if self.bound is not None:
            out["bound"] = round(self.bound, 9)
        if self.seed is not None:
            out["seed"] = self.seed
        if self.max_prob is not None:
            out["max_prob"] = self.max_prob
        if self.expected_objective is not None:
            out["expected_objective"] = round(self.expected_objective, 9)
        if self.diagnostics:
            out["diagnostics"] = [
                {"code": d.code, "zh": d.message_zh, "en": d.message_en}
                for d in self.diagnostics
            ]
        return out


def _pair_keys(apps: np.ndarray, experts: np.ndarray, n_experts: int) -> np.ndarray:
    """One int64 key per (app, expert) pair, for set operations."""
    return apps.astype(np.int64) * max(n_experts, 1) + experts.astype(np.int64)


def _index(ids: Sequence[str], values: Iterable[str], what: str) -> np.ndarray:
    """Positions of `values` in `ids`; KeyError naming the unknown id."""
    where = {v: i for i, v in enumerate(ids)}
    out = []
    for value in values:
        if value not in where:
            raise KeyError(f"unknown {what} id {value!r}")
        out.append(where[value])
    return np.asarray(out, dtype=np.int64)


def make_problem(
    app_ids: Sequence[str],
    expert_ids: Sequence[str],
    scores: Iterable[tuple[str, str, float]],
    per_app: int | Mapping[str, int],
    max_load: int | Mapping[str, int],
    min_load: int | Mapping[str, int] = 0,
    forbidden: Iterable[tuple[str, str]] = (),
    unavailable: Iterable[str] = (),
    locked: Iterable[tuple[str, str]] = (),
    expert_unit: Mapping[str, str] | None = None,
    expert_external: Mapping[str, bool] | None = None,
    one_per_unit: bool = False,
    require_external: bool = False,
) -> Problem:
    """Build a `Problem` from ids and plain Python values (the service layer's entry point).

    Mappings give per-id values; a missing id takes 0 for `min_load`, else the app's
    `per_app` / the expert's `max_load` must be present. A locked pair that is not a
    candidate becomes one with affinity 0; a repeated candidate pair keeps its last score.
    """
    app_ids = tuple(app_ids)
    expert_ids = tuple(expert_ids)
    triples = list(scores)
    pair_app = _index(app_ids, (t[0] for t in triples), "application")
    pair_expert = _index(expert_ids, (t[1] for t in triples), "expert")
    pair_score = np.asarray([float(t[2]) for t in triples], dtype=np.float64)
    lock_list = list(locked)
    lock_app = _index(app_ids, (p[0] for p in lock_list), "application")
    lock_expert = _index(expert_ids, (p[1] for p in lock_list), "expert")
    pair_app, pair_expert, pair_score = np.concatenate([pair_app, lock_app]), np.concatenate(
        [pair_expert, lock_expert]), np.concatenate([pair_score, np.zeros(len(lock_list))])
    # A lock added as a zero-score candidate must not override the real score: keep the
    # first occurrence for locks, the last for repeated score rows.
    keys = _pair_keys(pair_app, pair_expert, len(expert_ids))
    n_scores = len(triples)
    order = np.r_[np.arange(n_scores)[::-1], np.arange(n_scores, len(keys))]
    _, first = np.unique(keys[order], return_index=True)
    keep = np.sort(order[first])
    pair_app, pair_expert, pair_score = pair_app[keep], pair_expert[keep], pair_score[keep]
    lock_keys = _pair_keys(lock_app, lock_expert, len(expert_ids))
    locked_mask = np.isin(_pair_keys(pair_app, pair_expert, len(expert_ids)), lock_keys)

    forbidden_list = list(forbidden)
    unavailable_set = set(unavailable)
    units = expert_unit or {}
    unit_names = sorted({u for u in units.values() if u})
    unit_index = {u: i for i, u in enumerate(unit_names)}
    externals = expert_external or {}
    return Problem(
        app_ids=app_ids,
        expert_ids=expert_ids,
        pair_app=pair_app,
        pair_expert=pair_expert,
        pair_score=pair_score,
        demand=_per_id(app_ids, per_app, None),
        max_load=_per_id(expert_ids, max_load, None),
        min_load=_per_id(expert_ids, min_load, 0),
        available=np.asarray([e not in unavailable_set for e in expert_ids], dtype=bool),
        forbidden_app=_index(app_ids, (p[0] for p in forbidden_list), "application"),
        forbidden_expert=_index(expert_ids, (p[1] for p in forbidden_list), "expert"),
        locked=locked_mask,
        expert_unit=np.asarray(
            [unit_index.get(units.get(e) or "", -1) for e in expert_ids], dtype=np.int64),
        expert_external=np.asarray([bool(externals.get(e, False)) for e in expert_ids]),
        one_per_unit=one_per_unit,
        require_external=require_external,
    )


def _per_id(ids: Sequence[str], value: int | Mapping[str, int], missing: int | None) -> np.ndarray:
    """An int64 array of per-id values from a constant or a mapping."""
    if isinstance(value, Mapping):
        if missing is None:
            absent = [i for i in ids if i not in value]
            if absent:
                raise KeyError(f"no value given for id {absent[0]!r}")
        return np.asarray([int(value.get(i, missing or 0)) for i in ids], dtype=np.int64)
    return np.full(len(ids), int(value), dtype=np.int64)
