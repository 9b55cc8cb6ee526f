"""Staff view: set one application's priority flags (同等条件下优先) and 涉密, with a reason."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from reviewapp.auth.permissions import role_required
from reviewapp.extensions import db
from reviewapp.form_values import filled
from reviewapp.i18n import english
from reviewapp.models import Call
from reviewapp.services.decisions import DecisionRefused, set_priority_flags
from reviewapp.staff import bp
from reviewapp.staff.common import application_or_404
from reviewapp.staff.forms_flags import FLAG_NAMES, ApplicationFlagsForm


@bp.route("/calls/<int:call_id>/applications/<app_id>/flags", methods=["POST"],
          endpoint="application_flags")
@role_required("staff")
def application_flags(call_id: int, app_id: str) -> Response:
    """Store the application's flags with the reason, then show the detail page again."""
    application_or_404(db.get_or_404(Call, call_id), app_id)
    back = url_for("staff.application_detail", call_id=call_id, app_id=app_id,
                   _anchor="priority-flags")
    form = ApplicationFlagsForm()
    if not form.validate_on_submit():
        flash(_("Flags not saved: give the reason for the change."), "error")
        return redirect(back)
    try:
        changed = set_priority_flags(call_id, app_id, current_user,
                                     {name: bool(form[name].data) for name in FLAG_NAMES},
                                     reason=filled(form.reason.data))
    except DecisionRefused as error:
        flash(error.in_language(english()), "error")
        return redirect(back)
    if changed:
        flash(_("Flags of %(app)s saved.", app=app_id), "success")
    else:
        flash(_("Nothing was changed."), "info")
    return redirect(back)
