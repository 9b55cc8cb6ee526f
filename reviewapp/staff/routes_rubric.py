"""Staff view: the rubric editor (评分细则) — names, points, descriptions and scoring bands."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from reviewapp.auth.permissions import role_required
from reviewapp.extensions import db
from reviewapp.form_values import filled
from reviewapp.i18n import english
from reviewapp.models import Call
from reviewapp.services.call_settings import counted_review_count, update_call_settings
from reviewapp.services.call_settings_checks import SettingsError
from reviewapp.staff import bp
from reviewapp.staff.forms_rubric import RubricForm, rubric_form_data, rubric_from_form


@bp.route("/calls/<int:call_id>/rubric", methods=["GET", "POST"], endpoint="rubric")
@role_required("staff")
def rubric_page(call_id: int) -> str | Response | tuple[str, int]:
    """GET: the rubric as a form; POST: store it with a reason, unless a review is submitted.

    Once a review is submitted the indicators are shown read-only; the review deadline
    and the minimum comment length stay editable.
    """
    call = db.get_or_404(Call, call_id)
    current = call.call_settings()
    locked = counted_review_count(call.id) > 0
    form = RubricForm()
    if not form.is_submitted():
        form = RubricForm(data=rubric_form_data(current))
        return render_template("staff/rubric.html", call=call, form=form, locked=locked,
                               settings=current, current_stage="settings", problems=[])
    if not form.validate():
        return render_template("staff/rubric.html", call=call, form=form, locked=locked,
                               settings=current, current_stage="settings",
                               problems=[_("Correct the marked boxes and save again.")]), 400
    wanted = rubric_from_form(form, current)
    if locked:  # the indicators stay as the submitted reviews were scored
        wanted = type(current)(**{**wanted.__dict__, "rubric": current.rubric})
    try:
        update_call_settings(call.id, wanted, filled(form.reason.data), current_user)
    except SettingsError as error:
        problems = [i.message_en if english() else i.message_zh for i in error.issues]
        return render_template("staff/rubric.html", call=call, form=form, locked=locked,
                               settings=current, current_stage="settings",
                               problems=problems), 400
    flash(_("Rubric saved."), "success")
    return redirect(url_for("staff.rubric", call_id=call.id), code=303)
