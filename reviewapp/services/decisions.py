"""The committee's decisions: outcome and approved amount per application, notes, freezing.

Every write is a verb that commits once with its audit row. Once the list is frozen,
nothing changes (decisions, notes, lottery, new runs, priority flags) until an admin
unfreezes it with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from reviewapp.extensions import db
from reviewapp.models import DECISION_OUTCOMES, Application, Decision, DecisionList, RankingRun
from reviewapp.models.common import utcnow
from reviewapp.progress import NO_PROGRESS, Progress
from reviewapp.services.audit import record_audit
from reviewapp.services.ranking import PRIORITY_FLAGS, new_seed
from reviewapp.services.ranking_runs import current_run, make_ranking_run


class DecisionRefused(ValueError):
    """A change the decision list does not allow now; the message says why in both languages."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(f"{message_zh} {message_en}")
        self.message_zh = message_zh
        self.message_en = message_en

    def in_language(self, english: bool) -> str:
        """The reason in the reader's language."""
        return self.message_en if english else self.message_zh


def decision_list(call_id: int) -> DecisionList | None:
    """The call's decision list, if the committee has started one."""
    return db.session.scalar(select(DecisionList).where(DecisionList.call_id == call_id))


def _open_list(call_id: int) -> DecisionList:
    """The call's decision list, made when missing; refused when it is frozen."""
    found = decision_list(call_id)
    if found is None:
        found = DecisionList(call_id=call_id, notes="")
        db.session.add(found)
    elif found.frozen:
        raise DecisionRefused("名单已冻结，须由管理员解冻后才能修改。",
                              "The list is frozen: an admin must unfreeze it first.")
    return found


def ensure_unfrozen(call_id: int) -> None:
    """Refuse when the call's decision list is frozen."""
    found = decision_list(call_id)
    if found is not None and found.frozen:
        _open_list(call_id)


def decisions(call_id: int) -> dict[str, Decision]:
    """The call's decisions by application code."""
    query = (select(Application.app_id, Decision)
             .join(Decision, Decision.application_id == Application.id)
             .where(Application.call_id == call_id))
    return {app_id: decision for app_id, decision in db.session.execute(query)}


def _snapshot(decision: Decision | None) -> dict[str, Any] | None:
    """A decision's fields for the audit log."""
    if decision is None:
        return None
    return {"outcome": decision.outcome, "approved_yuan": decision.approved_yuan,
            "cut_reason": decision.cut_reason, "note": decision.note, "rank": decision.rank}


@dataclass(frozen=True)
class DecisionInput:
    """What the committee decided for one application."""

    outcome: str
    approved_yuan: int | None  # None: the amount requested when approved, else 0
    cut_reason: str = ""
    note: str = ""


def save_decision(call_id: int, app_id: str, user: Any, given: DecisionInput) -> Decision:
    """Record the outcome and approved amount of one application; a cut needs its reason."""
    _open_list(call_id)
    application = db.session.scalar(select(Application).where(
        Application.call_id == call_id, Application.app_id == app_id))
    if application is None:
        raise DecisionRefused(f"没有项目 {app_id}。", f"No application {app_id}.")
    if given.outcome not in DECISION_OUTCOMES:
        raise DecisionRefused("请选择立项、备选或不立项。", "Choose approve, reserve or reject.")
    approved = given.approved_yuan
    if approved is None:
        approved = application.requested_yuan if given.outcome == "approve" else 0
    if given.outcome == "reject":
        approved = 0
    if approved > application.requested_yuan:
        raise DecisionRefused("批准经费不能超过申请经费。",
                              "The approved amount cannot exceed the amount requested.")
    cut = given.outcome == "approve" and approved < application.requested_yuan
    if cut and not given.cut_reason.strip():
        raise DecisionRefused("核减经费须填写核减理由。", "A cut needs its reason.")
    run = current_run(call_id)
    rank = None
    if run is not None:
        ranks = {row["app_id"]: row["rank"] for t in run.result["ranking"]["tracks"]
                 for row in t["rows"]}
        rank = ranks.get(app_id)
    decision = db.session.scalar(select(Decision).where(
        Decision.application_id == application.id))
    before = _snapshot(decision)
    if decision is None:
        decision = Decision(application_id=application.id)
        db.session.add(decision)
    decision.outcome = given.outcome
    decision.approved_yuan = approved
    decision.cut_reason = given.cut_reason.strip() if cut else ""
    decision.note = given.note.strip()
    decision.rank = rank
    decision.decided_by = getattr(user, "id", None)
    decision.decided_at = utcnow()
    record_audit(user, "decision", "application", app_id, before=before,
                 after=_snapshot(decision), call_id=call_id)
    db.session.commit()
    return decision


def save_notes(call_id: int, user: Any, notes: str) -> DecisionList:
    """Store the meeting's notes."""
    found = _open_list(call_id)
    before = found.notes
    found.notes = notes.strip()
    record_audit(user, "meeting_notes", "decision_list", call_id, before={"notes": before},
                 after={"notes": found.notes}, call_id=call_id)
    db.session.commit()
    return found


def freeze(call_id: int, user: Any) -> DecisionList:
    """Freeze the list on the current run once every ranked application has a decision."""
    found = _open_list(call_id)
    run = current_run(call_id)
    if run is None:
        raise DecisionRefused("尚无排序结果。", "There is no ranking to freeze.")
    ranked = {row["app_id"] for t in run.result["ranking"]["tracks"] for row in t["rows"]}
    missing = sorted(ranked - set(decisions(call_id)))
    if missing:
        raise DecisionRefused(f"尚有 {len(missing)} 个项目未作决定：{', '.join(missing[:10])}。",
                              f"{len(missing)} applications have no decision yet.")
    found.frozen_at = utcnow()
    found.frozen_by = getattr(user, "id", None)
    found.frozen_run_id = run.id
    record_audit(user, "freeze", "decision_list", call_id, after={"run": run.id},
                 call_id=call_id)
    db.session.commit()
    return found


def unfreeze(call_id: int, user: Any, reason: str) -> DecisionList:
    """An admin reopens a frozen list; the reason is kept in the audit log."""
    found = decision_list(call_id)
    if getattr(user, "role", None) != "admin":
        raise DecisionRefused("只有管理员可以解冻。", "Only an admin can unfreeze the list.")
    if found is None or not found.frozen:
        raise DecisionRefused("名单未冻结。", "The list is not frozen.")
    if not reason.strip():
        raise DecisionRefused("请填写解冻理由。", "Give the reason for unfreezing.")
    before = {"frozen_at": found.frozen_at.isoformat() if found.frozen_at else None,
              "frozen_by": found.frozen_by, "run": found.frozen_run_id}
    found.frozen_at = None
    found.frozen_by = None
    record_audit(user, "unfreeze", "decision_list", call_id, before=before,
                 reason=reason.strip(), call_id=call_id)
    db.session.commit()
    return found


def draw_lottery(call_id: int, user: Any, progress: Progress = NO_PROGRESS) -> RankingRun:
    """Draw the lottery again on the page: a new run, same sampler seed, a fresh lottery seed."""
    ensure_unfrozen(call_id)
    run = current_run(call_id)
    sampler = run.sampler_seed if run is not None else None
    return make_ranking_run(call_id, user, sampler, new_seed(), reason="lottery",
                            progress=progress)


def recompute(call_id: int, user: Any, progress: Progress = NO_PROGRESS) -> RankingRun:
    """A new run with fresh seeds, unless the list is frozen."""
    ensure_unfrozen(call_id)
    return make_ranking_run(call_id, user, reason="committee", progress=progress)


def set_priority_flags(call_id: int, app_id: str, user: Any, flags: dict[str, bool],
                       reason: str = "") -> bool:
    """Staff set an application's priority flags (and 涉密), audited with the reason given;
    not on a frozen list. False (and no audit row) when nothing changes."""
    ensure_unfrozen(call_id)
    application = db.session.scalar(select(Application).where(
        Application.call_id == call_id, Application.app_id == app_id))
    if application is None:
        raise DecisionRefused(f"没有项目 {app_id}。", f"No application {app_id}.")
    names = (*PRIORITY_FLAGS, "classified")
    before = {name: getattr(application, name) for name in names}
    after = {name: bool(flags.get(name, False)) for name in names}
    if after == before:
        return False
    for name in names:
        setattr(application, name, after[name])
    record_audit(user, "priority_flags", "application", app_id, before=before, after=after,
                 reason=reason.strip() or None, call_id=call_id)
    db.session.commit()
    return True
