"""The committee's job addresses: the ranking job's progress poll (JSON), cancel, refresh.

Committee members poll and cancel the ranking jobs of the calls they see; staff and admins
may poll any job of the call here too (their own poll is `/staff/calls/<call>/jobs/<id>`).
"""

from __future__ import annotations

from flask import abort, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from reviewapp.auth.permissions import has_role
from reviewapp.committee import bp
from reviewapp.committee.common import call_or_404, start_ranking
from reviewapp.committee.forms import ActionForm
from reviewapp.extensions import db
from reviewapp.jobs.ranking import RANKING
from reviewapp.models import Job
from reviewapp.security import redirect_back
from reviewapp.staff.jobs_view import cancel_response, poll_response


def committee_job_or_404(call_id: int, job_id: int) -> Job:
    """The call's job; a committee member reaches only ranking jobs."""
    call_or_404(call_id)
    job = db.get_or_404(Job, job_id)
    if job.call_id != call_id:
        abort(404)
    if job.kind != RANKING and not has_role(current_user, "staff"):
        abort(404)
    return job


@bp.route("/calls/<int:call_id>/jobs/<int:job_id>", endpoint="call_job_state")
def state(call_id: int, job_id: int) -> Response:
    """The job's state as JSON, for the progress bar's poll."""
    return poll_response(committee_job_or_404(call_id, job_id))


@bp.route("/calls/<int:call_id>/jobs/<int:job_id>/cancel", methods=["POST"],
          endpoint="call_job_cancel")
def cancel(call_id: int, job_id: int) -> Response:
    """Ask the job to stop; JSON for the page's script, else back to the call."""
    job = committee_job_or_404(call_id, job_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    return cancel_response(job, url_for("committee.call_page", call_id=call_id))


@bp.route("/calls/<int:call_id>/runs/refresh", methods=["POST"], endpoint="refresh_run")
def refresh_run(call_id: int) -> Response:
    """Make the call's ranking when it has none or it is stale (same seeds), as a job."""
    call_or_404(call_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    start_ranking(call_id, "refresh")
    return redirect_back(url_for("committee.call_page", call_id=call_id))
