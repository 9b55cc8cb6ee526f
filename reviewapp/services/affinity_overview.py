"""Before assignment: how many conflict-free, matching experts each application can get."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median
from typing import Any

from sqlalchemy import select

from reviewapp.extensions import db
from reviewapp.models import Application, Call, Expert
from reviewapp.progress import N_, NO_PROGRESS, Progress
from reviewapp.services.affinity import compute_affinity
from reviewapp.services.conflicts import forbidden_pairs
from reviewapp.services.eligibility import eligible_application_ids
from reviewapp.services.panel_size import panel_sizes

# Shown on the page: the applications with the fewest candidates first.
WEAK_LIMIT = 50
# A candidate's expertise matches: with the default weights a matching direction alone
# scores 0.4, keywords and text together up to 0.6; text overlap alone stays far below.
MATCH_THRESHOLD = 0.3


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


def affinity_overview(call_id: int, progress: Progress = NO_PROGRESS) -> AffinityOverview:
    """Score every pair (no top-N cut), drop conflicted, unavailable and weak matches, count."""
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
    affinity = compute_affinity(call_id, top_n=None)
    progress.step(3, 3, N_("Counting candidates per application"))
    rows, cols, values = affinity.pairs()
    counts = dict.fromkeys(wanted, 0)
    matching = values >= MATCH_THRESHOLD
    for r, c in zip(rows[matching].tolist(), cols[matching].tolist(), strict=True):
        app_id, expert_id = affinity.app_ids[r], affinity.expert_ids[c]
        if app_id in counts and expert_id in available and (app_id, expert_id) not in forbidden:
            counts[app_id] += 1
    weak = sorted(((a, n, wanted[a]) for a, n in counts.items() if n < wanted[a]),
                  key=lambda row: (row[1], row[0]))
    return AffinityOverview(
        applications=len(counts), experts=len(available),
        median_candidates=float(median(counts.values())) if counts else 0.0,
        weak=tuple(weak[:WEAK_LIMIT]), weak_total=len(weak))
