"""The ranking run as a job kind: committee pages never sample, their buttons queue this."""

from __future__ import annotations

from typing import Any

from reviewapp.jobs.kinds import call_of
from reviewapp.jobs.registry import job_kind
from reviewapp.jobs.runner import JobContext
from reviewapp.jobs.store import JobError
from reviewapp.progress import N_
from reviewapp.services import decisions
from reviewapp.services.ranking import RankingError
from reviewapp.services.ranking_runs import current_run, ensure_current_run

RANKING = "ranking"
# What a ranking job does: "refresh" makes a run when there is none or the current one is
# stale (keeping its seeds), "new" draws fresh seeds, "lottery" a fresh lottery seed only.
RANKING_MODES = ("refresh", "new", "lottery")
NO_REVIEWS = N_("This call cannot be ranked yet: it has no submitted reviews.")


@job_kind(RANKING, title=N_("Ranking run"))
def ranking_job(context: JobContext) -> dict[str, Any]:
    """Make the call's ranking run as the job's mode asks; the result names the run."""
    call_id = call_of(context)
    mode = str(context.params.get("mode", "refresh"))
    before = current_run(call_id)
    try:
        if mode == "new":
            run = decisions.recompute(call_id, context.user, progress=context)
        elif mode == "lottery":
            run = decisions.draw_lottery(call_id, context.user, progress=context)
        elif mode == "refresh":
            run = ensure_current_run(call_id, context.user, progress=context)
        else:
            raise ValueError(f"unknown ranking mode {mode!r}")
    except decisions.DecisionRefused as refused:  # frozen since the button was pressed
        raise JobError(str(refused)) from None
    except RankingError:
        raise JobError(NO_REVIEWS) from None
    return {"run_id": run.id, "mode": mode, "made": before is None or run.id != before.id,
            "sampler_seed": run.sampler_seed, "lottery_seed": run.lottery_seed}
