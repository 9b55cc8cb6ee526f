"""Staff view: set or clear one application's number of experts (评审专家人数), with a reason."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from reviewapp.auth.permissions import role_required
from reviewapp.extensions import db
from reviewapp.form_values import filled
from reviewapp.models import Call
from reviewapp.models.application import REVIEWERS_MAX, REVIEWERS_MIN
from reviewapp.services.panel_size import set_reviewers_override
from reviewapp.staff import bp
from reviewapp.staff.common import application_or_404
from reviewapp.staff.forms_panel_size import PanelSizeForm


@bp.route("/calls/<int:call_id>/applications/<app_id>/panel-size", methods=["POST"],
          endpoint="application_panel_size")
@role_required("staff")
def panel_size(call_id: int, app_id: str) -> Response:
    """Store the application's number of experts, or clear it, then show the detail page."""
    application_or_404(db.get_or_404(Call, call_id), app_id)
    back = url_for("staff.application_detail", call_id=call_id, app_id=app_id,
                   _anchor="panel-size")
    form = PanelSizeForm()
    if not form.validate_on_submit():
        flash(_("Give a number of experts from %(low)d to %(high)d, or leave it empty, "
                "and a reason.", low=REVIEWERS_MIN, high=REVIEWERS_MAX), "error")
        return redirect(back)
    value = form.reviewers.data
    set_reviewers_override(call_id, app_id, value, filled(form.reason.data), current_user)
    if value is None:
        flash(_("%(app)s now takes the run's K experts.", app=app_id), "success")
    else:
        flash(_("%(app)s will get %(count)d experts.", app=app_id, count=value), "success")
    return redirect(back)
