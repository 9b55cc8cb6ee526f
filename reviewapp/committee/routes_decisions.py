"""Committee views: the decision list, the lottery on the page, freezing and unfreezing."""

from __future__ import annotations

from decimal import Decimal

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from reviewapp.auth.permissions import role_required
from reviewapp.committee import bp
from reviewapp.committee.common import FLAG_LABELS, call_or_404, ranking_job, start_ranking
from reviewapp.committee.forms import (
    ActionForm,
    DecisionForm,
    NotesForm,
    UnfreezeForm,
)
from reviewapp.form_values import filled
from reviewapp.i18n import english
from reviewapp.money import wan_to_yuan
from reviewapp.services import decisions as service
from reviewapp.services.committee import decision_page_data
from reviewapp.services.ranking import RankingError
from reviewapp.staff.forms_flags import FLAG_NAMES, ApplicationFlagsForm


def _back(call_id: int) -> Response:
    """Back to the decision list."""
    return redirect(url_for("committee.decisions_page", call_id=call_id))


@bp.route("/calls/<int:call_id>/decisions")
def decisions_page(call_id: int) -> str:
    """Every ranked application with its decision form, the notes, the lottery and freezing."""
    call = call_or_404(call_id)
    data = decision_page_data(call)
    notes = NotesForm(notes=data.decision_list.notes if data.decision_list else "")
    return render_template("committee/decisions.html", call=call, data=data, notes_form=notes,
                           action_form=ActionForm(), unfreeze_form=UnfreezeForm(),
                           decision_form=DecisionForm(), flag_labels=FLAG_LABELS,
                           ranking_job=ranking_job(call_id, data.info))


@bp.route("/calls/<int:call_id>/decisions/<app_id>", methods=["POST"])
def save_decision(call_id: int, app_id: str) -> Response:
    """Record one application's outcome, approved amount, cut reason and note."""
    call_or_404(call_id)
    form = DecisionForm()
    if not form.validate_on_submit():
        problems = "; ".join(f"{form[name].label.text}: {' '.join(errors)}"
                             for name, errors in form.errors.items())
        flash(_("%(app)s: nothing saved. %(problems)s", app=app_id, problems=problems), "error")
        return _back(call_id)
    amount = form.approved_wan.data
    try:
        service.save_decision(call_id, app_id, current_user, service.DecisionInput(
            outcome=form.outcome.data,
            approved_yuan=None if amount is None else wan_to_yuan(Decimal(amount)),
            cut_reason=form.cut_reason.data or "", note=form.note.data or ""))
    except service.DecisionRefused as error:
        flash(_("%(app)s: nothing saved. %(problems)s", app=app_id,
                problems=error.in_language(english())), "error")
    else:
        flash(_("Decision on %(app)s saved.", app=app_id), "success")
    return redirect(url_for("committee.decisions_page", call_id=call_id) + f"#row-{app_id}")


@bp.route("/calls/<int:call_id>/notes", methods=["POST"])
def save_notes(call_id: int) -> Response:
    """Store the meeting notes."""
    call_or_404(call_id)
    form = NotesForm()
    if not form.validate_on_submit():
        flash(_("Notes not saved: they are too long."), "error")
        return _back(call_id)
    try:
        service.save_notes(call_id, current_user, form.notes.data or "")
    except service.DecisionRefused as error:
        flash(error.in_language(english()), "error")
    else:
        flash(_("Meeting notes saved."), "success")
    return _back(call_id)


def _act(call_id: int, action: str) -> Response:
    """Run one of the list's button actions, reporting what happened.

    A lottery or a new run samples the posterior: it is queued as the ranking job, whose
    progress the page shows; a frozen list refuses it before anything is queued.
    """
    call_or_404(call_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        if action == "freeze":
            service.freeze(call_id, current_user)
            flash(_("The decision list is frozen."), "success")
        else:
            service.ensure_unfrozen(call_id)
            start_ranking(call_id, "lottery" if action == "lottery" else "new")
    except service.DecisionRefused as error:
        flash(error.in_language(english()), "error")
    except RankingError as error:
        flash(str(error), "error")
    page = "committee.call_page" if action == "run" else "committee.decisions_page"
    return redirect(url_for(page, call_id=call_id))


@bp.route("/calls/<int:call_id>/freeze", methods=["POST"])
def freeze(call_id: int) -> Response:
    """Freeze the decision list (who and when are recorded)."""
    return _act(call_id, "freeze")


@bp.route("/calls/<int:call_id>/lottery", methods=["POST"])
def draw_lottery(call_id: int) -> Response:
    """Draw the lottery again with a fresh seed, shown on the page."""
    return _act(call_id, "lottery")


@bp.route("/calls/<int:call_id>/runs", methods=["POST"])
def make_run(call_id: int) -> Response:
    """Compute a new ranking run with fresh random seeds and make it current."""
    return _act(call_id, "run")


@bp.route("/calls/<int:call_id>/unfreeze", methods=["POST"])
@role_required("admin")
def unfreeze(call_id: int) -> Response:
    """An admin reopens the frozen list, giving a reason."""
    call_or_404(call_id)
    form = UnfreezeForm()
    if not form.validate_on_submit():
        flash(_("Give the reason for unfreezing."), "error")
        return _back(call_id)
    try:
        service.unfreeze(call_id, current_user, filled(form.reason.data))
    except service.DecisionRefused as error:
        flash(error.in_language(english()), "error")
    else:
        flash(_("The decision list is open again."), "success")
    return _back(call_id)


@bp.route("/calls/<int:call_id>/applications/<app_id>/flags", methods=["POST"])
@role_required("staff")
def save_flags(call_id: int, app_id: str) -> Response:
    """Staff set an application's priorities under equal conditions, with the reason the
    audit keeps (the same form as the staff application page)."""
    call_or_404(call_id)
    form = ApplicationFlagsForm()
    if not form.validate_on_submit():
        flash(_("Flags not saved: give the reason for the change."), "error")
        return redirect(url_for("committee.application_page", call_id=call_id,
                                app_id=app_id))
    try:
        changed = service.set_priority_flags(
            call_id, app_id, current_user, {name: bool(form[name].data) for name in FLAG_NAMES},
            reason=filled(form.reason.data))
    except service.DecisionRefused as error:
        flash(error.in_language(english()), "error")
    else:
        flash(_("Flags of %(app)s saved.", app=app_id) if changed
              else _("Nothing was changed."), "success")
    return redirect(url_for("committee.application_page", call_id=call_id, app_id=app_id))
