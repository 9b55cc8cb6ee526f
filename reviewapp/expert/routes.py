"""Expert views: 我的评审任务, the declaration step and the application as the expert sees it."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from reviewapp.expert import bp
from reviewapp.expert.common import load_own, say
from reviewapp.expert.forms import DeclarationForm
from reviewapp.models import Assignment
from reviewapp.services.expert_declaration import DeclarationError, declare
from reviewapp.services.expert_tasks import expert_tasks, task_view


@bp.route("/")
def index() -> str:
    """我的评审任务: the expert's invited tasks with status, deadline and progress."""
    return render_template("expert/index.html", tasks=expert_tasks(current_user.expert_code))


@bp.route("/assignments/<int:assignment_id>", methods=["GET", "POST"])
def assignment(assignment_id: int) -> str | Response | tuple[str, int]:
    """The declaration step; after "no conflict", the application itself (read only)."""
    task = load_own(assignment_id)
    form = DeclarationForm()
    if form.validate_on_submit():
        try:
            status = declare(task, form.decision.data, form.reason.data or "", current_user)
        except DeclarationError as error:
            flash(say((error.message_zh, error.message_en)), "error")
            return render_declaration(task, form), 400
        if status == "accepted":
            return redirect(url_for("expert.review", assignment_id=task.id), code=303)
        flash(_("Thank you: your answer was recorded and the call office will see it."), "info")
        return redirect(url_for("expert.index"), code=303)
    if form.is_submitted():
        return render_declaration(task, form), 400
    return render_declaration(task, form)


def render_declaration(task: Assignment, form: DeclarationForm) -> str:
    """The declaration step, or the application once the expert has declared no conflict."""
    view = task_view(task)
    page = ("expert/declaration.html" if view.state in ("to_declare", "declined", "recused")
            else "expert/application.html")
    return render_template(page, task=task, form=form, state=view.state, units=view.units)
