"""Simulated reviews for the demo call: seeded scores, recommendations and short comments.

Each application has a latent quality and a profile of stronger and weaker indicators;
each expert has a leniency bias and a diligence (the share of their pairs they have
submitted). Nothing here touches the database, so the simulation is tested alone.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from reviewapp.call_settings_model import Indicator
from scoring.rubric import Rubric, RubricIndicator, review_total

SUBMITTED, DRAFT, PENDING = "submitted", "draft", "pending"
# Totals at or above these earn the recommendation; below the last, 不予支持.
RECOMMEND_AT = ((85.0, "优先支持"), (65.0, "同意支持"))
REJECT = "不予支持"
STRONG = ("{}方面论证充分，优势明显", "{}较为突出", "{}基础扎实")
WEAK = ("{}有待加强", "{}论证尚不充分", "{}需进一步细化")
CLOSING = {
    "优先支持": ("整体水平较高，建议优先支持。", "项目特色鲜明，建议优先支持。"),
    "同意支持": ("总体可行，建议支持。", "方案基本合理，同意支持。"),
    REJECT: ("总体论证不足，建议不予支持。", "实施方案可行性不足，不建议支持。"),
}


@dataclass(frozen=True)
class SimulatedReview:
    """One simulated review: submitted with every score, or a draft with some scores."""

    app_id: str
    expert_id: str
    status: str  # submitted / draft
    scores: tuple[tuple[str, float], ...]  # (indicator key, points) in rubric order
    total: float | None  # None for a draft
    recommendation: str
    comment: str


def recommendation_for(total: float) -> str:
    """The recommendation an expert gives with this total out of 100."""
    return next((label for floor, label in RECOMMEND_AT if total >= floor), REJECT)


def _half_points(fraction: float, points: float) -> float:
    """A fraction of the points, clipped to 0..points and rounded to half points."""
    return round(min(max(fraction, 0.0), 1.0) * points * 2) / 2


def _comment(rng: random.Random, indicators: Sequence[Indicator],
             scores: Sequence[float], recommendation: str) -> str:
    """A short Chinese comment naming the strongest and weakest indicator."""
    shares = [score / ind.points for ind, score in zip(indicators, scores, strict=True)]
    strong = indicators[max(range(len(shares)), key=shares.__getitem__)].name
    weak = indicators[min(range(len(shares)), key=shares.__getitem__)].name
    return (rng.choice(STRONG).format(strong) + "，" + rng.choice(WEAK).format(weak) + "；"
            + rng.choice(CLOSING[recommendation]))


def _statuses(rng: random.Random, pairs: Sequence[tuple[str, str]],
              slow_experts: Collection[str]) -> dict[tuple[str, str], str]:
    """Submitted, draft or pending for each pair, from each expert's diligence."""
    by_expert: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for pair in sorted(set(pairs)):
        by_expert[pair[1]].append(pair)
    statuses: dict[tuple[str, str], str] = {}
    for expert_id, own in sorted(by_expert.items()):
        if expert_id in slow_experts:
            # A demo login finds work of each kind: half still open, one of them a draft.
            open_count = (len(own) + 1) // 2
            for index, pair in enumerate(own):
                statuses[pair] = (PENDING if index < open_count - 1 else
                                  DRAFT if index == open_count - 1 else SUBMITTED)
            continue
        # Half the experts have finished; the others are somewhere along the way.
        diligence = 1.0 if rng.random() < 0.5 else rng.uniform(0.4, 0.95)
        for pair in own:
            if rng.random() < diligence:
                statuses[pair] = SUBMITTED
            else:
                statuses[pair] = DRAFT if rng.random() < 0.3 else PENDING
    return statuses


def simulate_reviews(pairs: Sequence[tuple[str, str]], indicators: Sequence[Indicator],
                     seed: int, slow_experts: Collection[str] = ()) -> list[SimulatedReview]:
    """Reviews of the (app_id, expert_id) pairs; pending pairs get none. Same seed, same result.

    Experts in `slow_experts` leave about half their pairs open, one as a draft.
    """
    rng = random.Random(seed)
    rubric = Rubric(tuple(RubricIndicator(i.key, float(i.points), i.priority)
                          for i in indicators))
    statuses = _statuses(rng, pairs, slow_experts)
    apps = sorted({app_id for app_id, _ in statuses})
    experts = sorted({expert_id for _, expert_id in statuses})
    quality = {app_id: rng.gauss(0.0, 1.0) for app_id in apps}
    profile = {app_id: [rng.gauss(0.0, 0.5) for _ in indicators] for app_id in apps}
    leniency = {expert_id: rng.gauss(0.0, 1.0) for expert_id in experts}
    reviews = []
    for (app_id, expert_id), status in sorted(statuses.items()):
        if status == PENDING:
            continue
        scores = [
            _half_points(0.70 + 0.10 * (quality[app_id] + profile[app_id][i])
                         + 0.05 * leniency[expert_id] + rng.gauss(0.0, 0.06), ind.points)
            for i, ind in enumerate(indicators)
        ]
        keyed = tuple((ind.key, score) for ind, score in zip(indicators, scores, strict=True))
        if status == DRAFT:
            # A draft stops part way through the rubric, without a verdict yet.
            filled = rng.randrange(1, len(indicators)) if len(indicators) > 1 else 1
            reviews.append(SimulatedReview(app_id, expert_id, DRAFT, keyed[:filled], None,
                                           "", ""))
            continue
        total = review_total(rubric, dict(keyed))
        recommendation = recommendation_for(total)
        reviews.append(SimulatedReview(app_id, expert_id, SUBMITTED, keyed, total,
                                       recommendation,
                                       _comment(rng, indicators, scores, recommendation)))
    return reviews
