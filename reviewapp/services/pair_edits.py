"""Staff edits of the current assignment: add or swap an expert, lock pairs, refill.

Every edit is checked here, whatever the form sent: a pair the rules forbid (a conflict
in force, an earlier decline or recusal, an unavailable expert, a full load, a second
expert of one unit on a panel, a full panel without an expert from outside the home
region) is refused with every reason, and nothing is stored. Pairs staff place by hand
are locked, so a re-run keeps them. Each edit is audited with the staff member's reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    Assignment,
    AssignmentRun,
    Call,
    Conflict,
    EligibilityResult,
    Expert,
    Unit,
)
from reviewapp.services import assignment_current
from reviewapp.services.affinity import compute_affinity
from reviewapp.services.audit import record_audit
from reviewapp.services.conflicts import ACTIVE_SOURCES

# Pairs that hold a place on a panel and count towards the expert's load.
ACTIVE = ("assigned", "invited", "accepted", "done")
REFUSED = ("declined", "recused")
# Pairs staff may swap out: not yet answered, or refused (the refused row is kept).
SWAPPABLE = ("assigned", "invited", *REFUSED)


@dataclass(frozen=True)
class Problem:
    """One reason an edit is refused: a code the page words, and the facts behind it."""

    code: str
    detail: str = ""
    detail_en: str = ""  # the detail in English when it differs (a conflict's evidence)


class PairEditError(ValueError):
    """An edit the service refuses; `problems` lists every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(f"{p.code} {p.detail}".strip() for p in problems))
        self.problems = problems


def _reason(reason: str | None) -> str:
    """The trimmed reason, or PairEditError when it is empty."""
    text = (reason or "").strip()
    if not text:
        raise PairEditError([Problem("reason_required")])
    return text[:1000]


def current_run(call_id: int) -> AssignmentRun | None:
    """The call's current run (the one staff or `reviewapp assign` made current)."""
    return assignment_current.current_run(call_id)


def panel_size(call: Call, application: Application) -> int:
    """Experts wanted on the application: its override, else the current run's K."""
    if application.reviewers_override is not None:
        return application.reviewers_override
    run = current_run(call.id)
    return run.per_app if run is not None else call.call_settings().reviewers_per_app


def _external(expert: Expert, home: str) -> bool:
    """Whether the expert works outside the home region (by the unit, else the expert)."""
    unit = db.session.get(Unit, expert.unit_id) if expert.unit_id is not None else None
    province = unit.province if unit is not None else expert.province
    return bool(province) and home not in province


def conflicts_in_force(application: Application, expert: Expert) -> list[Conflict]:
    """The pair's conflict rules that forbid it (detected, declared, added; not lifted)."""
    rows = db.session.scalars(select(Conflict).where(
        Conflict.application_id == application.id, Conflict.expert_id == expert.id)
        .order_by(Conflict.rule_id)).all()
    lifted = {r.rule_id for r in rows if r.source == "staff_removed"}
    return [r for r in rows if r.source in ACTIVE_SOURCES and r.rule_id not in lifted]


def check_pair(call: Call, application: Application, expert: Expert,
               replacing: Assignment | None = None) -> list[Problem]:
    """Every rule the pair (application, expert) breaks; `replacing` leaves the panel."""
    problems: list[Problem] = []
    policy = call.call_settings().conflict_policy
    verdicts = db.session.scalars(select(EligibilityResult).where(
        EligibilityResult.application_id == application.id)).all()
    if not verdicts or any(r.effective_verdict == "fail" for r in verdicts):
        problems.append(Problem("not_eligible", application.app_id))
    problems += [Problem("conflict", f"{c.rule_id} {c.evidence}".strip(),
                         f"{c.rule_id} {c.evidence_in(english=True)}".strip())
                 for c in conflicts_in_force(application, expert)]
    if not expert.available:
        problems.append(Problem("unavailable", expert.expert_id))
    rows = db.session.scalars(select(Assignment).where(
        Assignment.application_id == application.id)).all()
    own = [r for r in rows if r.expert_id == expert.id]
    if any(r.status in REFUSED for r in own):
        problems.append(Problem("refused", ", ".join(r.status for r in own)))
    elif own:
        problems.append(Problem("on_panel", expert.expert_id))
    panel = [r.expert for r in rows if r.status in ACTIVE
             and (replacing is None or r.id != replacing.id) and r.expert_id != expert.id]
    if policy.get("one_per_unit", True) and expert.unit_id is not None:
        problems += [Problem("same_unit", f"{other.expert_id} {other.name}")
                     for other in panel if other.unit_id == expert.unit_id]
    wanted = panel_size(call, application)
    if replacing is None and len(panel) >= wanted:
        problems.append(Problem("panel_full", f"{len(panel)}/{wanted}"))
    home = policy.get("home_province", "新疆")
    if (policy.get("require_external", True) and len(panel) + 1 >= wanted
            and not any(_external(e, home) for e in (*panel, expert))):
        problems.append(Problem("no_external", home))
    load = db.session.scalar(select(func.count()).select_from(Assignment).where(
        Assignment.expert_id == expert.id, Assignment.status.in_(ACTIVE))) or 0
    if expert.max_load is not None and load + 1 > expert.max_load:
        problems.append(Problem("load_full", f"{load}/{expert.max_load}"))
    return problems


def _find(call_id: int, app_code: str, expert_code: str) -> tuple[Call, Application, Expert]:
    """The call, application and expert named by codes, or PairEditError."""
    call = db.session.get(Call, call_id)
    application = db.session.scalar(select(Application).where(
        Application.call_id == call_id, Application.app_id == app_code.strip()))
    expert = db.session.scalar(select(Expert).where(
        Expert.call_id == call_id, Expert.expert_id == expert_code.strip()))
    problems = []
    if call is None or application is None:
        problems.append(Problem("unknown_app", app_code))
    if expert is None:
        problems.append(Problem("unknown_expert", expert_code))
    if problems or call is None or application is None or expert is None:
        raise PairEditError(problems)
    return call, application, expert


def _affinity(call_id: int, app_code: str, expert_code: str) -> float:
    """The pair's expertise affinity from the library model (0 when unknown)."""
    scores = compute_affinity(call_id, top_n=None)
    if app_code not in scores.app_ids or expert_code not in scores.expert_ids:
        return 0.0
    return float(scores.dense()[scores.app_ids.index(app_code),
                                scores.expert_ids.index(expert_code)])


def _new_pair(call: Call, application: Application, expert: Expert, round_: int,
              reason: str) -> Assignment:
    """A locked, hand-placed pair (not yet invited)."""
    run = current_run(call.id)
    pair = Assignment(
        call_id=call.id, run_id=run.id if run is not None else None,
        application_id=application.id, expert_id=expert.id, round=round_,
        status="assigned", locked=True,
        affinity=_affinity(call.id, application.app_id, expert.expert_id),
        explanation={"manual": True, "reason": reason})
    db.session.add(pair)
    return pair


def add_expert(call_id: int, app_code: str, expert_code: str, reason: str,
               user: Any) -> Assignment:
    """Add an expert to an application's panel (locked, to be invited); audited."""
    text = _reason(reason)
    call, application, expert = _find(call_id, app_code, expert_code)
    problems = check_pair(call, application, expert)
    if problems:
        raise PairEditError(problems)
    pair = _new_pair(call, application, expert, 1, text)
    db.session.flush()
    record_audit(user, "assignment.add", "assignment", pair.id, reason=text, call_id=call_id,
                 after={"app_id": application.app_id, "expert_id": expert.expert_id})
    db.session.commit()
    return pair


def swap_expert(call_id: int, assignment_id: int, expert_code: str, reason: str,
                user: Any) -> Assignment:
    """Put another expert in a pair's place (locked, to be invited); audited.

    An unanswered pair is removed; a declined or recused one is kept as the record of
    the answer. Accepted, reviewed and locked pairs cannot be swapped.
    """
    text = _reason(reason)
    old = db.session.get(Assignment, assignment_id)
    if old is None or old.call_id != call_id:
        raise PairEditError([Problem("unknown_pair", str(assignment_id))])
    call, application, expert = _find(call_id, old.application.app_id, expert_code)
    problems = []
    if old.locked:
        problems.append(Problem("pair_locked", old.expert.expert_id))
    if old.status not in SWAPPABLE:
        problems.append(Problem("pair_settled", old.status))
    problems += check_pair(call, application, expert, replacing=old)
    if problems:
        raise PairEditError(problems)
    before = {"app_id": application.app_id, "expert_id": old.expert.expert_id,
              "status": old.status}
    if old.status in ("assigned", "invited"):
        db.session.delete(old)
        db.session.flush()
    pair = _new_pair(call, application, expert, old.round, text)
    db.session.flush()
    record_audit(user, "assignment.swap", "assignment", pair.id, before=before,
                 after={"app_id": application.app_id, "expert_id": expert.expert_id},
                 reason=text, call_id=call_id)
    db.session.commit()
    return pair


def set_locked(call_id: int, assignment_ids: list[int], locked: bool, reason: str,
               user: Any) -> int:
    """Lock (a re-run keeps them) or unlock pairs of the call; audited; the count changed."""
    text = _reason(reason)
    pairs = db.session.scalars(select(Assignment).where(
        Assignment.call_id == call_id, Assignment.id.in_(assignment_ids),
        Assignment.locked.is_not(locked))).all()
    if not pairs:
        raise PairEditError([Problem("unknown_pair", ", ".join(map(str, assignment_ids)))])
    for pair in pairs:
        pair.locked = locked
    record_audit(user, "assignment.lock" if locked else "assignment.unlock", "call", call_id,
                 after={"assignments": sorted(p.id for p in pairs)}, reason=text,
                 call_id=call_id)
    db.session.commit()
    return len(pairs)
