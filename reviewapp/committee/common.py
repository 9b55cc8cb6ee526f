"""What the committee's view modules share: the call lookup, flag labels, the ranking job."""

from __future__ import annotations

from typing import Any

from flask import abort, flash
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from reviewapp import jobs
from reviewapp.committee import bp
from reviewapp.jobs.ranking import RANKING
from reviewapp.models import Call, Job
from reviewapp.services.committee import RunInfo, committee_call
from reviewapp.staff.jobs_view import job_view, start_call_job

FLAG_LABELS = {
    "partner_supported": _l("Aid province supports"),
    "strong_team": _l("Strong team"),
    "chain_leader": _l("Chain leader"),
    "commissioner": _l("S&T commissioner"),
    "industrial_prospects": _l("Industrial prospects"),
}
RECOMMENDATION_SHORT = {"优先支持": _l("Priority"), "同意支持": _l("Support"),
                        "不予支持": _l("Do not support")}


def call_or_404(call_id: int) -> Call:
    """The call, or 404."""
    call = committee_call(call_id)
    if call is None:
        abort(404)
    return call


def start_ranking(call_id: int, mode: str) -> Job | None:
    """Queue the call's ranking job (`mode`: refresh, new or lottery); say how it went.

    The page shows a queued job's progress; a job that already ended (jobs run inline
    under tests) is reported here, as the synchronous buttons did.
    """
    job = start_call_job(RANKING, call_id, {"mode": mode})
    if job is None or job.active:
        return job
    if job.status == "done" and job.result:
        flash(ranking_done_text(job.result), "success")
    elif job.status == "failed":
        flash(job_view(job)["error"], "error")
    return job


@bp.app_template_global("ranking_done_text")
def ranking_done_text(result: dict[str, Any]) -> str:
    """What a finished ranking job did, in the page's language."""
    if result.get("mode") == "lottery":
        return _("Lottery drawn with seed %(seed)s.", seed=result["lottery_seed"])
    if not result.get("made"):
        return _("The current ranking still reads today's reviews and settings: kept.")
    return _("New ranking computed (sampler seed %(s)s, lottery seed %(l)s).",
             s=result["sampler_seed"], l=result["lottery_seed"])


def ranking_job(call_id: int, info: RunInfo | None) -> Job | None:
    """The ranking job a page shows: one queued or running, the one that made the current
    run, or one that failed or was cancelled since (older jobs are history)."""
    job = jobs.latest_job(call_id, RANKING)
    if job is None or job.active or info is None:
        return job
    if job.status == "done":
        return job if (job.result or {}).get("run_id") == info.run.id else None
    ended = job.finished_at or job.created_at
    return job if ended >= info.run.created_at else None
