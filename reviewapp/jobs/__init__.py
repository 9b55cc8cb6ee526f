"""Background jobs: one mechanism for all long work (import, checks, assignment, ranking).

A job is a `Job` row (state, progress, step message, result, error, who started it, cancel
flag, heartbeat) plus one task on a huey queue: SQLite in `instance/` by default (no server),
Redis when `REVIEWAPP_REDIS_URL` is set. The one huey task runs any registered kind; pages
poll the row, so any web process answers, whichever worker runs the job.

Register a kind (in a module listed in `registry.KIND_MODULES`)::

    from reviewapp.jobs import JobContext, JobError, job_kind
    from reviewapp.progress import N_

    @job_kind("assignment", title=N_("Assignment run"))      # lock defaults to the kind
    def assignment_job(ctx: JobContext) -> dict[str, Any]:
        # ctx.call_id, ctx.params (JSON dict), ctx.user (User | None), ctx.payload (bytes)
        ctx.step(1, 5, N_("Building the conflict matrix"))   # page: "构建冲突矩阵 1/5"
        ...                                                   # also checks cancel
        ctx.check_cancelled()            # raises JobCancelled: rolled back, nothing stored
        ctx.note(5, 5, N_("Sending the mail"))  # after the commit: a step with no cancel check
        # long library work: pass should_stop=ctx.should_stop (assignment/stopping.py)
        # and give the solver a time limit; raise JobError(N_("…")) for a reason staff
        # can act on (shown translated); any other exception fails the job ("see the log").
        return {"run_id": run.id}        # JSON-ready: stored in job.result

Service functions take `progress: Progress = NO_PROGRESS` (`reviewapp.progress`), call
`progress.step(...)` BEFORE they write and commit once at the end; the command line
calls them directly (synchronously), a job passes its `ctx`.

Start, read and cancel (from views; `JobBusy` is the database lock speaking)::

    from reviewapp import jobs
    try:
        job = jobs.start_job("assignment", call.id, {"k": 5}, current_user.id)
    except jobs.JobBusy as busy:   # busy.job: the queued/running job holding the lock
        flash(...)
    jobs.latest_job(call_id, "assignment")   # newest job of that kind, any state
    jobs.active_job(call_id, "assignment")   # queued or running one, else None
    jobs.cancel_job(job, current_user.id)    # queued/dead: at once; running: next check
    jobs.job_state(job)                      # dict the JSON poll returns

Pages show a job with `{% from "macros/jobs.html" import job_progress %}` and
`{{ job_progress(job, done_url=None) }}`: a progress bar with the step message that polls
`/staff/calls/<call>/jobs/<id>` (staff and admin; the `ranking` kind polls
`/committee/calls/<call>/jobs/<id>`, open to the committee too), offers cancel and, when
the job ends, follows
`done_url` or reloads the page.

The lock: a partial unique index on (call_id, lock_key) over queued and running jobs, so
two starts on one call refuse the second in every process. A running job whose heartbeat
stopped (worker killed) for `JOBS_STALE_SECONDS` is marked failed at the next start or
cancel, so staff can start again. Consumers: `reviewapp worker`, or the embedded one of
`reviewapp serve` / `reviewapp demo --serve`; tests run jobs inline (`JOBS_IMMEDIATE`,
on by default when TESTING). See docs/jobs.md.
"""

from reviewapp.jobs.queue import job_queue, start_embedded_consumer
from reviewapp.jobs.registry import KIND_MODULES, job_kind
from reviewapp.jobs.runner import JobContext
from reviewapp.jobs.store import (
    JobBusy,
    JobError,
    active_job,
    cancel_job,
    job_state,
    latest_job,
    start_job,
)
from reviewapp.progress import JobCancelled

__all__ = [
    "KIND_MODULES", "JobBusy", "JobCancelled", "JobContext", "JobError", "active_job",
    "cancel_job", "job_kind", "job_queue", "job_state", "latest_job", "start_embedded_consumer",
    "start_job",
]
