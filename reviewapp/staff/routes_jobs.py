"""Staff views of background jobs: the progress poll (JSON) and cancel."""

from __future__ import annotations

from flask import abort, url_for
from werkzeug.wrappers import Response

from reviewapp.auth.permissions import role_required
from reviewapp.extensions import db
from reviewapp.models import Job
from reviewapp.staff import bp
from reviewapp.staff.common import RunForm
from reviewapp.staff.jobs_view import cancel_response, poll_response


def job_or_404(job_id: int, call_id: int | None) -> Job:
    """The job, reached only through its own call's address (call-less jobs: none)."""
    job = db.get_or_404(Job, job_id)
    if job.call_id != call_id:
        abort(404)
    return job


@bp.route("/jobs/<int:job_id>", endpoint="job_state")
@bp.route("/calls/<int:call_id>/jobs/<int:job_id>", endpoint="call_job_state")
@role_required("staff")
def state(job_id: int, call_id: int | None = None) -> Response:
    """The job's state as JSON, for the progress bar's poll."""
    return poll_response(job_or_404(job_id, call_id))


@bp.route("/jobs/<int:job_id>/cancel", methods=["POST"], endpoint="job_cancel")
@bp.route("/calls/<int:call_id>/jobs/<int:job_id>/cancel", methods=["POST"],
          endpoint="call_job_cancel")
@role_required("staff")
def cancel(job_id: int, call_id: int | None = None) -> Response:
    """Ask the job to stop; JSON for the page's script, else back to the call."""
    job = job_or_404(job_id, call_id)
    if not RunForm().validate_on_submit():
        abort(400)
    return cancel_response(job, url_for("staff.calls") if call_id is None
                           else url_for("staff.call_overview", call_id=call_id))
