"""Staff views of background jobs: the progress poll (JSON) and cancel."""

from __future__ import annotations

from typing import Any

from flask import abort, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from reviewapp import jobs
from reviewapp.auth.permissions import role_required
from reviewapp.extensions import db
from reviewapp.jobs.registry import KINDS, load_kinds
from reviewapp.models import Job
from reviewapp.staff import bp
from reviewapp.staff.common import RunForm

STATUS_LABELS = {
    "queued": _l("Waiting for a worker"), "running": _l("Running"), "done": _l("Done"),
    "failed": _l("Failed"), "cancelled": _l("Cancelled"),
}


def job_or_404(job_id: int, call_id: int | None) -> Job:
    """The job, reached only through its own call's address (call-less jobs: none)."""
    job = db.get_or_404(Job, job_id)
    if job.call_id != call_id:
        abort(404)
    return job


def state_json(job: Job) -> dict[str, Any]:
    """The job's state with its texts in the page's language."""
    state = jobs.job_state(job)
    load_kinds()
    kind = KINDS.get(job.kind)
    step = _(job.message) if job.message else ""
    if job.step_count:
        step = f"{step} {job.step_index}/{job.step_count}"
    state.update(
        title=_(kind.title) if kind else job.kind,
        status_label=str(STATUS_LABELS[job.status]),
        text=step or str(STATUS_LABELS[job.status]),
        error=_(job.error) if job.error else "",
    )
    if state["stale"]:
        state["text"] = _("The worker stopped answering. Cancel the job, then start it again.")
    return state


@bp.route("/jobs/<int:job_id>", endpoint="job_state")
@bp.route("/calls/<int:call_id>/jobs/<int:job_id>", endpoint="call_job_state")
@role_required("staff")
def state(job_id: int, call_id: int | None = None) -> Response:
    """The job's state as JSON, for the progress bar's poll."""
    response = jsonify(state_json(job_or_404(job_id, call_id)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/jobs/<int:job_id>/cancel", methods=["POST"], endpoint="job_cancel")
@bp.route("/calls/<int:call_id>/jobs/<int:job_id>/cancel", methods=["POST"],
          endpoint="call_job_cancel")
@role_required("staff")
def cancel(job_id: int, call_id: int | None = None) -> Response:
    """Ask the job to stop; JSON for the page's script, else back to the call."""
    job = job_or_404(job_id, call_id)
    if not RunForm().validate_on_submit():
        abort(400)
    job = jobs.cancel_job(job, current_user.id)
    if request.accept_mimetypes.best == "application/json":
        return jsonify(state_json(job))
    if call_id is None:
        return redirect(url_for("staff.calls"))
    return redirect(url_for("staff.call_overview", call_id=call_id))
