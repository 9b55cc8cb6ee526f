"""The staff pages' long work as job kinds: eligibility check and conflict detection."""

from __future__ import annotations

from typing import Any

from reviewapp.jobs.registry import job_kind
from reviewapp.jobs.runner import JobContext
from reviewapp.progress import N_
from reviewapp.services.conflicts import detect_conflicts
from reviewapp.services.eligibility import run_eligibility


def call_of(context: JobContext) -> int:
    """The job's call id (these kinds always run on a call)."""
    if context.call_id is None:
        raise ValueError(f"job {context.job_id} ({context.kind}) has no call")
    return context.call_id


@job_kind("eligibility", title=N_("Eligibility check"))
def eligibility_job(context: JobContext) -> dict[str, Any]:
    """Run the eligibility check of the job's call; the result is the run's summary."""
    return run_eligibility(call_of(context), context.user, progress=context).as_json()


@job_kind("conflicts", title=N_("Conflict detection"))
def conflicts_job(context: JobContext) -> dict[str, Any]:
    """Detect the call's conflicts again; the result holds the forbidden pairs per rule."""
    return {"counts": detect_conflicts(call_of(context), context.user, progress=context)}
