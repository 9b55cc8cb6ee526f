"""Reads for the committee's pages: the current run's rows per track, shown without sampling.

Experts appear as 专家 1, 专家 2 … unless the call lets the committee see who they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    Assignment,
    Call,
    CallTrack,
    Decision,
    DecisionList,
    Expert,
    RankingRun,
    Review,
    User,
)
from reviewapp.services import committee_charts as charts
from reviewapp.services.decisions import decision_list, decisions
from reviewapp.services.ranking import COUNTED_STATUSES
from reviewapp.services.ranking_runs import current_run, is_fresh


def committee_call(call_id: int) -> Call | None:
    """The call with this id, if there is one."""
    return db.session.get(Call, call_id)


def committee_calls() -> list[Call]:
    """Every call with its tracks, newest deadline first."""
    query = select(Call).options(selectinload(Call.tracks)).order_by(Call.deadline.desc())
    return list(db.session.scalars(query))


def shows_experts(call: Call) -> bool:
    """Whether the call lets the committee see the experts' identities."""
    return bool(call.call_settings().funding.get("show_expert_identities"))


def expert_labels(call: Call, run: RankingRun) -> dict[str, str]:
    """How each expert of the run is named to the committee: the code, or 专家 N."""
    codes = sorted(row["expert_id"] for row in run.result["extras"]["leniency"])
    if shows_experts(call):
        return {code: code for code in codes}
    return {code: _("Expert %(n)s", n=n) for n, code in enumerate(codes, start=1)}


@dataclass(frozen=True)
class RunInfo:
    """What the pages say about the current run."""

    run: RankingRun
    fresh: bool
    made_by: str


def run_info(call_id: int, run_id: int | None = None) -> RunInfo | None:
    """The call's current run (or the run given), whether it still reads today's data, and
    who made it."""
    run = current_run(call_id) if run_id is None else db.session.get(RankingRun, run_id)
    if run is None:
        return None
    user = db.session.get(User, run.created_by) if run.created_by else None
    made_by = (user.display_name or user.username) if user else _("command line")
    return RunInfo(run, is_fresh(run), made_by)


def track_rows(run: RankingRun, track_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One track of the run: its stored summary and each ranked row joined with its extras."""
    extras = run.result["extras"]
    for track in run.result["ranking"]["tracks"]:
        if track["track_id"] == track_id:
            apps = extras["applications"]
            rows = [{**apps[row["app_id"]], **row} for row in track["rows"]]
            return {**track, **extras["tracks"][track_id]}, rows
    raise LookupError(track_id)


TrackRows = tuple[CallTrack, dict[str, Any], list[dict[str, Any]]]


def call_workspace(call: Call) -> tuple[RunInfo | None, list[TrackRows]]:
    """The call's current run and, when there is one, each track's summary and rows."""
    info = run_info(call.id)
    if info is None:
        return None, []
    return info, [(track, *track_rows(info.run, track.track_id)) for track in call.tracks]


@dataclass(frozen=True)
class TrackPage:
    """One track's ranked list as the track page shows it, with its caterpillar chart."""

    info: RunInfo
    track: CallTrack
    summary: dict[str, Any]
    rows: list[dict[str, Any]]
    chart: dict[str, Any]


def track_page_data(call: Call, track_id: str) -> TrackPage | None:
    """The track's list in the current run (None when no run exists); LookupError when the
    call has no such track."""
    track = next((t for t in call.tracks if t.track_id == track_id), None)
    if track is None:
        raise LookupError(track_id)
    info = run_info(call.id)
    if info is None:
        return None
    summary, rows = track_rows(info.run, track_id)
    return TrackPage(info, track, summary, rows, charts.caterpillar(rows, summary["line_rank"]))


@dataclass(frozen=True)
class ChartsPage:
    """The charts page: scores per track, expert leniency, budget use of the funded rows."""

    info: RunInfo
    labels: dict[str, str]
    leniency_rows: list[dict[str, Any]]
    histogram: dict[str, Any]
    leniency: dict[str, Any]
    directions: dict[str, Any]
    provinces: dict[str, Any]


def charts_page_data(call: Call) -> ChartsPage | None:
    """Every chart of the call's current run, or None when no run exists."""
    info = run_info(call.id)
    if info is None:
        return None
    extras = info.run.result["extras"]
    funded = [row for track in call.tracks for row in track_rows(info.run, track.track_id)[1]
              if row["funded"]]
    labels = expert_labels(call, info.run)
    return ChartsPage(
        info, labels, extras["leniency"],
        histogram=charts.score_histogram(
            {t: data["totals"] for t, data in extras["tracks"].items()}),
        leniency=charts.leniency(extras["leniency"], labels),
        directions=charts.budget_use(funded, "direction"),
        provinces=charts.budget_use(funded, "provinces"),
    )


@dataclass(frozen=True)
class ReviewShown:
    """One counted review as the committee sees it: scores and comment, the expert labelled."""

    expert: str
    scores: dict[str, Any]
    total: float | None
    recommendation: str
    comment: str


def application_reviews(call: Call, app_id: str) -> tuple[Application, list[ReviewShown]] | None:
    """An application of the call and its counted reviews, experts named as the call allows."""
    application = db.session.scalar(
        select(Application).where(Application.call_id == call.id, Application.app_id == app_id))
    if application is None:
        return None
    query = (
        select(Review, Expert.expert_id)
        .join(Assignment, Review.assignment_id == Assignment.id)
        .join(Expert, Assignment.expert_id == Expert.id)
        .where(Assignment.application_id == application.id,
               Review.status.in_(COUNTED_STATUSES))
        .order_by(Expert.expert_id)
    )
    found = list(db.session.execute(query))
    show = shows_experts(call)
    run = current_run(call.id)
    labels = expert_labels(call, run) if run is not None else {}
    reviews = [
        ReviewShown(code if show else labels.get(code, _("Expert %(n)s", n=n)), review.scores,
                    review.total, review.recommendation, review.comment)
        for n, (review, code) in enumerate(found, start=1)
    ]
    return application, reviews


@dataclass(frozen=True)
class DecisionPage:
    """The decision list page: the run, each track's rows with their decisions, the list."""

    info: RunInfo | None
    tracks: list[tuple[str, dict[str, Any], list[dict[str, Any]]]]
    decisions: dict[str, Decision]
    decision_list: DecisionList | None
    frozen_by: str


def decision_page_data(call: Call) -> DecisionPage:
    """Everything the decision list shows, read without sampling; a frozen list its own run."""
    found = decision_list(call.id)
    frozen_run = found.frozen_run_id if found is not None and found.frozen else None
    info = run_info(call.id, frozen_run)
    tracks = []
    if info is not None:
        for track in call.tracks:
            summary, rows = track_rows(info.run, track.track_id)
            tracks.append((track.track_id, summary, rows))
    frozen_by = ""
    if found is not None and found.frozen_by:
        user = db.session.get(User, found.frozen_by)
        frozen_by = (user.display_name or user.username) if user else ""
    return DecisionPage(info, tracks, decisions(call.id), found, frozen_by)
