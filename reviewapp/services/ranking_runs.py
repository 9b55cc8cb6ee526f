"""Stored ranking runs: make one (both seeds recorded), read the current one, check it is fresh.

The committee pages read the call's current run and never sample: their buttons start the
`ranking` background job (`reviewapp/jobs/ranking.py`). `ranking.xlsx` and
`reviewapp rank CALL` both go through `ensure_current_run` synchronously, so they give
the same list. `make_ranking_run` is the one function that computes a run.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from sqlalchemy import select, update

from reviewapp.extensions import db
from reviewapp.models import Application, Call, RankingRun
from reviewapp.progress import N_, NO_PROGRESS, Progress
from reviewapp.services.audit import record_audit
from reviewapp.services.committee_extras import ranking_extras
from reviewapp.services.ranking import (
    PRIORITY_FLAGS,
    RANKING_STEPS,
    CallRanking,
    RankingError,
    call_priorities,
    load_inputs,
    rank_call,
)
from reviewapp.services.ranking_codec import ranking_from_json, ranking_to_json

# Posterior draws kept over all chains (the sampler's default: four chains).
DRAWS = 2000


def _call(call_id: int) -> Call:
    """The call, or RankingError."""
    call = db.session.get(Call, call_id)
    if call is None:
        raise RankingError(f"no call {call_id}")
    return call


def run_inputs(call: Call) -> dict[str, Any]:
    """What a run of the call reads today: reviews, applications, budgets and settings."""
    settings = call.call_settings()
    inputs = load_inputs(call)
    applications = sorted(
        (a.app_id, a.track, a.direction, a.requested_yuan, list(a.partner_unit_ids or ()),
         [flag for flag in PRIORITY_FLAGS if getattr(a, flag)])
        for a in db.session.scalars(select(Application).where(Application.call_id == call.id))
    )
    data = {
        "reviews": [[r.review_id, r.version] for r in inputs.reviews],
        "applications": applications,
        "budgets": {t.track_id: t.budget_yuan for t in call.tracks},
        "funding": settings.funding,
        "priorities": list(call_priorities(settings)),
        "rubric": [[i.key, i.points, i.priority] for i in settings.rubric],
        "aggregation": "calibrated",
        "draws": DRAWS,
    }
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return {**data, "fingerprint": hashlib.sha256(text.encode()).hexdigest()}


def current_run(call_id: int) -> RankingRun | None:
    """The call's current ranking run, if one was made."""
    return db.session.scalar(
        select(RankingRun).where(RankingRun.call_id == call_id, RankingRun.current)
        .order_by(RankingRun.id.desc()).limit(1)
    )


def is_fresh(run: RankingRun) -> bool:
    """Whether the run still reads what the call holds now (reviews, money, settings)."""
    call = _call(run.call_id)
    return run.inputs.get("fingerprint") == run_inputs(call)["fingerprint"]


def stored_ranking(run: RankingRun) -> CallRanking:
    """The ranking a run stored, rebuilt without sampling."""
    return ranking_from_json(run.result["ranking"])


def make_ranking_run(
    call_id: int, user: Any, sampler_seed: int | None = None, lottery_seed: int | None = None,
    reason: str = "run", progress: Progress = NO_PROGRESS,
) -> RankingRun:
    """Rank the call with its saved budgets and rules, store it as the current run, audited.

    Seeds not given are drawn at random (the lottery seed from the call's settings when
    set) and recorded; giving a run's seeds again reproduces its list. A job passes its
    `progress`: one step per stage and sampler chain; a cancel stores nothing.
    """
    call = _call(call_id)
    inputs = run_inputs(call)
    ranking = rank_call(call_id, sampler_seed=sampler_seed, lottery_seed=lottery_seed,
                        draws=DRAWS, progress=progress)
    progress.step(RANKING_STEPS, RANKING_STEPS, N_("Storing the ranking run"))
    # Built before the first write: on SQLite the write transaction stays short.
    result = {"ranking": ranking_to_json(ranking), "extras": ranking_extras(call, ranking)}
    db.session.execute(
        update(RankingRun).where(RankingRun.call_id == call_id).values(current=False)
    )
    run = RankingRun(
        call_id=call_id, sampler_seed=ranking.sampler_seed, lottery_seed=ranking.lottery_seed,
        draws=DRAWS, inputs={**inputs, "reason": reason}, result=result,
        current=True, created_by=getattr(user, "id", None),
    )
    db.session.add(run)
    db.session.flush()
    record_audit(user, "ranking_run", "ranking_run", run.id, after={
        "sampler_seed": run.sampler_seed, "lottery_seed": run.lottery_seed,
        "reviews": len(inputs["reviews"]), "reason": reason,
    }, call_id=call_id)
    progress.check_cancelled()
    db.session.commit()
    return run


def ensure_current_run(call_id: int, user: Any,
                       progress: Progress = NO_PROGRESS) -> RankingRun:
    """The current run when it still reads today's data; else a new one, keeping its seeds."""
    run = current_run(call_id)
    if run is not None and is_fresh(run):
        return run
    if run is None:
        return make_ranking_run(call_id, user, reason="first", progress=progress)
    return make_ranking_run(call_id, user, run.sampler_seed, run.lottery_seed, reason="refresh",
                            progress=progress)
