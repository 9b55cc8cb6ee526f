"""Staff tables: the list of calls, and a call's applications, units and experts (specs,
pages and exports).

Each table is a `listing.TableSpec` over one select; filtering, search, sorting and paging
run in SQL through `reviewapp.services.listing`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, case, func, select
from sqlalchemy.orm import aliased

from reviewapp.call_settings_model import TITLES, UNIT_TYPES
from reviewapp.extensions import db
from reviewapp.models import Application, ApplicationUnit, Call, EligibilityResult, Expert, Unit
from reviewapp.services import call_overview, listing
from reviewapp.services.listing import (
    Choice,
    ChoiceFilter,
    Column,
    ListQuery,
    MoneyRangeFilter,
    Page,
    TableSpec,
)


@dataclass(frozen=True)
class CallList:
    """Every call, newest first, with its application and expert counts by call id."""

    calls: list[Call]
    applications: dict[int, int]
    experts: dict[int, int]


def _count_by_call(model: type[Application] | type[Expert]) -> dict[int, int]:
    """How many rows of `model` each call holds."""
    rows = db.session.execute(select(model.call_id, func.count()).group_by(model.call_id))
    return {call_id: count for call_id, count in rows}


def call_list(*, archived: bool = False) -> CallList:
    """The calls in use (or the archived ones), newest first, with their counts."""
    shown = Call.archived_at.is_not(None) if archived else Call.archived_at.is_(None)
    calls = db.session.scalars(
        select(Call).where(shown).order_by(Call.created_at.desc(), Call.id.desc()))
    return CallList(list(calls), _count_by_call(Application), _count_by_call(Expert))


# The lead unit, joined by its workbook code (the application keeps the code as given).
LEAD_UNIT = aliased(Unit, name="lead_unit")

VERDICT_LABELS = {
    "eligible": _l("Eligible"),
    "flagged": _l("Eligible, flagged"),
    "ineligible": _l("Ineligible"),
}
def overall_verdict() -> Any:
    """SQL for an application's overall verdict: its worst rule result, None when unchecked."""
    verdict = call_overview.effective_verdict()
    worst = (
        select(func.max(case((verdict == "fail", 2), (verdict == "flag", 1), else_=0)))
        .where(EligibilityResult.application_id == Application.id)
        .correlate(Application)
        .scalar_subquery()
    )
    return case((worst == 2, "ineligible"), (worst == 1, "flagged"), (worst == 0, "eligible"),
                else_=None)


def applications_spec(call: Call) -> TableSpec:
    """The applications table: columns, filters (verdict only once checked) and search."""
    settings = call.call_settings()
    lead = LEAD_UNIT
    verdict = overall_verdict()
    columns = [
        Column("app_id", _l("Application ID"), Application.app_id,
               link="staff.application_detail", link_arg="app_id"),
        Column("title", _l("Project title"), Application.title),
        Column("track", _l("Track"), Application.track),
        Column("direction", _l("Direction"), Application.direction),
        Column("lead_unit", _l("Lead unit"), lead.name),
        Column("lead_unit_type", _l("Unit type"), lead.unit_type),
        Column("pi_name", _l("PI"), Application.pi_name),
        Column("requested_yuan", _l("Requested (10k yuan)"), Application.requested_yuan,
               kind="money"),
    ]
    filters: list[ChoiceFilter | MoneyRangeFilter] = [
        ChoiceFilter("track", _l("Track"), tuple(
            Choice(t.track_id, f"{t.track_id} {t.name}", Application.track == t.track_id)
            for t in settings.tracks)),
        ChoiceFilter("direction", _l("Direction"), tuple(
            Choice(d, d, Application.direction == d) for d in settings.directions)),
        ChoiceFilter("unit_type", _l("Lead unit type"), tuple(
            Choice(t, t, lead.unit_type == t) for t in UNIT_TYPES)),
        MoneyRangeFilter("requested", _l("Requested (10k yuan)"), Application.requested_yuan),
    ]
    if call_overview.eligibility_checked(call.id):
        columns.append(Column("verdict", _l("Eligibility"), verdict, labels=VERDICT_LABELS))
        filters.append(ChoiceFilter("verdict", _l("Eligibility"), tuple(
            Choice(key, label, verdict == key) for key, label in VERDICT_LABELS.items())))
    return TableSpec(
        columns=tuple(columns),
        filters=tuple(filters),
        search=(Application.app_id, Application.title, Application.pi_name, lead.name),
        default_sort="app_id",
    )


def applications_select(call: Call, spec: TableSpec) -> Select[Any]:
    """The spec's columns over the call's applications, joined to their lead unit."""
    lead = LEAD_UNIT
    return (
        listing.base_select(spec)
        .select_from(Application)
        .outerjoin(lead, and_(lead.call_id == Application.call_id,
                              lead.unit_id == Application.lead_unit_id))
        .where(Application.call_id == call.id)
    )


def where_filter(province_expr: Any, home: str) -> ChoiceFilter:
    """In or outside the call's home province (新疆)."""
    return ChoiceFilter("where", _l("Location"), (
        Choice("home", _l("In %(province)s", province=home), province_expr == home),
        Choice("outside", _l("Outside %(province)s", province=home), province_expr != home),
    ))


def units_spec(call: Call) -> TableSpec:
    """The units table with the number of applications each unit takes part in."""
    taking_part = (
        select(func.count()).where(ApplicationUnit.unit_id == Unit.id)
        .correlate(Unit).scalar_subquery()
    )
    provinces = listing.distinct_values(db.session, Unit.province, Unit.call_id == call.id)
    return TableSpec(
        columns=(
            # The code opens the unit's fix page (修改数据).
            Column("unit_id", _l("Unit ID"), Unit.unit_id, link="staff.unit_edit",
                   link_arg="unit_id"),
            Column("name", _l("Name"), Unit.name),
            Column("unit_type", _l("Unit type"), Unit.unit_type),
            Column("province", _l("Province"), Unit.province),
            Column("legal_person", _l("Independent legal person"), Unit.legal_person,
                   kind="bool"),
            Column("blacklisted_until", _l("On a credit blacklist until"),
                   Unit.blacklisted_until, kind="date"),
            Column("credit_code", _l("Credit code"), Unit.credit_code),
            Column("applications", _l("Applications"), taking_part, kind="int"),
        ),
        filters=(
            ChoiceFilter("unit_type", _l("Unit type"), tuple(
                Choice(t, t, Unit.unit_type == t) for t in UNIT_TYPES)),
            ChoiceFilter("province", _l("Province"), tuple(
                Choice(p, p, Unit.province == p) for p in provinces)),
            where_filter(Unit.province, call_overview.home_province(call)),
        ),
        search=(Unit.unit_id, Unit.name, Unit.credit_code),
        default_sort="unit_id",
    )


def experts_spec(call: Call) -> TableSpec:
    """The expert pool table."""
    settings = call.call_settings()
    provinces = listing.distinct_values(db.session, Expert.province, Expert.call_id == call.id)
    return TableSpec(
        columns=(
            Column("expert_id", _l("Expert ID"), Expert.expert_id),
            Column("name", _l("Full name"), Expert.name),
            Column("unit_name", _l("Unit"), Expert.unit_name),
            Column("province", _l("Province"), Expert.province),
            Column("title", _l("Professional title"), Expert.title),
            Column("directions", _l("Directions"), Expert.directions, kind="list",
                   sortable=False),
            Column("max_load", _l("Maximum load"), Expert.max_load, kind="int"),
            Column("available", _l("Available"), Expert.available, kind="bool"),
        ),
        filters=(
            ChoiceFilter("direction", _l("Direction"), tuple(
                Choice(d, d, listing.json_list_has(Expert.directions, d))
                for d in settings.directions)),
            ChoiceFilter("province", _l("Province"), tuple(
                Choice(p, p, Expert.province == p) for p in provinces)),
            where_filter(Expert.province, call_overview.home_province(call)),
            ChoiceFilter("title", _l("Professional title"), tuple(
                Choice(t, t, Expert.title == t) for t in TITLES)),
            ChoiceFilter("available", _l("Available"), (
                Choice("yes", _l("Yes"), Expert.available.is_(True)),
                Choice("no", _l("No"), Expert.available.is_(False)),
            )),
        ),
        search=(Expert.expert_id, Expert.name, Expert.unit_name),
        default_sort="expert_id",
    )


def units_select(call: Call, spec: TableSpec) -> Select[Any]:
    """The spec's columns over the call's units."""
    return listing.base_select(spec).where(Unit.call_id == call.id)


def experts_select(call: Call, spec: TableSpec) -> Select[Any]:
    """The spec's columns over the call's experts."""
    return listing.base_select(spec).where(Expert.call_id == call.id)


TABLES: dict[str, tuple[Callable[[Call], TableSpec], Callable[[Call, TableSpec], Select[Any]]]] = {
    "applications": (applications_spec, applications_select),
    "units": (units_spec, units_select),
    "experts": (experts_spec, experts_select),
}


def table_spec(call: Call, table: str) -> TableSpec:
    """The spec of one of the call's tables (a key of TABLES)."""
    return TABLES[table][0](call)


def table_page(call: Call, table: str, spec: TableSpec, query: ListQuery) -> Page:
    """The page of the table the query asks for."""
    return listing.fetch_page(db.session, TABLES[table][1](call, spec), spec, query)


def table_xlsx(call: Call, table: str, spec: TableSpec, query: ListQuery, *, yes: str,
               no: str) -> bytes:
    """Every row the query selects, in the order shown, as an .xlsx workbook."""
    rows = listing.export_rows(db.session, TABLES[table][1](call, spec), spec, query)
    return listing.write_xlsx(spec.columns, rows, [str(c.label) for c in spec.columns],
                              sheet=table, yes=yes, no=no)
