"""Staff view of experts' loads (评审数): limits and load per expert, set one by one or in bulk."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from reviewapp.auth.permissions import role_required
from reviewapp.extensions import db
from reviewapp.models import Call
from reviewapp.services.assignment_current import current_run
from reviewapp.services.assignment_loads import (
    UNLIMITED,
    LoadError,
    set_expert_load,
    set_loads_in_bulk,
)
from reviewapp.services.assignment_results import load_page
from reviewapp.staff import bp
from reviewapp.staff.common import page_number
from reviewapp.staff.forms_assignment import SCOPE_LABELS, BulkLoadForm, ExpertLoadForm


def render_page(call: Call, bulk: BulkLoadForm, status: int = 200) -> tuple[str, int]:
    """The loads table of the current run with the per-expert and bulk forms."""
    run = current_run(call.id)
    text = request.args.get("q", "").strip()[:64]
    shown = load_page(call.id, run, text, page_number(request.args))
    return render_template(
        "staff/assignment_loads.html", call=call, current_stage="assignment", run=run,
        rows=shown.rows, total=shown.total, page=shown.page, pages=shown.pages,
        filters={"q": text} if text else {}, bulk=bulk,
        row_form=ExpertLoadForm(formdata=None), scope_labels=SCOPE_LABELS), status


@bp.route("/calls/<int:call_id>/assignment/loads", endpoint="assignment_loads")
@role_required("staff")
def loads_page(call_id: int) -> tuple[str, int]:
    """Every expert's minimum, maximum and load in the current run."""
    return render_page(db.get_or_404(Call, call_id), BulkLoadForm(formdata=None))


@bp.route("/calls/<int:call_id>/assignment/loads", methods=["POST"],
          endpoint="assignment_loads_bulk")
@role_required("staff")
def loads_bulk(call_id: int) -> Response | tuple[str, int]:
    """Set the minimum and/or maximum load of a group of experts at once."""
    call = db.get_or_404(Call, call_id)
    form = BulkLoadForm()
    if not form.validate_on_submit() or (
            form.min_load.data is None and form.max_load.data is None
            and not form.unlimited.data):
        flash(_("Nothing was changed: give a minimum or a maximum from 0 to 500."), "error")
        return render_page(call, form, 400)
    maximum = UNLIMITED if form.unlimited.data else form.max_load.data
    try:
        changed = set_loads_in_bulk(call_id, form.scope.data, form.min_load.data, maximum,
                                    current_user)
    except LoadError as error:
        flash(_("Nothing was changed: %(why)s", why=str(error)), "error")
        return render_page(call, form, 400)
    flash(_("Loads changed for %(count)d experts.", count=changed), "success")
    return redirect(url_for("staff.assignment_loads", call_id=call_id))


@bp.route("/calls/<int:call_id>/assignment/loads/<expert_id>", methods=["POST"],
          endpoint="assignment_load_expert")
@role_required("staff")
def load_expert(call_id: int, expert_id: str) -> Response:
    """Set one expert's minimum and maximum load."""
    db.get_or_404(Call, call_id)
    form = ExpertLoadForm()
    back = url_for("staff.assignment_loads", call_id=call_id, q=expert_id)
    if not form.validate_on_submit():
        flash(_("%(expert)s: loads must be whole numbers from 0 to 500.", expert=expert_id),
              "error")
        return redirect(back)
    try:
        set_expert_load(call_id, expert_id, form.min_load.data or 0, form.max_load.data,
                        current_user)
    except LoadError as error:
        flash(_("Nothing was changed: %(why)s", why=str(error)), "error")
        return redirect(back)
    flash(_("%(expert)s: loads saved.", expert=expert_id), "success")
    return redirect(back)
