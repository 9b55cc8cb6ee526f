"""Ranked funding lists of a call: stored reviews → scoring library → per-track rows."""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

import numpy as np
from sqlalchemy import select

from reviewapp.call_settings_model import PRIORITY_FLAGS, CallSettings
from reviewapp.extensions import db
from reviewapp.models import Application, Assignment, Call, Expert, Review, Unit
from reviewapp.money import wan_to_yuan, yuan_to_wan
from reviewapp.progress import N_, NO_PROGRESS, Progress
from reviewapp.services.reviews_import import call_rubric
from scoring.bayes import Posterior, sample_posterior
from scoring.calibrate import Calibration, calibrate
from scoring.ordering import Candidate, rank_order
from scoring.quotas import Quota, QuotaInfeasible, knapsack_comparison
from scoring.ranking import TrackRanking, rank_track
from scoring.reliability import OutlierReview, outlier_reviews
from scoring.rubric import review_total
from scoring.table import ReviewTable, build_table

# Reviews that count: an expert's final word.
COUNTED_STATUSES = ("submitted", "locked")


# Steps a stored ranking run reports (a background job's progress bar): reading and
# calibrating, one per sampler chain, ranking the tracks, storing the run.
SAMPLER_CHAINS = 4
RANKING_STEPS = 2 + SAMPLER_CHAINS + 2


# Quota groups a call may set, and the prefix of the candidate group each one counts.
QUOTA_GROUPS = {"direction": "direction", "partner_province": "province"}


class RankingError(ValueError):
    """The call cannot be ranked as asked (no call, no reviews, unknown track)."""


@dataclass(frozen=True)
class TrackQuota:
    """A quota of the call's funding rules and the track it binds (None: every track)."""

    track: str | None
    kind: str  # direction or partner_province
    value: str
    quota: Quota

    def describe(self) -> str:
        """The quota in the `--quota` syntax, for the summary sheet."""
        bounds = [f"min={self.quota.min_count}"] if self.quota.min_count else []
        if self.quota.max_count is not None:
            bounds.append(f"max={self.quota.max_count}")
        if self.quota.max_yuan is not None:
            bounds.append(f"max_wan={float(yuan_to_wan(self.quota.max_yuan) or 0):g}")
        return f"{self.track or '*'}:{self.kind}:{self.value}:{','.join(bounds)}"


@dataclass(frozen=True)
class FundingRules:
    """How the funding line is drawn: cut cap, lottery zone, recorded seed, quotas."""

    max_cut_percent: int = 0
    lottery: bool = False
    lottery_seed: int | None = None
    quotas: tuple[TrackQuota, ...] = ()

    def quotas_for(self, track_id: str) -> tuple[TrackQuota, ...]:
        """The quotas that bind this track."""
        return tuple(q for q in self.quotas if q.track in (None, track_id))

    @property
    def active(self) -> bool:
        """Whether anything beyond plain rank order with skipping draws the line."""
        return bool(self.max_cut_percent or self.lottery or self.quotas)


@dataclass(frozen=True)
class TrackList:
    """One track's ranked list and the budget that drew its line."""

    track_id: str
    budget_yuan: int | None
    ranking: TrackRanking
    quotas: tuple[TrackQuota, ...] = ()
    knapsack_funded: tuple[str, ...] | None = None  # comparison only; None when not asked


@dataclass(frozen=True)
class ReviewFact:
    """One counted review as the committee's extras read it."""

    review_id: int
    version: int
    app_id: str
    expert_id: str
    total: float
    scores: dict[str, float]
    recommendation: str


@dataclass(frozen=True, eq=False)
class RankingInputs:
    """Reviews of a call as the scoring library wants them, and the facts behind them."""

    table: ReviewTable
    tie_keys: dict[str, tuple[float, ...]]  # priority flags (1/0), then indicator means
    applications: dict[str, Application]
    reviews: tuple[ReviewFact, ...]
    priorities: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class CallRanking:
    """Every track's list, plus what the committee should know about the reviews.

    The sampler seed drives the posterior draws; the lottery seed the tie lottery and the
    lottery zone. `inputs`, `posterior` and `calibration` are None once read back from a
    stored run (they are not stored).
    """

    call_id: int
    tracks: tuple[TrackList, ...]
    n_reviews: int
    components: int  # connected groups of the review graph; 1 means one common scale
    outliers: tuple[OutlierReview, ...]
    sampler_seed: int
    lottery_seed: int
    rules: FundingRules
    inputs: RankingInputs | None = None
    posterior: Posterior | None = None
    calibration: Calibration | None = None


def call_priorities(settings: CallSettings) -> tuple[str, ...]:
    """The call's tie-breaking flags (funding.priorities) in order; unknown names are an error."""
    names = tuple(settings.funding.get("priorities", PRIORITY_FLAGS) or ())
    unknown = [name for name in names if name not in PRIORITY_FLAGS]
    if unknown or len(set(names)) != len(names):
        raise RankingError(f"priorities must be distinct names from {', '.join(PRIORITY_FLAGS)}")
    return names


def new_seed() -> int:
    """A seed drawn at random, to be recorded with the run it drives."""
    return secrets.randbelow(2**31)


def load_inputs(call: Call) -> RankingInputs:
    """Submitted reviews of the call as a review table, with tie keys per application."""
    settings = call.call_settings()
    rubric = call_rubric(settings)
    priorities = call_priorities(settings)
    query = (
        select(Review, Application, Expert.expert_id)
        .join(Assignment, Review.assignment_id == Assignment.id)
        .join(Application, Assignment.application_id == Application.id)
        .join(Expert, Assignment.expert_id == Expert.id)
        .where(Assignment.call_id == call.id, Review.status.in_(COUNTED_STATUSES))
    )
    triples: list[tuple[str, str, float]] = []
    indicator_sums: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(len(rubric.keys)))
    counts: dict[str, int] = defaultdict(int)
    applications: dict[str, Application] = {}
    facts: list[ReviewFact] = []
    for review, application, expert_code in db.session.execute(query.order_by(Review.id)):
        total = review.total if review.total is not None else review_total(rubric, review.scores)
        triples.append((application.app_id, expert_code, float(total)))
        facts.append(ReviewFact(review.id, review.version, application.app_id, expert_code,
                                float(total), dict(review.scores), review.recommendation))
        indicator_sums[application.app_id] += [
            float(review.scores.get(key, 0)) for key in rubric.priority_keys
        ]
        counts[application.app_id] += 1
        applications[application.app_id] = application
    tie_keys = {
        app_id: (*(float(getattr(applications[app_id], flag)) for flag in priorities),
                 *(float(x) for x in sums / counts[app_id]))
        for app_id, sums in indicator_sums.items()
    }
    return RankingInputs(build_table(triples), tie_keys, applications, tuple(facts), priorities)


def _count(quota: Mapping[str, Any], key: str) -> int | None:
    """A quota's count bound: a whole number ≥ 0, or None."""
    value = quota.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise RankingError(f"quota {dict(quota)}: {key} must be a whole number ≥ 0")
    return value


def _track_quota(quota: Mapping[str, Any], settings: CallSettings) -> TrackQuota:
    """Check one stored or command-line quota and turn it into the library's `Quota`."""
    if not isinstance(quota, Mapping):
        raise RankingError(f"quota {quota!r}: expected a mapping of track, group, value, bounds")
    track, kind, value = quota.get("track"), quota.get("group"), str(quota.get("value", ""))
    if track is not None and track not in {t.track_id for t in settings.tracks}:
        raise RankingError(f"quota {dict(quota)}: the call has no track {track}")
    if kind not in QUOTA_GROUPS:
        raise RankingError(f"quota {dict(quota)}: group must be one of {', '.join(QUOTA_GROUPS)}")
    if not value.strip():
        raise RankingError(f"quota {dict(quota)}: value is empty")
    if kind == "direction" and value not in settings.directions:
        raise RankingError(f"quota {dict(quota)}: the call has no direction {value}")
    min_count, max_count = _count(quota, "min_count"), _count(quota, "max_count")
    max_yuan = None
    if quota.get("max_wan") is not None:
        try:
            max_yuan = wan_to_yuan(Decimal(str(quota["max_wan"]))) or 0
        except InvalidOperation:
            max_yuan = -1
        if max_yuan < 0:
            raise RankingError(f"quota {dict(quota)}: max_wan must be a number ≥ 0")
    if min_count is None and max_count is None and max_yuan is None:
        raise RankingError(f"quota {dict(quota)}: give min_count, max_count or max_wan")
    if min_count is not None and max_count is not None and min_count > max_count:
        raise RankingError(f"quota {dict(quota)}: min_count exceeds max_count")
    group = f"{QUOTA_GROUPS[kind]}:{value}"
    return TrackQuota(track, kind, value, Quota(group, min_count or 0, max_count, max_yuan))


def funding_rules(
    settings: CallSettings, overrides: Mapping[str, Any] | None = None
) -> FundingRules:
    """The call's stored funding rules with overrides on top (a None override keeps the stored)."""
    data = {**settings.funding, **{k: v for k, v in (overrides or {}).items() if v is not None}}
    cut = data.get("max_cut_percent") or 0
    if isinstance(cut, bool) or not isinstance(cut, int) or not 0 <= cut < 100:
        raise RankingError("max_cut_percent must be a whole number from 0 to 99")
    seed = data.get("lottery_seed")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or seed < 0):
        raise RankingError("lottery_seed must be a whole number ≥ 0")
    quotas = tuple(_track_quota(q, settings) for q in data.get("quotas") or ())
    return FundingRules(cut, bool(data.get("lottery")), seed, quotas)


def _partner_provinces(call_id: int) -> dict[str, str]:
    """Province of every unit of the call, by its workbook code."""
    query = select(Unit.unit_id, Unit.province).where(Unit.call_id == call_id)
    return {unit_id: province for unit_id, province in db.session.execute(query)}


def _rank_one(
    track_id: str, candidates: list[Candidate], posterior: Posterior, budget: int | None,
    seed: int, rules: FundingRules, compare_knapsack: bool,
) -> TrackList:
    """Rank one track under the call's funding rules, with the knapsack comparison if asked."""
    quotas = rules.quotas_for(track_id)
    if quotas and (rules.lottery or rules.max_cut_percent):
        raise RankingError(
            f"track {track_id}: quotas cannot be combined with the lottery zone or with cuts "
            "(max_cut_percent); drop the quotas or switch the lottery and cuts off"
        )
    try:
        ranking = rank_track(
            candidates, posterior, budget, seed, lottery=rules.lottery,
            quotas=tuple(q.quota for q in quotas), max_cut_percent=rules.max_cut_percent,
        )
    except QuotaInfeasible as error:
        raise RankingError(f"track {track_id}: {error}") from error
    knapsack = None
    if compare_knapsack and budget is not None and candidates:
        line = knapsack_comparison(candidates, budget, rank_order(candidates, seed))
        knapsack = tuple(c.app_id for c, funded in zip(candidates, line.funded, strict=True)
                         if funded)
    return TrackList(track_id, budget, ranking, quotas, knapsack)


def rank_call(
    call_id: int,
    budgets_yuan: dict[str, int] | None = None,
    seed: int | None = None,
    draws: int = 2000,
    lottery: bool | None = None,
    max_cut_percent: int | None = None,
    quotas: Sequence[Mapping[str, Any]] | None = None,
    compare_knapsack: bool = False,
    sampler_seed: int | None = None,
    lottery_seed: int | None = None,
    progress: Progress = NO_PROGRESS,
) -> CallRanking:
    """Calibrate all reviews of the call together, then rank each track under its budget.

    A budget given here replaces the track's stored one; a track with neither gets a
    ranked list without a funding line. lottery, max_cut_percent and quotas replace the
    call's stored funding rules when not None. `seed` sets both seeds at once; the
    sampler seed otherwise defaults to a random one, the lottery seed to the call's
    lottery_seed, else a random one. Both are recorded in the result. `progress` hears
    steps 1 … RANKING_STEPS - 1 (the caller storing the run reports the last one).
    """
    call = db.session.get(Call, call_id)
    if call is None:
        raise RankingError(f"no call {call_id}")
    track_ids = [track.track_id for track in call.tracks]
    unknown = sorted(set(budgets_yuan or {}) - set(track_ids))
    if unknown:
        raise RankingError(f"call {call_id} has no track {', '.join(unknown)}")
    rules = funding_rules(call.call_settings(), {
        "lottery": lottery, "max_cut_percent": max_cut_percent, "quotas": quotas,
    })
    sampler_seed = next(s for s in (sampler_seed, seed, new_seed()) if s is not None)
    lottery_seed = next(
        s for s in (lottery_seed, seed, rules.lottery_seed, new_seed()) if s is not None
    )
    progress.step(1, RANKING_STEPS, N_("Reading the reviews"))
    inputs = load_inputs(call)
    if inputs.table.n_reviews == 0:
        raise RankingError(f"call {call_id} has no submitted reviews")
    progress.step(2, RANKING_STEPS, N_("Calibrating the scores"))
    calibration = calibrate(inputs.table)

    def on_chain(chain: int, chains: int) -> None:
        """One step per sampler chain (a cancel stops the sampling here)."""
        progress.step(3 + min(chain, SAMPLER_CHAINS - 1), RANKING_STEPS,
                      N_("Sampling the posterior (one chain per step)"))

    posterior = sample_posterior(inputs.table, draws=draws, seed=sampler_seed,
                                 chains=SAMPLER_CHAINS, on_chain=on_chain)
    progress.step(RANKING_STEPS - 1, RANKING_STEPS, N_("Ranking each track under its budget"))
    score = dict(zip(inputs.table.app_ids, calibration.score, strict=True))
    province = _partner_provinces(call_id)
    lists = []
    for track in call.tracks:
        budget = (budgets_yuan or {}).get(track.track_id, track.budget_yuan)
        # A project with partners in two provinces counts in both provinces' quotas.
        candidates = [
            Candidate(app_id, app.requested_yuan, float(score[app_id]), inputs.tie_keys[app_id],
                      groups=(f"direction:{app.direction}", *sorted({
                          f"province:{province[u]}" for u in app.partner_unit_ids
                          if u in province})))
            for app_id, app in sorted(inputs.applications.items())
            if app.track == track.track_id
        ]
        lists.append(_rank_one(track.track_id, candidates, posterior, budget, lottery_seed,
                               rules, compare_knapsack))
    return CallRanking(
        call_id=call_id,
        tracks=tuple(lists),
        n_reviews=inputs.table.n_reviews,
        components=len(calibration.components),
        outliers=outlier_reviews(inputs.table, calibration),
        sampler_seed=sampler_seed,
        lottery_seed=lottery_seed,
        rules=rules,
        inputs=inputs,
        posterior=posterior,
        calibration=calibration,
    )
