"""Expertise affinity of a stored call: its applications and experts through the library model."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from assignment.affinity import DEFAULT_TOP_N, Affinity, AffinityApp, AffinityExpert
from assignment.affinity import compute_affinity as score_pairs
from assignment.stopping import ShouldStop, never
from reviewapp.extensions import db
from reviewapp.models import Application, Expert


def compute_affinity(call_id: int, top_n: int | None = DEFAULT_TOP_N,
                     excluded: Iterable[tuple[str, str]] = (),
                     should_stop: ShouldStop = never) -> Affinity:
    """Scores (app × expert, in app_id / expert_id order) with ids and explanations.

    Each application keeps its `top_n` best experts among those not `excluded` (conflicts).
    `should_stop` is polled between blocks of applications (`assignment.stopping.Stopped`).
    """
    apps = db.session.scalars(select(Application).where(Application.call_id == call_id)
                              .order_by(Application.app_id))
    experts = db.session.scalars(select(Expert).where(Expert.call_id == call_id)
                                 .order_by(Expert.expert_id))
    return score_pairs(
        [AffinityApp(a.app_id, a.direction or "", tuple(map(str, a.keywords or ())),
                     a.title or "", a.abstract or "") for a in apps],
        [AffinityExpert(e.expert_id, tuple(map(str, e.directions or ())),
                        tuple(map(str, e.keywords or ())), e.profile or "") for e in experts],
        top_n=top_n, excluded=excluded, should_stop=should_stop,
    )
