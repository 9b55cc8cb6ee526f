"""A job as pages show it: texts in the page's language, addresses of its poll and cancel.

`job_view(job)` is a template global, so the `job_progress` macro works on any page.
"""

from __future__ import annotations

from typing import Any

from flask import flash, jsonify, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from werkzeug.wrappers import Response

from reviewapp import jobs
from reviewapp.jobs.registry import KINDS, load_kinds
from reviewapp.local_time import format_datetime
from reviewapp.models import Job
from reviewapp.staff import bp

STATUS_LABELS = {
    "queued": _l("Waiting for a worker"), "running": _l("Running"), "done": _l("Done"),
    "failed": _l("Failed"), "cancelled": _l("Cancelled"),
}


# Kinds committee members start and watch: their pages poll the committee's addresses.
COMMITTEE_KINDS = ("ranking",)


def job_urls(job: Job) -> dict[str, str]:
    """The poll and cancel addresses of the job, under its call when it has one."""
    if job.call_id is not None and job.kind in COMMITTEE_KINDS:
        return {"url": url_for("committee.call_job_state", call_id=job.call_id, job_id=job.id),
                "cancel_url": url_for("committee.call_job_cancel", call_id=job.call_id,
                                      job_id=job.id)}
    if job.call_id is None:
        return {"url": url_for("staff.job_state", job_id=job.id),
                "cancel_url": url_for("staff.job_cancel", job_id=job.id)}
    return {"url": url_for("staff.call_job_state", call_id=job.call_id, job_id=job.id),
            "cancel_url": url_for("staff.call_job_cancel", call_id=job.call_id, job_id=job.id)}


@bp.app_template_global("job_view")
def job_view(job: Job) -> dict[str, Any]:
    """The job's state with its texts translated (what the poll returns and the macro shows)."""
    state = jobs.job_state(job)
    load_kinds()
    kind = KINDS.get(job.kind)
    step = _(job.message) if job.message else ""
    if job.step_count:
        step = f"{step} {job.step_index}/{job.step_count}"
    status = str(STATUS_LABELS[job.status])
    state.update(
        title=_(kind.title) if kind else job.kind,
        status_label=status,
        text=step if job.active and step else status,
        error=_(job.error) if job.error else "",
        **job_urls(job),
    )
    if state["stale"]:
        state["text"] = _("The worker stopped answering. Cancel the job, then start it again.")
    elif job.cancel_requested and job.active:
        state["text"] = _("Cancelling…")
    return state


def poll_response(job: Job) -> Response:
    """The job's state as the progress bar's poll reads it: JSON, never cached."""
    response = jsonify(job_view(job))
    response.headers["Cache-Control"] = "no-store"
    return response


def cancel_response(job: Job, back: str) -> Response:
    """Ask the job to stop; JSON for the page's script, else a redirect to `back`."""
    job = jobs.cancel_job(job, current_user.id)
    if request.accept_mimetypes.best == "application/json":
        return jsonify(job_view(job))
    return redirect(back)


def busy_message(busy: jobs.JobBusy) -> str:
    """Why a start was refused: which job holds the call, and what staff can do."""
    if busy.job is None:  # it ended between the refusal and this read
        return _("Another job was running on this call just now. Start again.")
    return _("%(title)s is already queued or running on this call (job %(id)d, started "
             "%(time)s). Wait for it to finish, or cancel it.",
             title=job_view(busy.job)["title"], id=busy.job.id,
             time=format_datetime(busy.job.created_at))


def start_call_job(kind: str, call_id: int | None, params: dict[str, Any] | None = None,
                   payload: bytes | None = None) -> Job | None:
    """Start a job for the current user; on refusal flash why and return None."""
    try:
        return jobs.start_job(kind, call_id, params, current_user.id, payload=payload)
    except jobs.JobBusy as busy:
        flash(busy_message(busy), "error")
    except jobs.JobError as error:
        flash(_(str(error)), "error")
    return None
