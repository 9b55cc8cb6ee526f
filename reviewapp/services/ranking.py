"""Ranked funding lists of a call: stored reviews → scoring library → per-track rows."""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import xlsxwriter
from sqlalchemy import select

from reviewapp.extensions import db
from reviewapp.models import Application, Assignment, Call, Expert, Review
from reviewapp.services.reviews_import import call_rubric
from scoring.bayes import sample_posterior
from scoring.calibrate import calibrate
from scoring.ordering import Candidate
from scoring.ranking import TrackRanking, rank_track
from scoring.reliability import OutlierReview, outlier_reviews
from scoring.rubric import review_total
from scoring.table import ReviewTable, build_table

# The ranked sheet's columns, written with their English keys as the header row.
RANK_COLUMNS = (
    "app_id", "rank", "score", "score_low", "score_high", "requested_wan", "cumulative_wan",
    "funded",
)
# Reviews that count: an expert's final word.
COUNTED_STATUSES = ("submitted", "locked")


class RankingError(ValueError):
    """The call cannot be ranked as asked (no call, no reviews, unknown track)."""


@dataclass(frozen=True)
class TrackList:
    """One track's ranked list and the budget that drew its line."""

    track_id: str
    budget_yuan: int | None
    ranking: TrackRanking


@dataclass(frozen=True)
class CallRanking:
    """Every track's list, plus what the committee should know about the reviews."""

    call_id: int
    tracks: tuple[TrackList, ...]
    n_reviews: int
    components: int  # connected groups of the review graph; 1 means one common scale
    outliers: tuple[OutlierReview, ...]
    seed: int


@dataclass(frozen=True)
class _Inputs:
    """Reviews of a call as the scoring library wants them."""

    table: ReviewTable
    tie_keys: dict[str, tuple[float, ...]]
    applications: dict[str, Application]


def load_inputs(call: Call) -> _Inputs:
    """Submitted reviews of the call as a review table, with indicator means per application."""
    rubric = call_rubric(call.call_settings())
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
    for review, application, expert_code in db.session.execute(query):
        total = review.total if review.total is not None else review_total(rubric, review.scores)
        triples.append((application.app_id, expert_code, float(total)))
        indicator_sums[application.app_id] += [
            float(review.scores.get(key, 0)) for key in rubric.priority_keys
        ]
        counts[application.app_id] += 1
        applications[application.app_id] = application
    tie_keys = {
        app_id: tuple(float(x) for x in sums / counts[app_id])
        for app_id, sums in indicator_sums.items()
    }
    return _Inputs(build_table(triples), tie_keys, applications)


def rank_call(
    call_id: int,
    budgets_yuan: dict[str, int] | None = None,
    seed: int = 0,
    draws: int = 1000,
    lottery: bool = False,
) -> CallRanking:
    """Calibrate all reviews of the call together, then rank each track under its budget.

    A budget given here replaces the track's stored one; a track with neither gets a
    ranked list without a funding line.
    """
    call = db.session.get(Call, call_id)
    if call is None:
        raise RankingError(f"no call {call_id}")
    track_ids = [track.track_id for track in call.tracks]
    unknown = sorted(set(budgets_yuan or {}) - set(track_ids))
    if unknown:
        raise RankingError(f"call {call_id} has no track {', '.join(unknown)}")
    inputs = load_inputs(call)
    if inputs.table.n_reviews == 0:
        raise RankingError(f"call {call_id} has no submitted reviews")
    calibration = calibrate(inputs.table)
    posterior = sample_posterior(inputs.table, draws=draws, seed=seed)
    score = dict(zip(inputs.table.app_ids, calibration.score, strict=True))
    lists = []
    for track in call.tracks:
        budget = (budgets_yuan or {}).get(track.track_id, track.budget_yuan)
        candidates = [
            Candidate(app_id, app.requested_yuan, float(score[app_id]), inputs.tie_keys[app_id],
                      groups=(f"direction:{app.direction}",))
            for app_id, app in sorted(inputs.applications.items())
            if app.track == track.track_id
        ]
        ranking = rank_track(candidates, posterior, budget, seed, lottery=lottery)
        lists.append(TrackList(track.track_id, budget, ranking))
    return CallRanking(
        call_id=call_id,
        tracks=tuple(lists),
        n_reviews=inputs.table.n_reviews,
        components=len(calibration.components),
        outliers=outlier_reviews(inputs.table, calibration),
        seed=seed,
    )


def _wan(yuan: int) -> float:
    """Yuan as 万元 rounded half-up to two decimals, for a spreadsheet cell."""
    return float((Decimal(yuan) / 10_000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def ranking_workbook(ranking: CallRanking) -> bytes:
    """The ranked lists as .xlsx: one sheet per track named by its id, keys as headers."""
    target = io.BytesIO()
    # Never let an id or a name become a formula.
    book = xlsxwriter.Workbook(target, {"in_memory": True, "strings_to_formulas": False})
    two_decimals = book.add_format({"num_format": "0.00"})
    header = book.add_format({"bold": True})
    for track in ranking.tracks:
        sheet = book.add_worksheet(track.track_id)
        sheet.write_row(0, 0, RANK_COLUMNS, header)
        for r, row in enumerate(track.ranking.rows, start=1):
            sheet.write_string(r, 0, row.app_id)
            sheet.write_number(r, 1, row.rank)
            for c, value in enumerate((row.score, row.score_low, row.score_high), start=2):
                sheet.write_number(r, c, round(value, 2), two_decimals)
            sheet.write_number(r, 5, _wan(row.requested_yuan), two_decimals)
            sheet.write_number(r, 6, _wan(row.cumulative_yuan), two_decimals)
            sheet.write_string(r, 7, "是" if row.funded else "否")
        sheet.freeze_panes(1, 0)
    book.close()
    return target.getvalue()
