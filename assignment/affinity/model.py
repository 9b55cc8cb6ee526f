"""Plain inputs and explanations of the expertise-affinity model."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AffinityApp:
    """What an application says about its subject."""

    app_id: str
    direction: str = ""
    keywords: tuple[str, ...] = ()
    title: str = ""
    abstract: str = ""


@dataclass(frozen=True)
class AffinityExpert:
    """What an expert says about their expertise."""

    expert_id: str
    directions: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    profile: str = ""


@dataclass(frozen=True)
class AffinityWeights:
    """Weights of the three components; the score divides by their sum, so it stays in [0, 1].

    Defaults: the support direction is the call's own classification and weighs most
    (0.4); keywords (0.3) and free text (0.3) refine the order inside a direction.
    """

    direction: float = 0.4
    keywords: float = 0.3
    text: float = 0.3

    def __post_init__(self) -> None:
        """Reject negative weights and an all-zero set."""
        parts = (self.direction, self.keywords, self.text)
        if min(parts) < 0 or sum(parts) <= 0:
            raise ValueError("affinity weights must be non-negative and not all zero")

    @property
    def total(self) -> float:
        """The sum of the weights."""
        return self.direction + self.keywords + self.text


@dataclass(frozen=True)
class Explanation:
    """Why one expert scores what they do for one application."""

    app_id: str
    expert_id: str
    score: float
    direction: float  # 1.0 when the application's direction is among the expert's
    keywords: float  # share of both sides' keywords found on the other side
    text: float  # cosine of the TF-IDF n-gram vectors
    matched_direction: str | None
    shared_keywords: tuple[str, ...]  # in both keyword lists
    expert_keywords_in_application: tuple[str, ...]  # expert's keywords found in the app text
    application_keywords_in_profile: tuple[str, ...]  # app keywords found in the expert text
    shared_terms: tuple[str, ...]  # the n-grams that contribute most to the text similarity

    def summary(self) -> str:
        """One line in Chinese for staff: direction, keywords, text similarity, score."""
        parts = [f"方向匹配：{self.matched_direction}" if self.matched_direction else "方向不匹配"]
        found = dict.fromkeys(self.shared_keywords + self.expert_keywords_in_application
                              + self.application_keywords_in_profile)
        if found:
            parts.append("关键词：" + "、".join(found))
        parts.append(f"文本相似度 {self.text:.2f}")
        return "；".join(parts) + f"；综合 {self.score:.2f}"
