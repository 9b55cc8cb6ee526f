"""Staff views: a call's units and its expert pool, as filterable, exportable tables."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from werkzeug.wrappers import Response

from reviewapp.auth.permissions import role_required
from reviewapp.call_settings_model import TITLES, UNIT_TYPES
from reviewapp.extensions import db
from reviewapp.models import ApplicationUnit, Call, Expert, Unit
from reviewapp.services import call_overview, listing
from reviewapp.services.listing import Choice, ChoiceFilter, Column, TableSpec
from reviewapp.staff import bp
from reviewapp.staff.common import xlsx_response


def where_filter(province_expr, home: str) -> ChoiceFilter:
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


def table_page(call: Call, spec: TableSpec, stmt, name: str, title: str) -> str | Response:
    """Render one page of a pool table, or its .xlsx export when asked."""
    query = listing.parse_query(request.args, spec)
    if request.args.get("export") == "xlsx":
        rows = listing.export_rows(db.session, stmt, spec, query)
        data = listing.write_xlsx(spec.columns, rows, [str(c.label) for c in spec.columns],
                                  sheet=name, yes=_("Yes"), no=_("No"))
        return xlsx_response(data, f"call-{call.id}-{name}.xlsx")
    page = listing.fetch_page(db.session, stmt, spec, query)
    return render_template(f"staff/{name}.html",
                           call=call, spec=spec, query=query, page=page, title=title,
                           current_stage="import")


@bp.route("/calls/<int:call_id>/units", endpoint="units")
@role_required("staff")
def units(call_id: int) -> str | Response:
    """The call's units: filter by type, province, in or outside the home province."""
    call = db.get_or_404(Call, call_id)
    spec = units_spec(call)
    stmt = listing.base_select(spec).where(Unit.call_id == call.id)
    return table_page(call, spec, stmt, "units", _("Units"))


@bp.route("/calls/<int:call_id>/experts", endpoint="experts")
@role_required("staff")
def experts(call_id: int) -> str | Response:
    """The call's expert pool: filter by direction, province, title, availability."""
    call = db.get_or_404(Call, call_id)
    spec = experts_spec(call)
    stmt = listing.base_select(spec).where(Expert.call_id == call.id)
    return table_page(call, spec, stmt, "experts", _("Experts"))
