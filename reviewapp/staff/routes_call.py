"""Staff views: a call's overview (counts, charts, budgets) with the pipeline stepper."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import DecimalField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from reviewapp.auth.permissions import role_required
from reviewapp.charts import Bar
from reviewapp.extensions import db
from reviewapp.form_values import filled
from reviewapp.models import Call
from reviewapp.money import wan_to_yuan, yuan_to_wan
from reviewapp.services import call_overview
from reviewapp.staff import bp

# No track of a provincial call comes near 100 亿元 (1,000,000 万元).
MAX_BUDGET_WAN = 1_000_000


class BudgetForm(FlaskForm):
    """Budgets per track in 万元; fields are added per call by `budget_form`."""

    reason = TextAreaField(_l("Reason for the change"),
                           validators=[DataRequired(), Length(max=500)])


def budget_field_name(track_id: str) -> str:
    """The form field holding one track's budget."""
    return f"budget_{track_id}"


def budget_form(call: Call, budgets: dict[str, int | None]) -> BudgetForm:
    """A budget form with one 万元 field per track, prefilled with the stored budgets."""

    class CallBudgetForm(BudgetForm):
        """The budget form of this call's tracks."""

    for track in call.call_settings().tracks:
        field = DecimalField(
            f"{track.track_id} {track.name}", places=2,
            validators=[Optional(), NumberRange(min=0, max=MAX_BUDGET_WAN)],
        )
        setattr(CallBudgetForm, budget_field_name(track.track_id), field)
    form = CallBudgetForm()
    if not form.is_submitted():
        for track_id, yuan in budgets.items():
            box = getattr(form, budget_field_name(track_id), None)
            if box is not None and yuan is not None:
                box.data = yuan_to_wan(yuan)
    return form


def render_overview(call: Call, form: BudgetForm) -> str:
    """The overview page with the given budget form (fresh or with its errors)."""
    overview = call_overview.call_overview(call)
    track_bars = [
        Bar(f"{t.track_id} {t.name}", t.applications,
            href=url_for("staff.applications", call_id=call.id, track=t.track_id))
        for t in overview.tracks
    ]
    direction_bars = [
        Bar(direction, count,
            href=url_for("staff.applications", call_id=call.id, direction=direction))
        for direction, count in overview.directions
    ]
    return render_template(
        "staff/call_overview.html",
        call=call,
        overview=overview,
        track_bars=track_bars,
        direction_bars=direction_bars,
        home_province=call_overview.home_province(call),
        form=form,
        track_fields=[budget_field_name(t.track_id) for t in call.call_settings().tracks],
    )


@bp.route("/calls/<int:call_id>", endpoint="call_overview")
@role_required("staff")
def overview(call_id: int) -> str:
    """A call's overview: counts per track and direction, budgets, pool sizes."""
    call = db.get_or_404(Call, call_id)
    return render_overview(call, budget_form(call, call_overview.track_budgets(call)))


@bp.route("/calls/<int:call_id>/budgets", methods=["POST"], endpoint="call_budgets")
@role_required("staff")
def set_budgets(call_id: int) -> Response | tuple[str, int]:
    """Save the track budgets typed in 万元, with the reason, into the audit log."""
    call = db.get_or_404(Call, call_id)
    form = budget_form(call, call_overview.track_budgets(call))
    if not form.validate_on_submit():
        return render_overview(call, form), 400
    budgets = {
        track.track_id: wan_to_yuan(getattr(form, budget_field_name(track.track_id)).data)
        for track in call.call_settings().tracks
    }
    if call_overview.set_track_budgets(call, budgets, current_user, filled(form.reason.data)):
        flash(_("Budgets saved."), "success")
    else:
        flash(_("Budgets unchanged."), "info")
    return redirect(url_for("staff.call_overview", call_id=call.id))
