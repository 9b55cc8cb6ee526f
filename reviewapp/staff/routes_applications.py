"""Staff views: a call's applications as a filterable table, its export, and one application."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wrappers import Response

from reviewapp.auth.permissions import role_required
from reviewapp.extensions import db
from reviewapp.i18n import english
from reviewapp.models import Call
from reviewapp.services import call_overview, call_tables, listing
from reviewapp.staff import bp
from reviewapp.staff.common import application_or_404, xlsx_response
from reviewapp.staff.forms_flags import ApplicationFlagsForm
from reviewapp.staff.forms_panel_size import PanelSizeForm

# Stored codes of the detail page's tables and the words staff read for them.
CODE_LABELS = {
    "pass": _l("pass"), "fail": _l("fail"), "flag": _l("flag"), "na": _l("not applicable"),
    "detected": _l("detected"), "declared": _l("declared by the expert"),
    "staff_added": _l("added by staff"), "staff_removed": _l("lifted by staff"),
    "assigned": _l("assigned"), "accepted": _l("accepted"), "declined": _l("declined"),
    "recused": _l("recused"), "done": _l("done"),
    "draft": _l("draft"), "submitted": _l("submitted"), "locked": _l("locked"),
}


@bp.route("/calls/<int:call_id>/applications", endpoint="applications")
@role_required("staff")
def applications(call_id: int) -> str | Response:
    """The call's applications: filter, search, sort, page, or export what is shown."""
    call = db.get_or_404(Call, call_id)
    spec = call_tables.table_spec(call, "applications")
    query = listing.parse_query(request.args, spec)
    if request.args.get("export") == "xlsx":
        data = call_tables.table_xlsx(call, "applications", spec, query, yes=_("Yes"),
                                      no=_("No"))
        return xlsx_response(data, f"call-{call.id}-applications.xlsx")
    page = call_tables.table_page(call, "applications", spec, query)
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
        labels=CODE_LABELS, current_stage="import", english=english(),
        panel_form=PanelSizeForm(formdata=None, reviewers=application.reviewers_override),
        flags_form=ApplicationFlagsForm(formdata=None, obj=application),
    )
