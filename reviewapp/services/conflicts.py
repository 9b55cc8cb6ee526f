"""Conflicts of interest (回避) of a stored call: detect, add, lift, declare, and read them.

Stored `Conflict` rows by source: `detected` (rules C1–C6, replaced on every detection),
`declared` (C7, an expert's own recusal), `staff_added`, and `staff_removed` (a detected,
declared or added rule of a pair that staff lifted, with the reason). A pair is forbidden
while it has a rule of the first three sources that no `staff_removed` row lifts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, delete, func, insert, select
from sqlalchemy.orm import aliased

from assignment import conflicts as lib
from assignment.names import DuplicateGroup, likely_duplicate_units
from assignment.stopping import Stopped
from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    AvoidanceRequest,
    Call,
    Conflict,
    Expert,
    Relation,
    Unit,
)
from reviewapp.progress import N_, NO_PROGRESS, JobCancelled, Progress
from reviewapp.safe_cells import csv_text
from reviewapp.services.audit import record_audit

ACTIVE_SOURCES = ("detected", "declared", "staff_added")
CSV_HEADER = ("app_id", "expert_id", "rule", "evidence")
# Rows of the detection's result grouped (or stored) between two polls of `should_stop`:
# about half a second of work each on a 2-core machine.
CHUNK_ROWS = 50_000
INSERT_ROWS = 20_000
Lift = aliased(Conflict, name="lift")
STAFF_RULE = lib.STAFF_RULE


class ConflictError(ValueError):
    """A conflict request the service refuses, with a message for the user."""


@dataclass(frozen=True)
class ConflictRow:
    """One rule that forbids (or, lifted, used to forbid) one pair, as staff see it."""

    app_id: str
    expert_id: str
    expert_name: str
    rule: str
    source: str
    evidence: str
    reason: str
    lifted: bool
    lift_reason: str
    evidence_en: str = ""  # '' on rows stored before English evidence existed

    def evidence_in(self, english: bool) -> str:
        """The evidence in the page's language; the Chinese when no English was stored."""
        return self.evidence_en if english and self.evidence_en else self.evidence


def get_call(call_id: int) -> Call:
    """The call, or ConflictError when there is none."""
    call = db.session.get(Call, call_id)
    if call is None:
        raise ConflictError(f"no call with id {call_id}")
    return call


def _units(call_id: int) -> list[Unit]:
    """The call's unit rows."""
    return list(db.session.scalars(select(Unit).where(Unit.call_id == call_id)))


def load_inputs(call: Call) -> lib.ConflictInputs:
    """The call's units, experts, applications, relations and avoidance as library records."""
    units = _units(call.id)
    code = {unit.id: unit.unit_id for unit in units}
    experts = db.session.scalars(select(Expert).where(Expert.call_id == call.id)
                                 .order_by(Expert.expert_id))
    apps = list(db.session.scalars(select(Application).where(Application.call_id == call.id)
                                   .order_by(Application.app_id)))
    app_code = {app.id: app.app_id for app in apps}
    expert_rows = list(experts)
    expert_code = {e.id: e.expert_id for e in expert_rows}
    relations = db.session.scalars(select(Relation).where(Relation.call_id == call.id))
    requests = db.session.scalars(select(AvoidanceRequest)
                                  .where(AvoidanceRequest.call_id == call.id))
    return lib.ConflictInputs(
        units=tuple(lib.Unit(u.unit_id, u.name, u.province, u.credit_code, u.parent_unit_id)
                    for u in units),
        experts=tuple(lib.Expert(e.expert_id, e.name, code.get(e.unit_id) if e.unit_id else None,
                                 e.unit_name or "", e.province or "") for e in expert_rows),
        applications=tuple(lib.Application(
            a.app_id, a.lead_unit_id, tuple(map(str, a.partner_unit_ids or ())),
            tuple(map(str, a.participant_unit_ids or ())), a.pi_id or "", a.pi_name or "")
            for a in apps),
        relations=tuple(lib.Relation(r.person_id, r.relation, r.other_id, r.until)
                        for r in relations),
        avoidance=tuple(lib.Avoidance(
            app_code[r.application_id], expert_code.get(r.expert_id) if r.expert_id else None,
            code.get(r.unit_id) if r.unit_id else None, r.reason or "") for r in requests),
    )


def _policy(call: Call) -> lib.ConflictPolicy:
    """The call's conflict policy, measured back from its deadline."""
    return lib.ConflictPolicy.from_settings(call.call_settings().conflict_policy, call.deadline)


def detect_conflicts(call_id: int, user: Any = None,
                     progress: Progress = NO_PROGRESS) -> dict[str, int]:
    """Re-detect rules C1–C6, replacing earlier detected rows; forbidden pairs per rule.

    A job's cancel is polled (`progress.should_stop`) inside the detection, between its
    rules, while its rows are grouped and between chunks of rows stored: it raises
    `JobCancelled` and the job's rollback leaves the earlier rows as they were.
    """
    progress.step(1, 3, N_("Reading applications, experts and relations"))
    call = get_call(call_id)
    policy = _policy(call)
    inputs = load_inputs(call)
    progress.step(2, 3, N_("Building the conflict matrix"))
    # C7 comes from the experts' declarations stored as their own rows.
    try:
        found = lib.detect_conflicts(inputs, lib.ConflictPolicy(
            policy.deadline, policy.rules - {"C7"}, policy.past_employment_years,
            policy.collaboration_years), should_stop=progress.should_stop)
    except Stopped:
        raise JobCancelled() from None
    app_rows = dict(db.session.execute(
        select(Application.app_id, Application.id).where(Application.call_id == call_id))
        .tuples().all())
    expert_rows = dict(db.session.execute(
        select(Expert.expert_id, Expert.id).where(Expert.call_id == call_id)).tuples().all())
    evidence: dict[tuple[int, int, str], list[tuple[str, str]]] = defaultdict(list)
    app_idx, expert_idx = found.app_idx.tolist(), found.expert_idx.tolist()
    for start in range(0, len(found), CHUNK_ROWS):
        if progress.should_stop():
            raise JobCancelled()
        for i in range(start, min(start + CHUNK_ROWS, len(found))):
            key = (app_rows[found.app_ids[app_idx[i]]],
                   expert_rows[found.expert_ids[expert_idx[i]]], found.rules[i])
            evidence[key].append((found.evidence[i], found.evidence_en[i]))
    progress.step(3, 3, N_("Saving the conflicts"))
    db.session.execute(delete(Conflict).where(Conflict.call_id == call_id,
                                              Conflict.source == "detected"))
    rows = [{"call_id": call_id, "application_id": a, "expert_id": e, "rule_id": rule,
             "source": "detected", "evidence": "；".join(zh for zh, _ in texts),
             "evidence_en": "; ".join(en for _, en in texts), "reason": ""}
            for (a, e, rule), texts in evidence.items()]
    for start in range(0, len(rows), INSERT_ROWS):
        if progress.should_stop():
            raise JobCancelled()
        db.session.execute(insert(Conflict), rows[start:start + INSERT_ROWS])
    counts = rule_counts(call_id)
    record_audit(user, "conflicts.detect", "call", call_id, after=counts, call_id=call_id)
    db.session.commit()
    return counts


def _rows(call_id: int, **where: Any) -> list[tuple[Conflict, str, str, str]]:
    """Stored conflict rows with their application code, expert code and expert name."""
    stmt = (select(Conflict, Application.app_id, Expert.expert_id, Expert.name)
            .join(Application, Application.id == Conflict.application_id)
            .join(Expert, Expert.id == Conflict.expert_id)
            .where(Conflict.call_id == call_id))
    for key, value in where.items():
        stmt = stmt.where(getattr(Conflict, key) == value)
    return [tuple(row) for row in db.session.execute(stmt.order_by(
        Application.app_id, Expert.expert_id, Conflict.rule_id, Conflict.source))]


def conflict_rows(call_id: int, include_lifted: bool = True) -> list[ConflictRow]:
    """Every stored rule of every pair, marked lifted when staff removed it."""
    rows = _rows(call_id)
    lifted = {(a, e, c.rule_id): c.reason for c, a, e, _ in rows if c.source == "staff_removed"}
    result = []
    for conflict, app_id, expert_id, name in rows:
        if conflict.source == "staff_removed":
            continue
        reason = lifted.get((app_id, expert_id, conflict.rule_id))
        if reason is not None and not include_lifted:
            continue
        result.append(ConflictRow(app_id, expert_id, name, conflict.rule_id, conflict.source,
                                  conflict.evidence, conflict.reason, reason is not None,
                                  reason or "", conflict.evidence_en))
    return result


def conflicts_csv(rows: list[ConflictRow]) -> str:
    """The CSV app_id, expert_id, rule, evidence of the rows, every text cell guarded."""
    return csv_text(CSV_HEADER, (
        (row.app_id, row.expert_id, row.rule,
         row.evidence if not row.reason else f"{row.evidence}（{row.reason}）")
        for row in rows))


def in_force(call_id: int) -> ColumnElement[bool]:
    """Rows of the call's pairs that forbid them: an active source and no lift."""
    lifted = (select(Lift.id).where(
        Lift.call_id == call_id, Lift.source == "staff_removed",
        Lift.application_id == Conflict.application_id, Lift.expert_id == Conflict.expert_id,
        Lift.rule_id == Conflict.rule_id).exists())
    return (Conflict.call_id == call_id) & (Conflict.source != "staff_removed") & ~lifted


def forbidden_pairs(call_id: int) -> set[tuple[str, str]]:
    """(app_id, expert_id) codes of every pair an assignment must avoid (in SQL)."""
    return set(db.session.execute(
        select(Application.app_id, Expert.expert_id).select_from(Conflict)
        .join(Application, Application.id == Conflict.application_id)
        .join(Expert, Expert.id == Conflict.expert_id)
        .where(in_force(call_id)).distinct()).tuples())


def rule_counts(call_id: int) -> dict[str, int]:
    """Forbidden pairs per rule (a pair counts under each rule that forbids it), in SQL."""
    pairs = (select(Conflict.rule_id, Conflict.application_id, Conflict.expert_id)
             .where(in_force(call_id)).distinct().subquery())
    return dict(sorted(db.session.execute(
        select(pairs.c.rule_id, func.count()).group_by(pairs.c.rule_id)).tuples().all()))


def _pair(call_id: int, app_id: str, expert_id: str) -> tuple[Application, Expert]:
    """The application and expert rows of a pair of codes, or ConflictError."""
    app = db.session.scalar(select(Application).where(Application.call_id == call_id,
                                                      Application.app_id == app_id))
    expert = db.session.scalar(select(Expert).where(Expert.call_id == call_id,
                                                    Expert.expert_id == expert_id))
    if app is None:
        raise ConflictError(f"no application {app_id!r} in call {call_id}")
    if expert is None:
        raise ConflictError(f"no expert {expert_id!r} in call {call_id}")
    return app, expert


def _reason(reason: str | None) -> str:
    """The trimmed reason, or ConflictError when it is empty."""
    text = (reason or "").strip()
    if not text:
        raise ConflictError("a reason is required")
    return text


def add_conflict(call_id: int, app_id: str, expert_id: str, reason: str, user: Any,
                 rule: str = STAFF_RULE) -> None:
    """Forbid a pair by hand (rule STAFF unless another is named); audited."""
    text = _reason(reason)
    app, expert = _pair(call_id, app_id, expert_id)
    if rule not in (*lib.RULE_IDS, STAFF_RULE):
        raise ConflictError(f"unknown conflict rule {rule!r}")
    # Adding what staff lifted earlier restores it: the lift is dropped.
    db.session.execute(delete(Conflict).where(
        Conflict.application_id == app.id, Conflict.expert_id == expert.id,
        Conflict.rule_id == rule, Conflict.source.in_(("staff_removed", "staff_added"))))
    db.session.add(Conflict(call_id=call_id, application_id=app.id, expert_id=expert.id,
                            rule_id=rule, source="staff_added", evidence="工作人员添加回避",
                            evidence_en="Added by staff", reason=text,
                            created_by=getattr(user, "id", None)))
    record_audit(user, "conflicts.add", "conflict", f"{app_id}/{expert_id}/{rule}",
                 after={"rule": rule}, reason=text, call_id=call_id)
    db.session.commit()


def remove_conflict(call_id: int, app_id: str, expert_id: str, reason: str, user: Any,
                    rule: str | None = None) -> list[str]:
    """Lift every active rule of a pair (or just `rule`), with a reason; the rules lifted."""
    text = _reason(reason)
    app, expert = _pair(call_id, app_id, expert_id)
    active = sorted({row.rule for row in conflict_rows(call_id, include_lifted=False)
                     if (row.app_id, row.expert_id) == (app_id, expert_id)})
    chosen = [r for r in active if rule in (None, r)]
    if not chosen:
        raise ConflictError(f"{app_id}–{expert_id} has no conflict {rule or ''} to lift".strip())
    for rule_id in chosen:
        db.session.add(Conflict(call_id=call_id, application_id=app.id, expert_id=expert.id,
                                rule_id=rule_id, source="staff_removed", evidence="",
                                reason=text, created_by=getattr(user, "id", None)))
    record_audit(user, "conflicts.remove", "conflict", f"{app_id}/{expert_id}",
                 before={"rules": active}, after={"lifted": chosen}, reason=text,
                 call_id=call_id)
    db.session.commit()
    return chosen


def declare_conflict(call_id: int, app_id: str, expert_id: str, reason: str, user: Any) -> None:
    """An expert declares a conflict with an application (C7), before reading it; audited."""
    app, expert = _pair(call_id, app_id, expert_id)
    exists = db.session.scalar(select(Conflict.id).where(
        Conflict.application_id == app.id, Conflict.expert_id == expert.id,
        Conflict.rule_id == "C7", Conflict.source == "declared"))
    if exists is None:
        db.session.add(Conflict(
            call_id=call_id, application_id=app.id, expert_id=expert.id, rule_id="C7",
            source="declared", evidence=f"专家 {expert.name} 声明回避",
            evidence_en=f"Expert {expert.name} declared a conflict",
            reason=(reason or "").strip(), created_by=getattr(user, "id", None)))
    record_audit(user, "conflicts.declare", "conflict", f"{app_id}/{expert_id}/C7",
                 reason=(reason or "").strip(), call_id=call_id)
    db.session.commit()


def duplicate_units(call_id: int) -> list[DuplicateGroup]:
    """Units of the call that are probably one unit typed twice, for staff to check."""
    get_call(call_id)
    return list(_duplicate_groups(tuple(
        lib.Unit(code, name, credit_code=credit_code)
        for code, name, credit_code in db.session.execute(
            select(Unit.unit_id, Unit.name, Unit.credit_code)
            .where(Unit.call_id == call_id).order_by(Unit.unit_id)))))


# The conflicts page shows both checks on every view, while the rows they read change only
# on import: the results are kept per distinct input (the inputs are frozen dataclasses).
@lru_cache(maxsize=16)
def _duplicate_groups(units: tuple[lib.Unit, ...]) -> tuple[DuplicateGroup, ...]:
    """The likely duplicate groups among these units (cached per distinct tuple)."""
    return tuple(likely_duplicate_units(units))


@lru_cache(maxsize=16)
def _same_person_flags(inputs: lib.ConflictInputs) -> tuple[lib.PossibleMatch, ...]:
    """Experts named like a PI in these inputs (cached per distinct inputs)."""
    return tuple(lib.possible_same_person(inputs))


def possible_same_person(call_id: int) -> list[lib.PossibleMatch]:
    """Experts named like a PI under another id: flags for staff, never forbidden."""
    get_call(call_id)
    experts = tuple(lib.Expert(code, name, None, "", "") for code, name in db.session.execute(
        select(Expert.expert_id, Expert.name).where(Expert.call_id == call_id)
        .order_by(Expert.expert_id)))
    # Names and PI ids are all the comparison reads; the units stay out.
    applications = tuple(lib.Application(code, "", (), (), pi_id or "", pi_name or "")
                         for code, pi_id, pi_name in db.session.execute(
        select(Application.app_id, Application.pi_id, Application.pi_name)
        .where(Application.call_id == call_id).order_by(Application.app_id)))
    return list(_same_person_flags(lib.ConflictInputs(experts=experts,
                                                      applications=applications)))
