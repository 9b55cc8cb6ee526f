"""Staff views: a call's applications as a filterable table, its export, and one application."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import aliased
from werkzeug.wrappers import Response

from reviewapp.auth.permissions import role_required
from reviewapp.call_settings_model import UNIT_TYPES
from reviewapp.extensions import db
from reviewapp.models import Application, Call, EligibilityResult, Unit
from reviewapp.services import call_overview, listing
from reviewapp.services.listing import Choice, ChoiceFilter, Column, MoneyRangeFilter, TableSpec
from reviewapp.staff import bp
from reviewapp.staff.common import application_or_404, xlsx_response
from reviewapp.staff.forms_panel_size import PanelSizeForm

# The lead unit, joined by its workbook code (the application keeps the code as given).
LEAD_UNIT = aliased(Unit, name="lead_unit")

VERDICT_LABELS = {
    "eligible": _l("Eligible"),
    "flagged": _l("Eligible, flagged"),
    "ineligible": _l("Ineligible"),
}
# Stored codes of the detail page's tables and the words staff read for them.
CODE_LABELS = {
    "pass": _l("pass"), "fail": _l("fail"), "flag": _l("flag"), "na": _l("not applicable"),
    "detected": _l("detected"), "declared": _l("declared by the expert"),
    "staff_added": _l("added by staff"), "staff_removed": _l("lifted by staff"),
    "assigned": _l("assigned"), "accepted": _l("accepted"), "declined": _l("declined"),
    "recused": _l("recused"), "done": _l("done"),
    "draft": _l("draft"), "submitted": _l("submitted"), "locked": _l("locked"),
}


def overall_verdict():
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
    filters = [
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


def applications_select(call: Call, spec: TableSpec):
    """The spec's columns over the call's applications, joined to their lead unit."""
    lead = LEAD_UNIT
    return (
        listing.base_select(spec)
        .select_from(Application)
        .outerjoin(lead, and_(lead.call_id == Application.call_id,
                              lead.unit_id == Application.lead_unit_id))
        .where(Application.call_id == call.id)
    )


@bp.route("/calls/<int:call_id>/applications", endpoint="applications")
@role_required("staff")
def applications(call_id: int) -> str | Response:
    """The call's applications: filter, search, sort, page, or export what is shown."""
    call = db.get_or_404(Call, call_id)
    spec = applications_spec(call)
    query = listing.parse_query(request.args, spec)
    stmt = applications_select(call, spec)
    if request.args.get("export") == "xlsx":
        rows = listing.export_rows(db.session, stmt, spec, query)
        data = listing.write_xlsx(spec.columns, rows, [str(c.label) for c in spec.columns],
                                  sheet="applications", yes=_("Yes"), no=_("No"))
        return xlsx_response(data, f"call-{call.id}-applications.xlsx")
    page = listing.fetch_page(db.session, stmt, spec, query)
    return render_template("staff/applications.html", call=call, spec=spec, query=query,
                           page=page, current_stage="import")


@bp.route("/calls/<int:call_id>/applications/<app_id>", endpoint="application_detail")
@role_required("staff")
def application_detail(call_id: int, app_id: str) -> str:
    """One application: every field grouped, plus verdicts, conflicts and assignments."""
    call = db.get_or_404(Call, call_id)
    application = application_or_404(call, app_id)
    return render_template(
        "staff/applications_detail.html", call=call, application=application,
        detail=call_overview.application_detail(application),
        track_names={t.track_id: t.name for t in call.call_settings().tracks},
        labels=CODE_LABELS, current_stage="import",
        panel_form=PanelSizeForm(formdata=None, reviewers=application.reviewers_override),
    )
