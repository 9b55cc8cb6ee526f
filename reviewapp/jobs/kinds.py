"""The staff pages' long work as job kinds: import, eligibility, conflicts, affinity."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from reviewapp.jobs.registry import job_kind
from reviewapp.jobs.runner import JobContext
from reviewapp.jobs.store import JobError
from reviewapp.progress import N_
from reviewapp.services.affinity_overview import affinity_overview
from reviewapp.services.call_import import import_call
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
    summary = run_eligibility(call_of(context), context.user, progress=context)
    return {**summary.as_json(),
            "dropped_reasons": [[d.app_id, d.rule_id, d.reason] for d in summary.dropped]}


@job_kind("conflicts", title=N_("Conflict detection"))
def conflicts_job(context: JobContext) -> dict[str, Any]:
    """Detect the call's conflicts again; the result holds the forbidden pairs per rule."""
    return {"counts": detect_conflicts(call_of(context), context.user, progress=context)}


@job_kind("import", title=N_("Workbook import"))
def import_job(context: JobContext) -> dict[str, Any]:
    """Create a call from the uploaded workbook; the result: its id or every issue found."""
    if context.payload is None:
        raise JobError(N_("The uploaded workbook is missing; upload it again."))
    context.step(1, 1, N_("Reading, checking and storing the workbook"))
    result = import_call(context.payload, context.params["name"], context.params["deadline"],
                         user=context.user, filename=context.params.get("filename", ""),
                         allow_duplicate=bool(context.params.get("allow_duplicate")))
    return {"call_id": result.call_id, "issues": [asdict(issue) for issue in result.issues],
            "duplicates": [list(pair) for pair in result.duplicates]}


@job_kind("affinity", title=N_("Expertise affinity"))
def affinity_job(context: JobContext) -> dict[str, Any]:
    """Count each eligible application's conflict-free candidates with matching expertise."""
    return affinity_overview(call_of(context), progress=context).as_json()
