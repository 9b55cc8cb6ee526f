"""The run page's panels and loads as the page built them before issue 05 moved them to SQL.

Every pair of the run loaded as ORM rows and grouped, filtered, counted and paged in
Python: the reference the SQL reads of `services/assignment_results.py` must equal.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from sqlalchemy import select

from reviewapp.extensions import db
from reviewapp.models import Application, Assignment, AssignmentRun, Expert, RunPair, Unit

WEAK_FLOOR = 0.3
PER_PAGE = 50


@dataclass
class RefPanel:
    """One application's experts, as the old page held them."""

    app_id: str
    title: str
    direction: str
    members: list[tuple[str, str, str, float, dict[str, Any], str | None]] = field(
        default_factory=list)
    weak: bool = False

    @property
    def mean(self) -> float:
        """Mean affinity of the members, summed in their order."""
        return sum(m[3] for m in self.members) / len(self.members) if self.members else 0.0


def reference_panels(run: AssignmentRun) -> list[RefPanel]:
    """Each application's panel, ordered by code, weak ones flagged (the old `panels`)."""
    units = dict(db.session.execute(select(Unit.id, Unit.name)
                                    .where(Unit.call_id == run.call_id)).tuples().all())
    statuses = {}
    if run.is_current:
        statuses = {(a, e): s for a, e, s in db.session.execute(
            select(Assignment.application_id, Assignment.expert_id, Assignment.status)
            .where(Assignment.call_id == run.call_id))}
    rows = db.session.execute(
        select(RunPair, Application, Expert).select_from(RunPair)
        .join(Application, Application.id == RunPair.application_id)
        .join(Expert, Expert.id == RunPair.expert_id).where(RunPair.run_id == run.id)
        .order_by(Application.app_id, RunPair.affinity.desc(), Expert.expert_id)).all()
    found: dict[str, RefPanel] = {}
    for pair, application, expert in rows:
        panel = found.setdefault(application.app_id, RefPanel(
            application.app_id, application.title, application.direction))
        panel.members.append((expert.expert_id, expert.name,
                              units.get(expert.unit_id or -1, ""), pair.affinity,
                              pair.explanation, statuses.get((application.id, expert.id))))
    result = list(found.values())
    if result:
        typical = median(p.mean for p in result)
        for panel in result:
            matched = any(m[4].get("matched_direction") for m in panel.members)
            panel.weak = not matched or (panel.mean < WEAK_FLOOR and panel.mean < typical / 2)
    return result


def reference_page(run: AssignmentRun, text: str, weak_only: bool,
                   page_arg: str) -> dict[str, Any]:
    """What the old run page showed for these arguments (rows, counts, chart inputs)."""
    panels = reference_panels(run)
    shown = [p for p in panels if (not weak_only or p.weak) and (
        not text or text.casefold() in p.app_id.casefold() or text in p.title
        or any(text.casefold() in m[0].casefold() or text in m[1] for m in p.members))]
    pages = max(1, -(-len(shown) // PER_PAGE))
    try:
        page = min(max(int(page_arg), 1), pages)
    except ValueError:
        page = 1
    return {"rows": shown[(page - 1) * PER_PAGE: page * PER_PAGE], "total": len(shown),
            "page": page, "pages": pages, "weak": sum(p.weak for p in panels),
            "n_panels": len(panels), "means": [p.mean for p in panels],
            "weakest": [(p.app_id, p.mean) for p in sorted(panels, key=lambda p: p.mean)[:10]]}


def reference_loads(call_id: int,
                    run: AssignmentRun | None) -> list[tuple[str, str, str, int, int, Any, bool]]:
    """Every expert with their load in the run, heaviest first (the old `loads`)."""
    counts = Counter(db.session.scalars(select(RunPair.expert_id)
                                        .where(RunPair.run_id == run.id))) if run else Counter()
    units = dict(db.session.execute(select(Unit.id, Unit.name)
                                    .where(Unit.call_id == call_id)).tuples().all())
    experts = db.session.scalars(select(Expert).where(Expert.call_id == call_id)
                                 .order_by(Expert.expert_id))
    rows = [(e.expert_id, e.name, units.get(e.unit_id or -1, ""), counts.get(e.id, 0),
             e.min_load, e.max_load, e.available) for e in experts]
    return sorted(rows, key=lambda r: (-r[3], r[0]))


def reference_load_page(call_id: int, run: AssignmentRun | None, text: str,
                        page_arg: str) -> dict[str, Any]:
    """What the old loads page showed: its search over every expert, then its page."""
    rows = reference_loads(call_id, run)
    if text:
        rows = [r for r in rows if text.casefold() in r[0].casefold() or text in r[1]
                or text in r[2]]
    pages = max(1, -(-len(rows) // PER_PAGE))
    try:
        page = min(max(int(page_arg), 1), pages)
    except ValueError:
        page = 1
    return {"rows": rows[(page - 1) * PER_PAGE: page * PER_PAGE], "total": len(rows),
            "page": page, "pages": pages}
