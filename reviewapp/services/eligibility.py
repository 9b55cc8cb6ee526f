"""Eligibility (形式审查) on stored calls: run the rules, keep or drop overrides, read results.

Each `EligibilityResult` keeps the engine's verdict, its Chinese evidence in `evidence`
and its English evidence in `message`. An override "still applies" after a re-run when
the rule's verdict and Chinese evidence are unchanged; otherwise it is dropped and
reported. An application never checked is not eligible: `eligible_application_ids`
runs the check first for any application that has no results.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from reviewapp.eligibility import build_facts, check_application
from reviewapp.eligibility.report import EligibilityRow, StoredOutcome, row_status
from reviewapp.extensions import db
from reviewapp.models import (
    VERDICTS,
    Application,
    AuditLog,
    Call,
    EligibilityResult,
    Unit,
    User,
)
from reviewapp.models.common import utcnow
from reviewapp.progress import N_, NO_PROGRESS, Progress
from reviewapp.services.audit import record_audit
from reviewapp.services.eligibility_report import application_row, report_rows
from reviewapp.workbook.records import ApplicationRecord, UnitRecord

# Statuses the eligibility check owns; later stages (funded, rejected) are left alone.
CHECK_STATUSES = ("imported", "eligible", "ineligible")
OVERRIDE_VERDICTS = ("pass", "fail", "flag")


class EligibilityError(ValueError):
    """A request the eligibility service refuses, with a message for the user."""


@dataclass(frozen=True)
class DroppedOverride:
    """An override a re-run removed because the verdict it overrode changed."""

    app_id: str
    rule_id: str
    override_verdict: str
    reason: str
    old_verdict: str
    new_verdict: str  # '' when the rule no longer runs


@dataclass(frozen=True)
class RunSummary:
    """What one run of the check did."""

    call_id: int
    checked: int
    eligible: int
    ineligible: int
    flagged: int
    kept: tuple[tuple[str, str], ...]
    dropped: tuple[DroppedOverride, ...]

    def as_json(self) -> dict[str, Any]:
        """The summary as JSON-ready data (for the audit log and the command line)."""
        return {
            "checked": self.checked, "eligible": self.eligible, "ineligible": self.ineligible,
            "flagged": self.flagged, "kept": [list(k) for k in self.kept],
            "dropped": [f"{d.app_id} {d.rule_id}" for d in self.dropped],
        }


def unit_record(row: Unit) -> UnitRecord:
    """A stored unit as the engine's record."""
    return UnitRecord(
        unit_id=row.unit_id, name=row.name, unit_type=row.unit_type, province=row.province,
        legal_person=row.legal_person, blacklisted_until=row.blacklisted_until,
        audit_years=tuple(int(y) for y in row.audit_years or ()),
        credit_code=row.credit_code, parent_unit_id=row.parent_unit_id,
    )


def application_record(row: Application) -> ApplicationRecord:
    """A stored application as the engine's record."""
    listed = ("partner_unit_ids", "participant_unit_ids", "achievement_types", "output_types",
              "adoption_units", "keywords")
    plain = ("app_id", "title", "track", "direction", "lead_unit_id", "agreements_signed",
             "achievement_count", "achievement_ip_clear", "pi_id", "pi_name", "pi_sex",
             "pi_birth_date", "pi_title", "pi_degree", "pi_employed_by_lead",
             "pi_months_per_year", "pi_aid_staff", "pi_service_end", "pi_letters",
             "pi_blacklisted_until", "requested_yuan", "self_funding_yuan", "outsourced_yuan",
             "duration_months", "stage", "demo_site", "demo_scale", "quantified_outputs",
             "abstract")
    values: dict[str, Any] = {name: getattr(row, name) for name in plain}
    values.update({name: tuple(str(v) for v in getattr(row, name) or ()) for name in listed})
    return ApplicationRecord(**values)


def get_call(call_id: int) -> Call:
    """The call, or EligibilityError when there is none."""
    call = db.session.get(Call, call_id)
    if call is None:
        raise EligibilityError(f"no call with id {call_id}")
    return call


def _applications(call_id: int) -> list[Application]:
    """The call's applications in app_id order."""
    return list(db.session.scalars(
        select(Application).where(Application.call_id == call_id).order_by(Application.app_id)
    ))


def _results(call_id: int) -> dict[int, list[EligibilityResult]]:
    """Stored results of the call by application row id, in rule order."""
    stmt = (select(EligibilityResult)
            .join(Application, Application.id == EligibilityResult.application_id)
            .where(Application.call_id == call_id).order_by(EligibilityResult.rule_id))
    grouped: dict[int, list[EligibilityResult]] = defaultdict(list)
    for result in db.session.scalars(stmt):
        grouped[result.application_id].append(result)
    return grouped


def _set_status(application: Application, results: list[EligibilityResult]) -> None:
    """Mark the application eligible or ineligible from its effective verdicts."""
    if application.status in CHECK_STATUSES:
        failing = any(r.effective_verdict == "fail" for r in results)
        application.status = "ineligible" if failing else "eligible"


def run_eligibility(call_id: int, user: User | None = None,
                    progress: Progress = NO_PROGRESS) -> RunSummary:
    """Check every application of the call, store one result per rule, keep valid overrides."""
    progress.step(1, 2, N_("Reading applications and units"))
    call = get_call(call_id)
    settings = call.call_settings()
    units = {u.unit_id: unit_record(u)
             for u in db.session.scalars(select(Unit).where(Unit.call_id == call_id))}
    stored = _results(call_id)
    kept: list[tuple[str, str]] = []
    dropped: list[DroppedOverride] = []
    counts = {"eligible": 0, "ineligible": 0, "flagged": 0}
    applications = _applications(call_id)
    progress.step(2, 2, N_("Checking every application against the rules"))
    for application in applications:
        facts = build_facts(application_record(application), units, call.deadline, settings)
        old = {r.rule_id: r for r in stored.get(application.id, [])}
        current = []
        for outcome in check_application(facts):
            row = old.pop(outcome.rule_id, None)
            if row is None:
                row = EligibilityResult(application_id=application.id, rule_id=outcome.rule_id)
                db.session.add(row)
            elif row.override_verdict:
                if (row.verdict, row.evidence) == (outcome.verdict, outcome.evidence_zh):
                    kept.append((application.app_id, outcome.rule_id))
                else:
                    dropped.append(_drop(application.app_id, row, outcome.verdict))
            row.verdict, row.evidence, row.message = (
                outcome.verdict, outcome.evidence_zh, outcome.evidence_en)
            current.append(row)
        for row in old.values():  # rules the call no longer runs
            if row.override_verdict:
                dropped.append(_drop(application.app_id, row, ""))
            db.session.delete(row)
        _set_status(application, current)
        counts[row_status(_as_row(application, current))] += 1
    summary = RunSummary(call_id, len(applications), counts["eligible"], counts["ineligible"],
                         counts["flagged"], tuple(kept), tuple(dropped))
    progress.check_cancelled()
    record_audit(user, "eligibility.run", "call", call_id, after=summary.as_json(),
                 call_id=call_id)
    db.session.commit()
    return summary


def _drop(app_id: str, row: EligibilityResult, new_verdict: str) -> DroppedOverride:
    """Clear a stale override from `row` and describe what was dropped."""
    dropped = DroppedOverride(app_id, row.rule_id, row.override_verdict or "",
                              row.override_reason or "", row.verdict, new_verdict)
    row.override_verdict = row.override_reason = None
    row.overridden_by = row.overridden_at = None
    return dropped


def override_verdict(
    call_id: int, app_id: str, rule_id: str, verdict: str, reason: str, user: User | None
) -> EligibilityResult:
    """Overrule one rule's verdict with a required reason; the engine's verdict clears it."""
    reason = (reason or "").strip()
    if not reason:
        raise EligibilityError("a reason is required")
    if verdict not in OVERRIDE_VERDICTS or verdict not in VERDICTS:
        raise EligibilityError(f"unknown verdict {verdict!r}")
    row = db.session.scalar(
        select(EligibilityResult)
        .join(Application, Application.id == EligibilityResult.application_id)
        .where(Application.call_id == call_id, Application.app_id == app_id,
               EligibilityResult.rule_id == rule_id)
    )
    if row is None:
        raise EligibilityError(f"{app_id} has no result for {rule_id}: run the check first")
    before = {"verdict": row.verdict, "override_verdict": row.override_verdict,
              "override_reason": row.override_reason}
    if verdict == row.verdict:
        row.override_verdict = None
        row.override_reason = None
        row.overridden_by = row.overridden_at = None
    else:
        row.override_verdict = verdict
        row.override_reason = reason
        row.overridden_by = getattr(user, "id", None)
        row.overridden_at = utcnow()
    application = db.session.get(Application, row.application_id)
    if application is not None:
        _set_status(application, list(db.session.scalars(
            select(EligibilityResult).where(EligibilityResult.application_id == application.id))))
    record_audit(user, "eligibility.override", "eligibility_result", f"{app_id}/{rule_id}",
                 before=before, after={"verdict": row.verdict,
                                       "override_verdict": row.override_verdict},
                 reason=reason, call_id=call_id)
    db.session.commit()
    return row


def _as_row(application: Application, results: list[EligibilityResult]) -> EligibilityRow:
    """An application and its results as a report row (for its headline status)."""
    outcomes = tuple(
        StoredOutcome(r.rule_id, r.verdict, r.evidence, r.message, r.override_verdict)
        for r in sorted(results, key=lambda r: r.rule_id)
    )
    return EligibilityRow(application.id, application.app_id, application.title,
                          application.track, "", outcomes)


def eligibility_rows(call_id: int) -> list[EligibilityRow]:
    """Every application of the call with its stored outcomes, in app_id order (a read)."""
    get_call(call_id)
    return report_rows(call_id)


def eligibility_row(call_id: int, app_id: str) -> EligibilityRow | None:
    """One application's report row, or None when the call has no such application."""
    return application_row(call_id, app_id)


def unchecked_count(call_id: int) -> int:
    """Applications of the call the rules have not run on."""
    results = _results(call_id)
    return sum(1 for a in _applications(call_id) if a.id not in results)


def eligible_application_ids(call_id: int, user: User | None = None) -> list[int]:
    """Row ids of applications no hard rule fails after overrides (runs the check if needed)."""
    if unchecked_count(call_id):
        run_eligibility(call_id, user)
    return [row.application_id for row in eligibility_rows(call_id) if row.eligible]


def last_run(call_id: int) -> AuditLog | None:
    """The audit row of the call's latest eligibility run, if any."""
    return db.session.scalars(
        select(AuditLog).where(AuditLog.call_id == call_id, AuditLog.action == "eligibility.run")
        .order_by(AuditLog.at.desc(), AuditLog.id.desc()).limit(1)
    ).first()
