"""Before assignment: how many conflict-free, matching experts each application can get."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median
from typing import Any

import numpy as np
from sqlalchemy import select

from assignment.affinity import Affinity
from assignment.stopping import Stopped
from reviewapp.extensions import db
from reviewapp.models import Application, Call, Expert
from reviewapp.progress import N_, NO_PROGRESS, JobCancelled, Progress
from reviewapp.services.affinity import compute_affinity
from reviewapp.services.conflicts import forbidden_pairs
from reviewapp.services.eligibility import eligible_application_ids
from reviewapp.services.panel_size import panel_sizes

# Shown on the page: the applications with the fewest candidates first.
WEAK_LIMIT = 50
# A candidate's expertise matches: with the default weights a matching direction alone
# scores 0.4, keywords and text together up to 0.6; text overlap alone stays far below.
MATCH_THRESHOLD = 0.3
# Scored pairs counted between two polls of `should_stop`.
CHUNK_PAIRS = 1_000_000


@dataclass(frozen=True)
class AffinityOverview:
    """Candidates per eligible application: available, not conflicted, affinity ≥ 0.3."""

    applications: int
    experts: int
    median_candidates: float
    weak: tuple[tuple[str, int, int], ...]  # (app_id, candidates, experts wanted), fewest first
    weak_total: int

    def as_json(self) -> dict[str, Any]:
        """JSON-ready data (a job's result)."""
        return {"applications": self.applications, "experts": self.experts,
                "median_candidates": self.median_candidates,
                "weak": [list(row) for row in self.weak], "weak_total": self.weak_total}


def _candidate_counts(affinity: Affinity, wanted: dict[str, int], available: set[str],
                      forbidden: set[tuple[str, str]], progress: Progress) -> dict[str, int]:
    """Per application of `wanted`: its available, not forbidden experts with a matching
    score, counted in chunks of pairs with a cancel poll before each (`JobCancelled`)."""
    n_experts = len(affinity.expert_ids)
    app_pos = {app_id: i for i, app_id in enumerate(affinity.app_ids)}
    expert_pos = {expert_id: i for i, expert_id in enumerate(affinity.expert_ids)}
    expert_ok = np.array([e in available for e in affinity.expert_ids], dtype=bool)
    barred = np.array(sorted(app_pos[a] * n_experts + expert_pos[e] for a, e in forbidden
                             if a in app_pos and e in expert_pos), dtype=np.int64)
    rows, cols, values = affinity.pairs()
    found = np.zeros(len(affinity.app_ids), dtype=np.int64)
    for start in range(0, len(values), CHUNK_PAIRS):
        if progress.should_stop():
            raise JobCancelled()
        r = rows[start:start + CHUNK_PAIRS].astype(np.int64)
        c = cols[start:start + CHUNK_PAIRS].astype(np.int64)
        keep = (values[start:start + CHUNK_PAIRS] >= MATCH_THRESHOLD) & expert_ok[c]
        keep &= ~np.isin(r * n_experts + c, barred)
        found += np.bincount(r[keep], minlength=len(found))
    return {app_id: int(found[app_pos[app_id]]) if app_id in app_pos else 0
            for app_id in wanted}


def affinity_overview(call_id: int, progress: Progress = NO_PROGRESS) -> AffinityOverview:
    """Score every pair (no top-N cut), drop conflicted, unavailable and weak matches, count.

    A job's cancel is polled between blocks of the scoring and chunks of the count: it
    raises `JobCancelled`.
    """
    progress.step(1, 3, N_("Reading applications and experts"))
    call = db.session.get(Call, call_id)
    if call is None:
        raise ValueError(f"no call {call_id}")
    eligible = set(eligible_application_ids(call_id))
    apps = db.session.scalars(select(Application).where(Application.id.in_(eligible))).all()
    available = set(db.session.scalars(select(Expert.expert_id).where(
        Expert.call_id == call_id, Expert.available.is_(True))))
    wanted = panel_sizes(apps, call.call_settings().reviewers_per_app)
    forbidden = forbidden_pairs(call_id)
    progress.step(2, 3, N_("Scoring expertise affinity"))
    try:
        affinity = compute_affinity(call_id, top_n=None, should_stop=progress.should_stop)
    except Stopped:
        raise JobCancelled() from None
    progress.step(3, 3, N_("Counting candidates per application"))
    counts = _candidate_counts(affinity, wanted, available, forbidden, progress)
    weak = sorted(((a, n, wanted[a]) for a, n in counts.items() if n < wanted[a]),
                  key=lambda row: (row[1], row[0]))
    return AffinityOverview(
        applications=len(counts), experts=len(available),
        median_candidates=float(median(counts.values())) if counts else 0.0,
        weak=tuple(weak[:WEAK_LIMIT]), weak_total=len(weak))
