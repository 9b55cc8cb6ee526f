"""Staff view: set or clear one application's number of experts (评审专家人数), with a reason."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import IntegerField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from reviewapp.auth.permissions import role_required
from reviewapp.extensions import db
from reviewapp.models import Call
from reviewapp.models.application import REVIEWERS_MAX, REVIEWERS_MIN
from reviewapp.services.panel_size import set_reviewers_override
from reviewapp.staff import bp
from reviewapp.staff.common import application_or_404


class PanelSizeForm(FlaskForm):
    """A number of experts (empty: the run's K) and the required reason."""

    reviewers = IntegerField(
        _l("Number of experts"),
        validators=[Optional(), NumberRange(min=REVIEWERS_MIN, max=REVIEWERS_MAX)],
        description=_l("%(low)d to %(high)d; leave empty to use the run's K.",
                       low=REVIEWERS_MIN, high=REVIEWERS_MAX),
        render_kw={"min": REVIEWERS_MIN, "max": REVIEWERS_MAX, "inputmode": "numeric"},
    )
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=1000)])


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
    set_reviewers_override(call_id, app_id, value, form.reason.data, current_user)
    if value is None:
        flash(_("%(app)s now takes the run's K experts.", app=app_id), "success")
    else:
        flash(_("%(app)s will get %(count)d experts.", app=app_id, count=value), "success")
    return redirect(back)
