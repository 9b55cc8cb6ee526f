"""Staff views: archive a call (staff) or delete it (admin), each with a reason."""

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
from reviewapp.services.call_lifecycle import (
    CallLifecycleError,
    archive_call,
    delete_call,
)
from reviewapp.staff import bp
from reviewapp.staff.forms_call import ReasonForm


def _refused(error: CallLifecycleError) -> None:
    """Flash why the service refused."""
    flash(error.message_en if english() else error.message_zh, "error")


@bp.route("/calls/<int:call_id>/archive", methods=["POST"])
@role_required("staff")
def call_archive(call_id: int) -> Response:
    """Archive the call, or bring it back (`restore=1`), with a reason; back to the list."""
    db.get_or_404(Call, call_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_("Give a reason to archive or restore a call."), "error")
        return redirect(url_for("staff.calls"))
    try:
        call = archive_call(call_id, filled(form.reason.data), current_user,
                            archived=not form.restore.data)
    except CallLifecycleError as error:
        _refused(error)
    else:
        flash(_("Call %(id)s archived.", id=call.id) if call.archived_at
              else _("Call %(id)s restored.", id=call.id), "success")
    return redirect(url_for("staff.calls"))


@bp.route("/calls/<int:call_id>/delete", methods=["POST"])
@role_required("admin")
def call_delete(call_id: int) -> Response:
    """Delete the call and all its data, with a reason (admins only)."""
    db.get_or_404(Call, call_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_("Give a reason to delete a call."), "error")
        return redirect(url_for("staff.calls"))
    try:
        facts = delete_call(call_id, filled(form.reason.data), current_user)
    except CallLifecycleError as error:
        _refused(error)
    else:
        flash(_("Call %(id)s 「%(name)s」 deleted.", id=call_id, name=facts["name"]), "success")
    return redirect(url_for("staff.calls"))
