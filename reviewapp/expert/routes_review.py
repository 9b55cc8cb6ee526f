"""Expert views: the rubric form (save, autosave, submit) and the confirmation page."""

from __future__ import annotations

from typing import Any

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from reviewapp.auth import wants_json
from reviewapp.expert import bp
from reviewapp.expert.common import load_own, say
from reviewapp.expert.forms import (
    DeclarationForm,
    ReviewFormBase,
    review_form,
    stored_form_data,
)
from reviewapp.local_time import format_datetime
from reviewapp.models import Assignment
from reviewapp.services.expert_tasks import own_review, task_view
from reviewapp.services.review_writes import (
    NeedsConfirmation,
    ReviewClosed,
    ReviewInvalid,
    StaleReview,
    write_review,
)

Page = str | Response | tuple[str, int] | tuple[Response, int]


def render_review(task: Assignment, form: ReviewFormBase, status: int = 200,
                  questions: list[str] | None = None, notice: str = "") -> tuple[str, int]:
    """The application beside the rubric form, with any questions or notice on top."""
    review = own_review(task)
    view = task_view(task)
    return render_template(
        "expert/review.html", task=task, form=form, review=review,
        settings=task.application.call.call_settings(), state=view.state,
        units=view.units, questions=questions or [],
        notice=notice, locked=task.status != "accepted",
    ), status


@bp.route("/assignments/<int:assignment_id>/review", methods=["GET", "POST"])
def review(assignment_id: int) -> Page:
    """GET: the rubric form; POST: save a draft or submit, never over a newer save."""
    task = load_own(assignment_id)
    settings = task.application.call.call_settings()
    if task.status == "invited":
        if request.method == "POST":
            return refuse_unread(task, _("Declare first that you have no conflict of interest."))
        return redirect(url_for("expert.assignment", assignment_id=task.id))
    if task.status in ("declined", "recused"):
        return refuse_unread(task, _("You are no longer reviewing this application."))
    if request.method != "POST":
        return render_review(task, review_form(settings, None,
                                               **stored_form_data(own_review(task), settings)))
    form = review_form(settings, request.form)
    if not form.validate():
        return answer_invalid(task, form, {name: errors[0] for name, errors in
                                           form.errors.items()})
    submit = form.action.data == "submit"
    try:
        saved = write_review(task, form.review_input(), form.version.data or 0, submit,
                             form.confirm.data == "1", current_user)
    except StaleReview:
        return refuse(task, 409, _("This review was saved meanwhile in another window or on "
                                   "another device. Nothing was overwritten: reload the page "
                                   "to see the newer version (your text stays in this browser)."),
                      form)
    except ReviewClosed:
        return refuse(task, 409, _("This review is submitted and can no longer be changed."))
    except ReviewInvalid as invalid:
        return answer_invalid(task, form, {k: say(v) for k, v in invalid.errors.items()})
    except NeedsConfirmation as asked:
        if wants_json():
            return jsonify(error="confirm", questions=[say(q) for q in asked.questions]), 200
        return render_review(task, form, questions=[say(q) for q in asked.questions])
    if wants_json():
        return jsonify(ok=True, version=saved.version, status=saved.status, total=saved.total,
                       saved_at=format_datetime(saved.saved_at)[-5:])
    if saved.status == "submitted":
        return redirect(url_for("expert.submitted", assignment_id=task.id), code=303)
    flash(_("Saved %(time)s", time=format_datetime(saved.saved_at)[-5:]), "success")
    return redirect(url_for("expert.review", assignment_id=task.id), code=303)


def answer_invalid(task: Assignment, form: ReviewFormBase, errors: dict[str, Any]) -> Page:
    """The form with each refused field marked (422); nothing was stored."""
    if wants_json():
        return jsonify(error="invalid", errors={k: str(v) for k, v in errors.items()}), 422
    for name, message in errors.items():
        if name in form and str(message) not in form[name].errors:
            form[name].errors = [*form[name].errors, str(message)]
    return render_review(task, form, 422, notice=_("Nothing was saved: correct the marked "
                                                    "boxes."))


def refuse(task: Assignment, status: int, message: str,
           form: ReviewFormBase | None = None) -> Page:
    """A refusal the page explains; the typed text stays in the form when there is one."""
    if wants_json():
        return jsonify(error="refused", message=message), status
    settings = task.application.call.call_settings()
    shown = form or review_form(settings, None, **stored_form_data(own_review(task), settings))
    return render_review(task, shown, status, notice=message)


def refuse_unread(task: Assignment, message: str) -> Page:
    """403 for a task whose application the expert may not read (not declared, or left)."""
    if wants_json():
        return jsonify(error="refused", message=message), 403
    flash(message, "error")
    view = task_view(task)
    return render_template("expert/declaration.html", task=task, form=DeclarationForm(),
                           state=view.state, units=view.units), 403


@bp.route("/assignments/<int:assignment_id>/submitted")
def submitted(assignment_id: int) -> str | Response:
    """The confirmation page after a submission."""
    task = load_own(assignment_id)
    found = own_review(task)
    if found is None or found.status == "draft":
        return redirect(url_for("expert.review", assignment_id=task.id))
    return render_template("expert/submitted.html", task=task, review=found,
                           settings=task.application.call.call_settings())
