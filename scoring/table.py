"""Reviews encoded as arrays: which expert gave which application which total."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)
class ReviewTable:
    """Review totals with application and expert indices into the id tuples."""

    app_ids: tuple[str, ...]
    expert_ids: tuple[str, ...]
    app_idx: np.ndarray  # int, one per review
    expert_idx: np.ndarray  # int, one per review
    score: np.ndarray  # float totals out of 100, one per review

    def __post_init__(self) -> None:
        """Check the arrays agree in length and point inside the id tuples."""
        n = len(self.score)
        if len(self.app_idx) != n or len(self.expert_idx) != n:
            raise ValueError("app_idx, expert_idx and score must have one entry per review")
        if n and (self.app_idx.min() < 0 or self.app_idx.max() >= len(self.app_ids)):
            raise ValueError("app_idx out of range")
        if n and (self.expert_idx.min() < 0 or self.expert_idx.max() >= len(self.expert_ids)):
            raise ValueError("expert_idx out of range")
        if not np.all(np.isfinite(self.score)):
            raise ValueError("review scores must be finite")

    @property
    def n_reviews(self) -> int:
        """Number of reviews."""
        return len(self.score)

    @property
    def n_apps(self) -> int:
        """Number of applications (some may have no review)."""
        return len(self.app_ids)

    @property
    def n_experts(self) -> int:
        """Number of experts."""
        return len(self.expert_ids)

    def reviews_per_app(self) -> np.ndarray:
        """How many reviews each application has."""
        return np.bincount(self.app_idx, minlength=self.n_apps)

    def reviews_per_expert(self) -> np.ndarray:
        """How many reviews each expert wrote."""
        return np.bincount(self.expert_idx, minlength=self.n_experts)


def build_table(
    reviews: Iterable[tuple[str, str, float]], app_ids: Sequence[str] | None = None
) -> ReviewTable:
    """Encode (app_id, expert_id, total) triples; app_ids fixes order and keeps unreviewed apps."""
    rows = list(reviews)
    apps = list(app_ids) if app_ids is not None else sorted({row[0] for row in rows})
    app_pos = {app_id: i for i, app_id in enumerate(apps)}
    if len(app_pos) != len(apps):
        raise ValueError("app_ids must be unique")
    experts = sorted({row[1] for row in rows})
    expert_pos = {expert_id: i for i, expert_id in enumerate(experts)}
    seen: set[tuple[str, str]] = set()
    for app_id, expert_id, _ in rows:
        if app_id not in app_pos:
            raise ValueError(f"review of unknown application {app_id}")
        if (app_id, expert_id) in seen:
            raise ValueError(f"two reviews of {app_id} by {expert_id}")
        seen.add((app_id, expert_id))
    return ReviewTable(
        app_ids=tuple(apps),
        expert_ids=tuple(experts),
        app_idx=np.array([app_pos[row[0]] for row in rows], dtype=np.int64),
        expert_idx=np.array([expert_pos[row[1]] for row in rows], dtype=np.int64),
        score=np.array([float(row[2]) for row in rows], dtype=float),
    )
