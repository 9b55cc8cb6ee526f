"""Staff views: a call's units and its expert pool, as filterable, exportable tables."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from reviewapp.auth.permissions import role_required
from reviewapp.extensions import db
from reviewapp.models import Call
from reviewapp.services import call_tables, listing
from reviewapp.staff import bp
from reviewapp.staff.common import xlsx_response


def table_page(call: Call, name: str, title: str) -> str | Response:
    """Render one page of a pool table, or its .xlsx export when asked."""
    spec = call_tables.table_spec(call, name)
    query = listing.parse_query(request.args, spec)
    if request.args.get("export") == "xlsx":
        data = call_tables.table_xlsx(call, name, spec, query, yes=_("Yes"), no=_("No"))
        return xlsx_response(data, f"call-{call.id}-{name}.xlsx")
    page = call_tables.table_page(call, name, spec, query)
    return render_template(f"staff/{name}.html",
                           call=call, spec=spec, query=query, page=page, title=title,
                           current_stage="import")


@bp.route("/calls/<int:call_id>/units", endpoint="units")
@role_required("staff")
def units(call_id: int) -> str | Response:
    """The call's units: filter by type, province, in or outside the home province."""
    return table_page(db.get_or_404(Call, call_id), "units", _("Units"))


@bp.route("/calls/<int:call_id>/experts", endpoint="experts")
@role_required("staff")
def experts(call_id: int) -> str | Response:
    """The call's expert pool: filter by direction, province, title, availability."""
    return table_page(db.get_or_404(Call, call_id), "experts", _("Experts"))
