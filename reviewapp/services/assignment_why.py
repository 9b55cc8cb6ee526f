"""Why an expert is not on an application's panel in a run: every reason found, with evidence."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import func, select

from assignment.affinity import DEFAULT_TOP_N
from reviewapp.extensions import db
from reviewapp.models import Application, Assignment, AssignmentRun, Expert, RunPair
from reviewapp.services.affinity import compute_affinity
from reviewapp.services.conflicts import conflict_rows
from reviewapp.services.eligibility import eligible_application_ids


class WhyNotError(LookupError):
    """The application or the expert is not in the call."""


@dataclass(frozen=True)
class Reason:
    """One reason: a code the page words, and the values it shows."""

    code: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class WhyNot:
    """The answer for one (application, expert) pair in one run."""

    app_id: str
    expert_id: str
    expert_name: str
    assigned: bool
    affinity: float
    explanation: dict[str, Any]
    reasons: list[Reason]


def _find(call_id: int, app_id: str, expert_id: str) -> tuple[Application, Expert]:
    """The application and the expert by their workbook codes, or WhyNotError."""
    application = db.session.scalar(select(Application).where(
        Application.call_id == call_id, Application.app_id == app_id))
    expert = db.session.scalar(select(Expert).where(
        Expert.call_id == call_id, Expert.expert_id == expert_id))
    if application is None or expert is None:
        raise WhyNotError(app_id if application is None else expert_id)
    return application, expert


def _panel(run: AssignmentRun, application: Application) -> list[tuple[Expert, float]]:
    """The run's experts of the application with their affinity."""
    return [(e, a) for e, a in db.session.execute(
        select(Expert, RunPair.affinity).join(RunPair, RunPair.expert_id == Expert.id)
        .where(RunPair.run_id == run.id, RunPair.application_id == application.id)).all()]


def _affinity(call_id: int, app_id: str, expert_id: str, excluded: set[tuple[str, str]]
              ) -> tuple[float, dict[str, Any], int]:
    """The pair's affinity, its explanation and the expert's rank among allowed experts."""
    affinity = compute_affinity(call_id, top_n=None)
    a, e = affinity.app_ids.index(app_id), affinity.expert_ids.index(expert_id)
    row = affinity.scores.getrow(a).toarray().ravel()
    allowed = np.array([(app_id, code) not in excluded for code in affinity.expert_ids])
    rank = int((row[allowed] > row[e]).sum()) + 1
    return float(row[e]), asdict(affinity.explain(a, e)), rank


def why_not(run: AssignmentRun, app_id: str, expert_id: str) -> WhyNot:
    """Every reason the run did not (or could not) put the expert on the application's panel."""
    application, expert = _find(run.call_id, app_id, expert_id)
    reasons: list[Reason] = []
    if application.classified:
        reasons.append(Reason("classified"))
    elif application.id not in set(eligible_application_ids(run.call_id)):
        reasons.append(Reason("ineligible"))
    conflicts = [row for row in conflict_rows(run.call_id, include_lifted=False)
                 if row.app_id == app_id]
    excluded = {(row.app_id, row.expert_id) for row in conflicts}
    for row in conflicts:
        if row.expert_id == expert_id:
            reasons.append(Reason("conflict", {"rule": row.rule, "evidence": row.evidence,
                                               "evidence_en": row.evidence_in(english=True)}))
    refused = db.session.scalar(select(Assignment.status).where(
        Assignment.application_id == application.id, Assignment.expert_id == expert.id,
        Assignment.status.in_(("declined", "recused"))))
    if refused:
        reasons.append(Reason("refused", {"status": refused}))
    if not expert.available:
        reasons.append(Reason("unavailable"))
    load = db.session.scalar(select(func.count()).select_from(RunPair).where(
        RunPair.run_id == run.id, RunPair.expert_id == expert.id)) or 0
    if expert.max_load is not None and load >= expert.max_load:
        reasons.append(Reason("load_full", {"load": load, "max": expert.max_load}))
    panel = _panel(run, application)
    assigned = any(member.id == expert.id for member, _ in panel)
    same_unit = [m for m, _ in panel if expert.unit_id is not None
                 and m.unit_id == expert.unit_id and m.id != expert.id]
    if same_unit and run.params.get("one_per_unit", True):
        reasons.append(Reason("unit_on_panel", {"expert": f"{same_unit[0].expert_id} "
                                                          f"{same_unit[0].name}"}))
    score, explanation, rank = _affinity(run.call_id, app_id, expert_id, excluded)
    if score <= 0:
        reasons.append(Reason("no_affinity"))
    elif rank > DEFAULT_TOP_N:
        reasons.append(Reason("not_candidate", {"rank": rank, "top": DEFAULT_TOP_N}))
    elif not reasons and not assigned and panel:
        lowest = min(a for _, a in panel)
        reasons.append(Reason("better_panel", {"affinity": score, "lowest": lowest,
                                               "rank": rank}))
    return WhyNot(app_id, expert_id, expert.name, assigned, score, explanation, reasons)
