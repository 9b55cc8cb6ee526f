"""Rubric indicators and review totals out of 100, with the call's weights."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RubricIndicator:
    """One indicator: scored 0..points in half points; weight is its share of 100."""

    key: str
    points: float
    priority: int = 1  # tie-break order: 1 is looked at first
    weight: float | None = None  # None: the weight is the points themselves


@dataclass(frozen=True)
class Rubric:
    """The indicators of a call, in display order."""

    indicators: tuple[RubricIndicator, ...]

    def __post_init__(self) -> None:
        """Reject empty rubrics, duplicate keys and non-positive points or weights."""
        if not self.indicators:
            raise ValueError("a rubric needs at least one indicator")
        keys = [ind.key for ind in self.indicators]
        if len(set(keys)) != len(keys):
            raise ValueError(f"duplicate indicator keys: {keys}")
        for ind in self.indicators:
            if ind.points <= 0 or (ind.weight is not None and ind.weight <= 0):
                raise ValueError(f"indicator {ind.key}: points and weight must be positive")

    @property
    def keys(self) -> tuple[str, ...]:
        """Indicator keys in display order."""
        return tuple(ind.key for ind in self.indicators)

    @property
    def priority_keys(self) -> tuple[str, ...]:
        """Indicator keys in tie-break order (priority 1 first, then display order)."""
        ordered = sorted(enumerate(self.indicators), key=lambda pair: (pair[1].priority, pair[0]))
        return tuple(ind.key for _, ind in ordered)

    def weights(self) -> dict[str, float]:
        """Each indicator's weight, scaled so the weights add up to 100."""
        raw = {ind.key: ind.points if ind.weight is None else ind.weight for ind in self.indicators}
        total = sum(raw.values())
        return {key: 100.0 * value / total for key, value in raw.items()}


def score_problems(rubric: Rubric, scores: Mapping[str, float]) -> dict[str, str]:
    """Map each indicator key whose score is missing or invalid to the reason (English)."""
    problems: dict[str, str] = {}
    for ind in rubric.indicators:
        if ind.key not in scores or scores[ind.key] is None:
            problems[ind.key] = "missing"
            continue
        value = scores[ind.key]
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            problems[ind.key] = "not a number"
        elif not 0 <= value <= ind.points:
            problems[ind.key] = f"outside 0..{ind.points:g}"
        elif (value * 2) != int(value * 2):
            problems[ind.key] = "only whole or half points"
    for key in scores:
        if key not in rubric.keys:
            problems[key] = "not an indicator of this rubric"
    return problems


def review_total(rubric: Rubric, scores: Mapping[str, float]) -> float:
    """The review's total out of 100: each indicator's fraction of its points times its weight."""
    problems = score_problems(rubric, scores)
    if problems:
        raise ValueError(f"invalid scores: {problems}")
    weights = rubric.weights()
    return sum(weights[ind.key] * scores[ind.key] / ind.points for ind in rubric.indicators)


def review_totals(rubric: Rubric, score_rows: Sequence[Mapping[str, float]]) -> list[float]:
    """Totals out of 100 for many reviews, in order."""
    return [review_total(rubric, row) for row in score_rows]
