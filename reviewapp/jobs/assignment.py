"""The assignment run as a job kind: the page queues it, any worker runs it."""

from __future__ import annotations

from typing import Any

from reviewapp.jobs.kinds import call_of
from reviewapp.jobs.registry import job_kind
from reviewapp.jobs.runner import JobContext
from reviewapp.progress import N_
from reviewapp.services.assignment import RunRequest, run_assignment


@job_kind("assignment", title=N_("Assignment run"))
def assignment_job(context: JobContext) -> dict[str, Any]:
    """Run the call's assignment with the job's parameters; the result names the run."""
    params = context.params
    request = RunRequest(per_app=int(params["per_app"]), mode=str(params["mode"]),
                         seed=params.get("seed"), max_prob=params.get("max_prob"),
                         make_current=bool(params.get("make_current", True)))
    run = run_assignment(call_of(context), request, context.user, progress=context)
    return {"run_id": run.id, "status": run.status}
