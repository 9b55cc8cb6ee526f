"""Staff assignment page (专家分配): inputs of the next run, start it, the runs, the current one."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from reviewapp import jobs
from reviewapp.auth.permissions import role_required
from reviewapp.extensions import db
from reviewapp.models import Call
from reviewapp.services.assignment import AssignmentError, RunRequest
from reviewapp.services.assignment_current import (
    CurrentRunError,
    PanelsWouldBreak,
    current_run,
    make_run_current,
)
from reviewapp.services.assignment_results import runs_of
from reviewapp.services.assignment_setup import setup_of
from reviewapp.staff import bp
from reviewapp.staff.forms_assignment import MODE_LABELS, MakeCurrentForm, StartRunForm


def render_page(call: Call, form: StartRunForm, status: int = 200) -> tuple[str, int]:
    """The assignment page: the next run's inputs, its form, the runs and the current run."""
    return render_template(
        "staff/assignment.html", call=call, current_stage="assignment", form=form,
        setup=setup_of(call), runs=runs_of(call.id), current=current_run(call.id),
        mode_labels=MODE_LABELS, current_form=MakeCurrentForm(),
        job=jobs.latest_job(call.id, "assignment"),
    ), status


@bp.route("/calls/<int:call_id>/assignment", endpoint="assignment")
@role_required("staff")
def assignment_page(call_id: int) -> tuple[str, int]:
    """The call's assignment page."""
    call = db.get_or_404(Call, call_id)
    form = StartRunForm(formdata=None, per_app=call.call_settings().reviewers_per_app)
    return render_page(call, form)


@bp.route("/calls/<int:call_id>/assignment/run", methods=["POST"], endpoint="assignment_run")
@role_required("staff")
def start_run(call_id: int) -> Response | tuple[str, int]:
    """Run the assignment with the form's K and mode, then show the run."""
    call = db.get_or_404(Call, call_id)
    form = StartRunForm()
    if not form.validate_on_submit():
        flash(_("The run was not started: correct the fields marked below."), "error")
        return render_page(call, form, 400)
    request = RunRequest(
        # Validated as required; 0 would be refused by `check` all the same.
        per_app=form.per_app.data or 0, mode=form.mode.data,
        seed=form.seed.data if form.mode.data == "randomized" else None,
        max_prob=(float(form.max_prob.data) if form.mode.data == "randomized"
                  and form.max_prob.data is not None else None),
        make_current=bool(form.make_current.data))
    try:
        request.check()
        job = jobs.start_job("assignment", call_id, vars(request), current_user.id)
    except AssignmentError as error:
        flash(_("The run was not started: %(why)s", why=str(error)), "error")
        return render_page(call, form, 400)
    except jobs.JobBusy:
        flash(_("An assignment run of this call is already under way: wait for it or "
                "cancel it."), "error")
        return render_page(call, form, 409)
    except jobs.JobError:
        flash(_("The run could not be queued; the server log has the details."), "error")
        return render_page(call, form, 503)
    run_id = (job.result or {}).get("run_id") if job.status == "done" else None
    if run_id is None:  # queued on a worker: the page shows its progress
        return redirect(url_for("staff.assignment", call_id=call_id))
    return redirect(url_for("staff.assignment_result", call_id=call_id, run_id=run_id))


@bp.route("/calls/<int:call_id>/assignment/runs/<int:run_id>/current", methods=["POST"],
          endpoint="assignment_make_current")
@role_required("staff")
def make_current(call_id: int, run_id: int) -> Response:
    """Make a stored run the call's current one."""
    db.get_or_404(Call, call_id)
    if not MakeCurrentForm().validate_on_submit():
        abort(400)
    try:
        make_run_current(call_id, run_id, current_user)
    except PanelsWouldBreak as error:
        if error.over:
            flash(_("Run %(id)d cannot become current: beside the pairs invited, answered or "
                    "locked since, these panels would have more experts than the run gave "
                    "them: %(apps)s. Start a new run: it keeps those pairs.", id=run_id,
                    apps="、".join(error.over)), "error")
        if error.short:
            flash(_("Run %(id)d cannot become current: an expert of these panels has "
                    "declined or recused since: %(apps)s. Start a new run to fill them.",
                    id=run_id, apps="、".join(error.short)), "error")
        if error.dropped:
            flash(_("Run %(id)d cannot become current: it has no panel for these "
                    "applications, whose experts would be removed: %(apps)s. Start a new "
                    "run.", id=run_id, apps="、".join(error.dropped)), "error")
        return redirect(url_for("staff.assignment", call_id=call_id))
    except CurrentRunError as error:
        flash(_("Run %(id)d cannot become current: %(why)s. Start a new run.", id=run_id,
                why=str(error)), "error")
        return redirect(url_for("staff.assignment", call_id=call_id))
    flash(_("Run %(id)d is now the current assignment.", id=run_id), "success")
    return redirect(url_for("staff.assignment_result", call_id=call_id, run_id=run_id))
