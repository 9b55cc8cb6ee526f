"""Reads behind the eligibility report: counts, one filtered page, and export rows, in SQL.

Counting and filtering run in the database over the stored results; only the rows of the
page asked for (or, for an export, the rows selected) are loaded, as plain columns.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, not_, or_, select

from reviewapp.eligibility import RULES
from reviewapp.eligibility.report import EligibilityRow, RuleCount, StoredOutcome
from reviewapp.extensions import db
from reviewapp.models import Application, EligibilityResult, Unit, User
from reviewapp.services.listing import RowsPage, contains_any, page_of

STATUSES = ("eligible", "flagged", "ineligible", "unchecked")


@dataclass(frozen=True)
class ReportFilters:
    """What the report's table is narrowed to ('' = any); `verdict` applies with `rule`."""

    status: str = ""
    rule: str = ""
    verdict: str = ""
    track: str = ""
    search: str = ""


def effective_verdict() -> ColumnElement[str]:
    """SQL for a result's verdict after any staff override."""
    return func.coalesce(EligibilityResult.override_verdict, EligibilityResult.verdict)


def _result_exists(*where: ColumnElement[bool]) -> ColumnElement[bool]:
    """Whether the application (of the outer select) has a result matching `where`."""
    return exists().where(EligibilityResult.application_id == Application.id, *where)


def status_counts(call_id: int) -> dict[str, int]:
    """Applications per headline status, plus `overridden`: those with any override."""
    verdict = effective_verdict()
    per_app = (
        select(EligibilityResult.application_id.label("app"),
               func.max(case((verdict == "fail", 2), (verdict == "flag", 1), else_=0))
               .label("worst"),
               func.max(case((EligibilityResult.override_verdict.is_not(None), 1), else_=0))
               .label("overridden"))
        .group_by(EligibilityResult.application_id)
        .subquery()
    )
    status = case((per_app.c.worst == 2, "ineligible"), (per_app.c.worst == 1, "flagged"),
                  (per_app.c.worst == 0, "eligible"), else_="unchecked")
    rows = db.session.execute(
        select(status, func.count(), func.coalesce(func.sum(per_app.c.overridden), 0))
        .select_from(Application)
        .outerjoin(per_app, per_app.c.app == Application.id)
        .where(Application.call_id == call_id)
        .group_by(status)
    ).all()
    counts = {key: 0 for key in STATUSES}
    counts.update({key: count for key, count, _ in rows})
    counts["overridden"] = sum(int(overridden) for *_, overridden in rows)
    return counts


def rule_counts(call_id: int) -> list[RuleCount]:
    """Per rule of the table: fails and flags after overrides, and overrides made."""
    verdict = effective_verdict()
    found = {
        rule_id: (int(fail), int(flag), int(overridden))
        for rule_id, fail, flag, overridden in db.session.execute(
            select(EligibilityResult.rule_id,
                   func.sum(case((verdict == "fail", 1), else_=0)),
                   func.sum(case((verdict == "flag", 1), else_=0)),
                   func.sum(case((EligibilityResult.override_verdict.is_not(None), 1),
                                 else_=0)))
            .join(Application, Application.id == EligibilityResult.application_id)
            .where(Application.call_id == call_id)
            .group_by(EligibilityResult.rule_id)
        )
    }
    return [RuleCount(rule.rule_id, rule.kind, rule.message_zh, rule.message_en,
                      *found.get(rule.rule_id, (0, 0, 0))) for rule in RULES]


def _status_clause(status: str) -> ColumnElement[bool] | None:
    """WHERE clause of a headline status (or `overridden`) on Application rows."""
    verdict = effective_verdict()
    fails = _result_exists(verdict == "fail")
    flags = _result_exists(verdict == "flag")
    clauses = {
        "overridden": _result_exists(EligibilityResult.override_verdict.is_not(None)),
        "unchecked": not_(_result_exists()),
        "ineligible": fails,
        "flagged": and_(not_(fails), flags),
        "eligible": and_(_result_exists(), not_(fails), not_(flags)),
    }
    return clauses.get(status)


def filtered_ids(call_id: int, filters: ReportFilters) -> Select[tuple[int]]:
    """Row ids of the call's applications the filters select, in app_id order."""
    stmt = select(Application.id).where(Application.call_id == call_id)
    status = _status_clause(filters.status)
    if status is not None:
        stmt = stmt.where(status)
    if filters.rule:
        rule = [EligibilityResult.rule_id == filters.rule]
        if filters.verdict:
            rule.append(effective_verdict() == filters.verdict)
        stmt = stmt.where(_result_exists(*rule))
    if filters.track:
        stmt = stmt.where(Application.track == filters.track)
    search = contains_any(filters.search, Application.app_id, Application.title)
    if search is not None:
        stmt = stmt.where(search)
    return stmt.order_by(Application.app_id)


def load_rows(call_id: int, ids: Select[tuple[int]], *,
              shown_only: bool = False) -> list[EligibilityRow]:
    """The report rows of the applications `ids` selects, in app_id order.

    With `shown_only`, each row holds only the outcomes the report table shows (fails,
    flags and overrides: most stored outcomes are plain passes) and says whether any ran.
    """
    apps = db.session.execute(
        select(Application.id, Application.app_id, Application.title, Application.track,
               Application.lead_unit_id, _result_exists().label("ran"))
        .where(Application.id.in_(ids.scalar_subquery()))
        .order_by(Application.app_id)
    ).all()
    if not apps:
        return []
    app_ids = [row.id for row in apps]
    wanted: list[ColumnElement[bool]] = [EligibilityResult.application_id.in_(app_ids)]
    if shown_only:
        wanted.append(or_(EligibilityResult.verdict.in_(("fail", "flag")),
                          EligibilityResult.override_verdict.is_not(None)))
    outcomes: dict[int, list[StoredOutcome]] = defaultdict(list)
    results = db.session.execute(
        select(EligibilityResult.application_id, EligibilityResult.rule_id,
               EligibilityResult.verdict, EligibilityResult.evidence,
               EligibilityResult.message, EligibilityResult.override_verdict,
               EligibilityResult.override_reason,
               func.coalesce(func.nullif(User.display_name, ""), User.username),
               EligibilityResult.overridden_at)
        .outerjoin(User, User.id == EligibilityResult.overridden_by)
        .where(*wanted)
        .order_by(EligibilityResult.rule_id)
    ).all()
    for application_id, *values in results:
        outcomes[application_id].append(StoredOutcome(*values))
    leads = _lead_names(call_id, {row.lead_unit_id for row in apps})
    return [EligibilityRow(row.id, row.app_id, row.title, row.track,
                           leads.get(row.lead_unit_id, row.lead_unit_id),
                           tuple(outcomes.get(row.id, ())),
                           bool(row.ran) if shown_only else None) for row in apps]


def _lead_names(call_id: int, codes: set[str]) -> dict[str, str]:
    """Unit names of the call by workbook code, for these codes."""
    return dict(db.session.execute(
        select(Unit.unit_id, Unit.name).where(Unit.call_id == call_id, Unit.unit_id.in_(codes))
    ).tuples().all())


def report_page(call_id: int, filters: ReportFilters, page: int,
                per_page: int) -> RowsPage[EligibilityRow]:
    """The page `page` (clamped to the pages there are) of the rows the filters select."""
    return page_of(db.session, filtered_ids(call_id, filters), page, per_page,
                   lambda ids: load_rows(call_id, ids, shown_only=True))


def report_rows(call_id: int, filters: ReportFilters = ReportFilters()) -> list[EligibilityRow]:
    """Every row the filters select, in app_id order (exports and the command line)."""
    return load_rows(call_id, filtered_ids(call_id, filters))


def application_row(call_id: int, app_id: str) -> EligibilityRow | None:
    """One application's report row, or None when the call has no such application."""
    rows = load_rows(call_id, select(Application.id).where(
        Application.call_id == call_id, Application.app_id == app_id))
    return rows[0] if rows else None

