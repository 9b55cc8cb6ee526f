"""What the committee reads beside each ranked row: plain aggregates, tallies, flags, charts.

Computed once when a run is made and stored with it, so a page view only reads.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import numpy as np
from sqlalchemy import select

from reviewapp.call_settings_model import RECOMMENDATIONS
from reviewapp.extensions import db
from reviewapp.models import Application, Call, EligibilityResult, Unit
from reviewapp.services.ranking import PRIORITY_FLAGS, CallRanking
from scoring.aggregate import mean_scores, trimmed_mean_scores
from scoring.convergence import MAX_RHAT, MIN_ESS
from scoring.reliability import expert_leniency, krippendorff_alpha_interval


def _finite(value: float) -> float | None:
    """A float for JSON, None when it is not finite."""
    return float(value) if np.isfinite(value) else None


def _overrides(call_id: int) -> dict[str, list[dict[str, str]]]:
    """Eligibility verdicts staff overrode, per application code."""
    query = (
        select(Application.app_id, EligibilityResult)
        .join(EligibilityResult, EligibilityResult.application_id == Application.id)
        .where(Application.call_id == call_id, EligibilityResult.override_verdict.is_not(None))
        .order_by(EligibilityResult.rule_id)
    )
    found: dict[str, list[dict[str, str]]] = defaultdict(list)
    for app_id, result in db.session.execute(query):
        found[app_id].append({"rule": result.rule_id, "verdict": result.verdict,
                              "override": result.override_verdict or "",
                              "reason": result.override_reason or ""})
    return found


def _provinces(call_id: int) -> dict[str, str]:
    """Province per unit code of the call."""
    query = select(Unit.unit_id, Unit.province).where(Unit.call_id == call_id)
    return {unit_id: province for unit_id, province in db.session.execute(query)}


def _applications(call: Call, ranking: CallRanking) -> dict[str, dict[str, Any]]:
    """Per ranked application: raw and trimmed mean, indicator means, tally, flags, outliers."""
    assert ranking.inputs is not None
    inputs, table = ranking.inputs, ranking.inputs.table
    keys = [indicator.key for indicator in call.call_settings().rubric]
    mean, trimmed = mean_scores(table), trimmed_mean_scores(table)
    sums: dict[str, Counter[str]] = defaultdict(Counter)
    tally: dict[str, Counter[str]] = defaultdict(Counter)
    for review in inputs.reviews:
        sums[review.app_id].update({k: float(review.scores.get(k, 0)) for k in keys})
        if review.recommendation in RECOMMENDATIONS:
            tally[review.app_id][review.recommendation] += 1
    counts = table.reviews_per_app()
    outliers: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for outlier in ranking.outliers:
        outliers[outlier.app_id].append({"expert_id": outlier.expert_id, "score": outlier.score,
                                         "expected": outlier.expected, "z": outlier.robust_z})
    overrides, province = _overrides(call.id), _provinces(call.id)
    result = {}
    for i, app_id in enumerate(table.app_ids):
        app, n = inputs.applications[app_id], int(counts[i])
        result[app_id] = {
            "title": app.title, "track": app.track, "direction": app.direction,
            "requested_yuan": app.requested_yuan, "n_reviews": n,
            "mean": _finite(mean[i]), "trimmed": _finite(trimmed[i]),
            "indicators": {k: sums[app_id][k] / n for k in keys},
            "tally": {rec: tally[app_id][rec] for rec in RECOMMENDATIONS},
            "flags": [flag for flag in PRIORITY_FLAGS if getattr(app, flag)],
            "provinces": sorted({province[u] for u in app.partner_unit_ids or () if u in province}),
            "overrides": overrides.get(app_id, []),
            "outliers": outliers.get(app_id, []),
        }
    return result


def _tracks(ranking: CallRanking) -> dict[str, dict[str, Any]]:
    """Per track: Krippendorff's alpha (interval) and every review total, for the histogram."""
    assert ranking.inputs is not None
    table, apps = ranking.inputs.table, ranking.inputs.applications
    track_of = np.array([apps[a].track for a in table.app_ids])
    result = {}
    for track in ranking.tracks:
        mine = track_of[table.app_idx] == track.track_id
        alpha = krippendorff_alpha_interval(table.app_idx[mine], table.score[mine])
        result[track.track_id] = {"alpha": _finite(alpha),
                                  "totals": [float(x) for x in table.score[mine]]}
    return result


def _leniency(ranking: CallRanking) -> list[dict[str, Any]]:
    """Each expert's leniency with its 90 % interval, most lenient first."""
    assert ranking.inputs is not None and ranking.posterior is not None
    found = expert_leniency(ranking.inputs.table, ranking.posterior)
    rows = [
        {"expert_id": found.expert_ids[i], "n": int(found.n_reviews[i]),
         "leniency": float(found.leniency[i]), "low": float(found.low[i]),
         "high": float(found.high[i])}
        for i in range(len(found.expert_ids))
    ]
    return sorted(rows, key=lambda row: -row["leniency"])


def _convergence(ranking: CallRanking) -> dict[str, Any]:
    """The sampler's convergence report: chains, smallest ESS, largest R-hat, and the verdict."""
    assert ranking.posterior is not None
    report = ranking.posterior.convergence
    return {"chains": report.chains, "draws_per_chain": report.draws_per_chain,
            "min_ess": _finite(report.min_ess), "max_rhat": _finite(report.max_rhat),
            "converged": bool(report.converged), "ess_floor": MIN_ESS, "rhat_ceiling": MAX_RHAT}


def ranking_extras(call: Call, ranking: CallRanking) -> dict[str, Any]:
    """Everything the committee pages show beside the ranked rows, as JSON-ready data."""
    return {
        "convergence": _convergence(ranking),
        "applications": _applications(call, ranking),
        "tracks": _tracks(ranking),
        "leniency": _leniency(ranking),
        "rubric": [[i.key, i.name, i.name_en, i.points] for i in call.call_settings().rubric],
    }
