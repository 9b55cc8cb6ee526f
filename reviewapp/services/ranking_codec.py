"""A `CallRanking` as JSON and back, so a stored run rebuilds the very list it computed.

JSON keeps Python floats exactly (shortest repr round-trips), so a workbook written from
a stored run equals the workbook written from the live computation.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from reviewapp.services.ranking import CallRanking, FundingRules, TrackList, TrackQuota
from scoring.funding import FundingLine
from scoring.quotas import Quota
from scoring.ranking import RankedRow, TrackRanking
from scoring.reliability import OutlierReview


def _line_json(line: FundingLine | None) -> dict[str, Any] | None:
    """A funding line as plain data."""
    return None if line is None else dataclasses.asdict(line)


def _line(data: dict[str, Any] | None) -> FundingLine | None:
    """A funding line from plain data."""
    if data is None:
        return None
    return FundingLine(
        order=tuple(data["order"]), amounts_yuan=tuple(data["amounts_yuan"]),
        budget_yuan=data["budget_yuan"], method=data["method"], seed=data["seed"],
        lottery_zone=tuple(data["lottery_zone"]), warning=data["warning"],
    )


def _quota_json(quota: TrackQuota) -> dict[str, Any]:
    """A track quota as plain data."""
    return {"track": quota.track, "kind": quota.kind, "value": quota.value,
            "quota": dataclasses.asdict(quota.quota)}


def _quota(data: dict[str, Any]) -> TrackQuota:
    """A track quota from plain data."""
    return TrackQuota(data["track"], data["kind"], data["value"], Quota(**data["quota"]))


def ranking_to_json(ranking: CallRanking) -> dict[str, Any]:
    """Everything the workbook and the pages read of a ranking, as JSON-ready data."""
    rules = ranking.rules
    return {
        "call_id": ranking.call_id,
        "n_reviews": ranking.n_reviews,
        "components": ranking.components,
        "sampler_seed": ranking.sampler_seed,
        "lottery_seed": ranking.lottery_seed,
        "outliers": [dataclasses.asdict(o) for o in ranking.outliers],
        "rules": {"max_cut_percent": rules.max_cut_percent, "lottery": rules.lottery,
                  "lottery_seed": rules.lottery_seed,
                  "quotas": [_quota_json(q) for q in rules.quotas]},
        "tracks": [
            {
                "track_id": t.track_id,
                "budget_yuan": t.budget_yuan,
                "quotas": [_quota_json(q) for q in t.quotas],
                "knapsack_funded": (None if t.knapsack_funded is None
                                    else list(t.knapsack_funded)),
                "rows": [dataclasses.asdict(row) for row in t.ranking.rows],
                "line": _line_json(t.ranking.line),
                "line_rank": t.ranking.line_rank,
                "seed": t.ranking.seed,
            }
            for t in ranking.tracks
        ],
    }


def ranking_from_json(data: dict[str, Any]) -> CallRanking:
    """The ranking stored by `ranking_to_json` (without inputs, posterior or calibration)."""
    rules = data["rules"]
    tracks = tuple(
        TrackList(
            track_id=t["track_id"],
            budget_yuan=t["budget_yuan"],
            ranking=TrackRanking(
                rows=tuple(RankedRow(**row) for row in t["rows"]),
                line=_line(t["line"]), line_rank=t["line_rank"], seed=t["seed"],
            ),
            quotas=tuple(_quota(q) for q in t["quotas"]),
            knapsack_funded=(None if t["knapsack_funded"] is None
                             else tuple(t["knapsack_funded"])),
        )
        for t in data["tracks"]
    )
    return CallRanking(
        call_id=data["call_id"],
        tracks=tracks,
        n_reviews=data["n_reviews"],
        components=data["components"],
        outliers=tuple(OutlierReview(**o) for o in data["outliers"]),
        sampler_seed=data["sampler_seed"],
        lottery_seed=data["lottery_seed"],
        rules=FundingRules(rules["max_cut_percent"], rules["lottery"], rules["lottery_seed"],
                           tuple(_quota(q) for q in rules["quotas"])),
    )
