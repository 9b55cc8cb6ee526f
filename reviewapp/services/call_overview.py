"""Reads behind a call's workspace (overview counts, stepper states, application detail),
and its one write: the track budgets.

Every state is derived from the rows already stored (eligibility results, conflicts,
assignments, reviews, decisions), so the stepper is never out of step with the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ScalarSelect, Select, case, exists, func, select

from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    ApplicationUnit,
    Assignment,
    AssignmentRun,
    AuditLog,
    AvoidanceRequest,
    Call,
    CallTrack,
    Conflict,
    Decision,
    EligibilityResult,
    Expert,
    Relation,
    Review,
    Unit,
)
from reviewapp.services.audit import record_audit

ACTIVE_ASSIGNMENT = ("assigned", "invited", "accepted", "done")

DONE, ATTENTION, NOT_STARTED = "done", "attention", "todo"
# Solver and job statuses of an assignment run, as the stepper names them.
RUN_STATUS = {
    "optimal": _l("optimal"), "feasible": _l("feasible"), "infeasible": _l("infeasible"),
    "queued": _l("queued"), "running": _l("running"), "failed": _l("failed"),
    "cancelled": _l("cancelled"),
}


@dataclass(frozen=True)
class Stage:
    """One step of the call pipeline as the stepper shows it."""

    key: str
    label: str
    endpoint: str
    state: str  # done / attention / todo
    summary: str
    pipeline: bool = True  # audit and settings sit beside the pipeline, without a state


@dataclass(frozen=True)
class TrackSummary:
    """One track's application count, money requested and budget (integer yuan)."""

    track_id: str
    name: str
    applications: int
    requested_yuan: int
    budget_yuan: int | None

    @property
    def over_budget(self) -> bool:
        """Whether more is requested than the budget holds."""
        return self.budget_yuan is not None and self.requested_yuan > self.budget_yuan


@dataclass(frozen=True)
class Overview:
    """The numbers of a call's overview page."""

    tracks: tuple[TrackSummary, ...]
    directions: tuple[tuple[str, int], ...]
    applications: int
    requested_yuan: int
    units: int
    experts: int
    experts_home: int
    relations: int
    avoidance: int

    @property
    def experts_outside(self) -> int:
        """Experts whose province is not the call's home province."""
        return self.experts - self.experts_home


def home_province(call: Call) -> str:
    """The province the call funds (新疆 for the 2025 call)."""
    return str(call.call_settings().conflict_policy["home_province"])


def track_budgets(call: Call) -> dict[str, int | None]:
    """Budget per track id: the staff-set CallTrack budget, else the settings' value."""
    budgets = {t.track_id: t.budget_yuan for t in call.call_settings().tracks}
    for row in call.tracks:
        if row.budget_yuan is not None or row.track_id not in budgets:
            budgets[row.track_id] = row.budget_yuan
    return budgets


def _count(
    model: type[Application | Unit | Expert | Relation | AvoidanceRequest], call_id: int
) -> int:
    """Rows of `model` belonging to the call."""
    return db.session.scalar(
        select(func.count()).select_from(model).where(model.call_id == call_id)
    ) or 0


def call_overview(call: Call) -> Overview:
    """Counts per track and direction, money requested, and the sizes of the pool."""
    settings = call.call_settings()
    per_track: dict[str, tuple[int, int]] = {
        track: (count, requested)
        for track, count, requested in db.session.execute(
            select(Application.track, func.count(),
                   func.coalesce(func.sum(Application.requested_yuan), 0))
            .where(Application.call_id == call.id).group_by(Application.track)
        ).tuples()
    }
    budgets = track_budgets(call)
    names = {t.track_id: t.name for t in settings.tracks}
    # Tracks the data names but the settings do not still get a row, so totals add up.
    track_ids = [t.track_id for t in settings.tracks] + sorted(set(per_track) - set(names))
    tracks = tuple(
        TrackSummary(
            track_id=track_id,
            name=names.get(track_id, track_id),
            applications=per_track.get(track_id, (0, 0))[0],
            requested_yuan=int(per_track.get(track_id, (0, 0))[1]),
            budget_yuan=budgets.get(track_id),
        )
        for track_id in track_ids
    )
    per_direction = dict(db.session.execute(
        select(Application.direction, func.count())
        .where(Application.call_id == call.id).group_by(Application.direction)
    ).tuples().all())
    direction_names = list(settings.directions) + sorted(
        set(per_direction) - set(settings.directions))
    home = home_province(call)
    experts_home = db.session.scalar(
        select(func.count()).select_from(Expert)
        .where(Expert.call_id == call.id, Expert.province == home)
    ) or 0
    return Overview(
        tracks=tracks,
        directions=tuple((d, per_direction.get(d, 0)) for d in direction_names),
        applications=sum(t.applications for t in tracks),
        requested_yuan=sum(t.requested_yuan for t in tracks),
        units=_count(Unit, call.id),
        experts=_count(Expert, call.id),
        experts_home=experts_home,
        relations=_count(Relation, call.id),
        avoidance=_count(AvoidanceRequest, call.id),
    )


def effective_verdict():
    """SQL for an eligibility result's verdict after any staff override."""
    return func.coalesce(EligibilityResult.override_verdict, EligibilityResult.verdict)


def eligibility_checked(call_id: int) -> bool:
    """Whether any application of the call has an eligibility result."""
    return bool(db.session.scalar(select(
        exists().where(EligibilityResult.application_id == Application.id,
                       Application.call_id == call_id))))


def eligibility_counts(call_id: int) -> dict[str, int]:
    """Applications per overall verdict: eligible, flagged, ineligible (checked ones only)."""
    verdict = effective_verdict()
    per_app = (
        select(
            EligibilityResult.application_id,
            func.max(case((verdict == "fail", 2), (verdict == "flag", 1), else_=0))
            .label("worst"),
        )
        .join(Application, Application.id == EligibilityResult.application_id)
        .where(Application.call_id == call_id)
        .group_by(EligibilityResult.application_id)
        .subquery()
    )
    rows = db.session.execute(select(per_app.c.worst, func.count()).group_by(per_app.c.worst))
    by_worst: dict[int, int] = dict(rows.tuples().all())
    return {"eligible": by_worst.get(0, 0), "flagged": by_worst.get(1, 0),
            "ineligible": by_worst.get(2, 0)}


def _stage_state(done: int, total: int) -> str:
    """todo when nothing is done, done when everything is, else needs attention."""
    if done == 0:
        return NOT_STARTED
    return DONE if done >= total else ATTENTION


def _last_run(call_id: int) -> AssignmentRun | None:
    """The call's current assignment run, else its newest one, if any."""
    return db.session.scalars(select(AssignmentRun).where(AssignmentRun.call_id == call_id)
                              .order_by(AssignmentRun.is_current.desc(), AssignmentRun.id.desc())
                              .limit(1)).first()


def _assignment_stage(run: AssignmentRun | None, pairs: int, covered: int, total: int
                      ) -> tuple[str, Any]:
    """State and summary of the assignment step: the last run's status, pairs and objective."""
    if run is None:
        return NOT_STARTED, ""
    status = RUN_STATUS.get(run.status, run.status)
    if run.objective is None:
        return ATTENTION, _l("last run %(status)s · %(pairs)d pairs", status=status, pairs=pairs)
    state = ATTENTION if run.status == "infeasible" else _stage_state(covered, total)
    return state, _l("%(status)s · %(pairs)d pairs · objective %(objective).1f",
                     status=status, pairs=pairs, objective=run.objective)


def _count_of(stmt: Select[Any]) -> ScalarSelect[int]:
    """A scalar subquery counting the rows `stmt` selects."""
    return select(func.count()).select_from(stmt.subquery()).scalar_subquery()


def pipeline_counts(call: Call) -> dict[str, int]:
    """Every number the stepper shows, read in one query.

    applications, experts; eligible / flagged / ineligible (checked applications by their
    worst verdict); conflicts (pairs with a rule of any source but a lift, lifted ones
    included); pairs (active assignments); covered (applications with their panel full);
    submitted (reviews submitted or locked on active pairs) and scored (applications with
    one); decisions; audit (rows); detected (1 once conflicts were detected).
    """
    verdict = effective_verdict()
    worst = (
        select(func.max(case((verdict == "fail", 2), (verdict == "flag", 1), else_=0))
               .label("worst"))
        .join(Application, Application.id == EligibilityResult.application_id)
        .where(Application.call_id == call.id)
        .group_by(EligibilityResult.application_id)
        .cte("worst")  # read three times below: a CTE is computed once
    )
    active = select(Assignment.id, Assignment.application_id).where(
        Assignment.call_id == call.id, Assignment.status.in_(ACTIVE_ASSIGNMENT)).subquery()
    # An application is covered once it has its own panel size, else the call's K.
    wanted = func.coalesce(Application.reviewers_override, call.call_settings().reviewers_per_app)
    submitted = (select(active.c.application_id)
                 .join(Review, Review.assignment_id == active.c.id)
                 .where(Review.status.in_(("submitted", "locked"))))
    counts = {
        "applications": _count_of(select(Application.id).where(Application.call_id == call.id)),
        "experts": _count_of(select(Expert.id).where(Expert.call_id == call.id)),
        **{key: _count_of(select(worst.c.worst).where(worst.c.worst == level))
           for key, level in (("eligible", 0), ("flagged", 1), ("ineligible", 2))},
        "conflicts": _count_of(
            select(Conflict.application_id, Conflict.expert_id).distinct()
            .where(Conflict.call_id == call.id, Conflict.source != "staff_removed")),
        "pairs": _count_of(select(active.c.id)),
        "covered": _count_of(
            select(active.c.application_id)
            .join(Application, Application.id == active.c.application_id)
            .group_by(active.c.application_id, Application.reviewers_override)
            .having(func.count() >= wanted)),
        "submitted": _count_of(submitted),
        "scored": _count_of(submitted.distinct()),
        "decisions": _count_of(
            select(Decision.id).join(Application, Application.id == Decision.application_id)
            .where(Application.call_id == call.id)),
        "audit": _count_of(select(AuditLog.id).where(AuditLog.call_id == call.id)),
        "detected": _count_of(select(AuditLog.id).where(
            AuditLog.call_id == call.id, AuditLog.action == "conflicts.detect").limit(1)),
        # Classified (涉密) applications are reviewed offline: no panel is expected for them.
        "offline": _count_of(select(Application.id).where(
            Application.call_id == call.id, Application.classified.is_(True),
            Application.status != "ineligible")),
    }
    row = db.session.execute(select(*(value.label(key) for key, value in counts.items())))
    return {key: int(value or 0) for key, value in row.one()._mapping.items()}


def pipeline_stages(call: Call) -> list[Stage]:
    """The stepper's stages with their state and counts, derived from the stored rows."""
    counts = pipeline_counts(call)
    applications, experts = counts["applications"], counts["experts"]
    verdicts = {key: counts[key] for key in ("eligible", "flagged", "ineligible")}
    checked = sum(verdicts.values())
    ineligible = verdicts["ineligible"]
    to_review = applications - ineligible
    conflicts, pairs, covered_apps = counts["conflicts"], counts["pairs"], counts["covered"]
    submitted, scored_apps = counts["submitted"], counts["scored"]
    decisions, audit_rows = counts["decisions"], counts["audit"]
    detected = bool(counts["detected"])
    offline = counts["offline"]
    assignment_state, assignment_summary = _assignment_stage(
        _last_run(call.id), pairs, covered_apps, max(to_review - offline, 1))

    if checked == 0:
        eligibility_state = NOT_STARTED
    elif ineligible or verdicts["flagged"] or checked < applications:
        eligibility_state = ATTENTION
    else:
        eligibility_state = DONE
    return [
        Stage("import", _l("Import"), "staff.call_overview",
              DONE if applications else NOT_STARTED,
              _l("%(apps)d applications · %(experts)d experts",
                 apps=applications, experts=experts)),
        Stage("eligibility", _l("Eligibility"), "staff.eligibility", eligibility_state,
              _l("%(ok)d eligible · %(bad)d ineligible · %(flag)d flagged",
                 ok=verdicts["eligible"], bad=ineligible, flag=verdicts["flagged"])
              if checked else ""),
        Stage("conflicts", _l("Conflicts & affinity"), "staff.conflicts",
              DONE if detected or conflicts else NOT_STARTED,
              _l("%(count)d excluded pairs", count=conflicts) if detected or conflicts else ""),
        Stage("assignment", _l("Assignment"), "staff.assignment",
              assignment_state, assignment_summary),
        Stage("progress", _l("Review progress"), "staff.progress",
              _stage_state(submitted, max(pairs, 1)),
              _l("%(done)d of %(total)d reviews submitted", done=submitted, total=pairs)
              if pairs else ""),
        Stage("results", _l("Results & ranking"), "staff.results",
              _stage_state(scored_apps, max(to_review, 1)),
              _l("%(count)d of %(total)d applications rankable",
                 count=scored_apps, total=to_review) if scored_apps else ""),
        Stage("decisions", _l("Decisions"), "staff.decisions",
              _stage_state(decisions, max(to_review, 1)),
              _l("%(count)d decided", count=decisions) if decisions else ""),
        Stage("audit", _l("Audit"), "staff.audit", NOT_STARTED,
              _l("%(count)d entries", count=audit_rows), pipeline=False),
        Stage("settings", _l("Settings"), "staff.call_settings", NOT_STARTED, "", pipeline=False),
    ]


@dataclass(frozen=True)
class ApplicationDetail:
    """Everything the application page shows beside the application's own fields."""

    units: tuple[tuple[str, Unit], ...]  # (role, unit), lead first
    eligibility: tuple[EligibilityResult, ...]
    conflicts: tuple[tuple[Conflict, Expert], ...]
    assignments: tuple[tuple[Assignment, Expert, Review | None], ...]


def find_application(call: Call, app_id: str) -> Application | None:
    """The call's application with this workbook code, if any."""
    return db.session.scalar(
        select(Application).where(Application.call_id == call.id, Application.app_id == app_id)
    )


def application_detail(application: Application) -> ApplicationDetail:
    """Units by role, eligibility verdicts, conflicts and assignments of one application."""
    role_order = case({"lead": 0, "partner": 1, "participant": 2}, value=ApplicationUnit.role)
    units = db.session.execute(
        select(ApplicationUnit.role, Unit)
        .join(Unit, Unit.id == ApplicationUnit.unit_id)
        .where(ApplicationUnit.application_id == application.id)
        .order_by(role_order, Unit.unit_id)
    ).tuples()
    results = db.session.scalars(
        select(EligibilityResult)
        .where(EligibilityResult.application_id == application.id)
        .order_by(EligibilityResult.rule_id)
    )
    conflicts = db.session.execute(
        select(Conflict, Expert).join(Expert, Expert.id == Conflict.expert_id)
        .where(Conflict.application_id == application.id)
        .order_by(Expert.expert_id, Conflict.rule_id)
    ).tuples()
    assignments = db.session.execute(
        select(Assignment, Expert, Review)
        .join(Expert, Expert.id == Assignment.expert_id)
        .outerjoin(Review, Review.assignment_id == Assignment.id)
        .where(Assignment.application_id == application.id)
        .order_by(Assignment.round, Expert.expert_id)
    ).tuples()
    return ApplicationDetail(
        units=tuple(units), eligibility=tuple(results),
        conflicts=tuple(conflicts), assignments=tuple(assignments),
    )


def set_track_budgets(call: Call, budgets: dict[str, int | None], user: Any,
                      reason: str) -> bool:
    """Store each track's budget (integer yuan, None to unset), audited; False if unchanged."""
    names = {t.track_id: t.name for t in call.call_settings().tracks}
    rows = {row.track_id: row for row in call.tracks}
    before = {track_id: row.budget_yuan for track_id, row in rows.items()}
    changed: dict[str, int | None] = {}
    for track_id, budget in budgets.items():
        row = rows.get(track_id)
        if row is None:
            row = CallTrack(track_id=track_id, name=names.get(track_id, track_id))
            call.tracks.append(row)
        if row.budget_yuan != budget:
            row.budget_yuan = budget
            changed[track_id] = budget
    if not changed:
        db.session.rollback()
        return False
    record_audit(
        user, "set_track_budgets", "call", call.id,
        before={k: before.get(k) for k in changed}, after=changed,
        reason=reason, call_id=call.id,
    )
    db.session.commit()
    return True
