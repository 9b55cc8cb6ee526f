"""Affinity of every (application, expert) pair in [0, 1], kept sparse (top N per application).

score = (w_d·direction + w_k·keywords + w_t·text) / (w_d + w_k + w_t), where
direction is 1 when the application's support direction is one of the expert's fields,
keywords = (expert keywords found in the application's text + application keywords
found in the expert's text) / (number of keywords on both sides), and text is the cosine
of character n-gram TF-IDF vectors (title + abstract + keywords vs profile + keywords).
Scores are computed in blocks of applications, so memory stays at block × experts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp

from assignment.affinity.keywords import KeywordIndex, keyword_set, normalise_keyword
from assignment.affinity.model import AffinityApp, AffinityExpert, AffinityWeights, Explanation
from assignment.affinity.text import TfidfSpace, normalise_text
from assignment.stopping import ShouldStop, checkpoint, never

DEFAULT_TOP_N = 200
BLOCK_SIZE = 512


def _joined(*parts: str) -> str:
    """Normalised text with whitespace collapsed, so keywords match across line breaks."""
    return " ".join(normalise_text(" ".join(parts)).split())


class _Features:
    """Every matrix the score needs, built once for one call."""

    def __init__(self, apps: Sequence[AffinityApp], experts: Sequence[AffinityExpert],
                 ngram: tuple[int, int], max_df: float) -> None:
        """Normalise both sides and build direction, keyword and TF-IDF matrices."""
        self.app_keywords = [keyword_set(a.keywords) for a in apps]
        self.expert_keywords = [keyword_set(e.keywords) for e in experts]
        self.app_texts = [_joined(a.title, a.abstract, " ".join(a.keywords)) for a in apps]
        self.expert_texts = [_joined(e.profile, " ".join(e.keywords)) for e in experts]
        self.app_direction = [normalise_keyword(a.direction) for a in apps]
        self.expert_directions = [keyword_set(e.directions) for e in experts]
        app_directions: list[Sequence[str]] = [(d,) for d in self.app_direction if d]
        directions = KeywordIndex(app_directions + list(self.expert_directions))
        self.dir_app = directions.incidence([[d] if d else [] for d in self.app_direction])
        self.dir_expert = directions.incidence(self.expert_directions)
        keywords = KeywordIndex(self.app_keywords + self.expert_keywords)
        self.keywords = keywords
        self.kw_app = keywords.incidence(self.app_keywords)
        self.kw_expert = keywords.incidence(self.expert_keywords)
        self.mention_app = keywords.mentions(self.app_texts)
        self.mention_expert = keywords.mentions(self.expert_texts)
        self.kw_count_app = np.asarray(self.kw_app.sum(axis=1), dtype=np.float32).ravel()
        self.kw_count_expert = np.asarray(self.kw_expert.sum(axis=1), dtype=np.float32).ravel()
        self.space = TfidfSpace(ngram, max_df)
        tfidf = self.space.fit_transform(self.app_texts + self.expert_texts)
        self.tfidf_app = tfidf[: len(apps)]
        self.tfidf_expert = tfidf[len(apps):]
        self.tfidf_expert_t = sp.csr_matrix(self.tfidf_expert.T)

    def components(self, rows: slice) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Dense direction, keyword and text blocks for a slice of applications."""
        direction = (self.dir_app[rows] @ self.dir_expert.T).toarray() > 0
        found = ((self.mention_app[rows] @ self.kw_expert.T)
                 + (self.kw_app[rows] @ self.mention_expert.T)).toarray()
        total = self.kw_count_app[rows, None] + self.kw_count_expert[None, :]
        keywords = np.divide(found, total, out=np.zeros_like(found), where=total > 0)
        text = (self.tfidf_app[rows] @ self.tfidf_expert_t).toarray()
        return direction.astype(np.float32), np.minimum(keywords, 1.0), np.clip(text, 0.0, 1.0)


class Affinity:
    """Sparse affinity scores with ids, and the explanation of any pair."""

    def __init__(self, app_ids: tuple[str, ...], expert_ids: tuple[str, ...],
                 scores: sp.csr_matrix, weights: AffinityWeights, features: _Features) -> None:
        """Hold the scores and the features needed to explain them."""
        self.app_ids = app_ids
        self.expert_ids = expert_ids
        self.scores = scores
        self.weights = weights
        self._features = features

    def dense(self) -> np.ndarray:
        """The scores as a dense apps × experts array (pairs not kept are 0)."""
        dense: np.ndarray = self.scores.toarray()
        return dense

    def pairs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Kept pairs as (app_idx, expert_idx, score) arrays."""
        coo = self.scores.tocoo()
        return coo.row.astype(np.int32), coo.col.astype(np.int32), coo.data

    def explain(self, app_index: int, expert_index: int) -> Explanation:
        """Direction matched, keywords found on each side, text similarity and the score."""
        return self.explain_many(app_index, (expert_index,))[0]

    def explain_many(self, app_index: int, expert_indexes: Sequence[int]) -> list[Explanation]:
        """The explanations of several experts of one application (its row computed once)."""
        f = self._features
        components = f.components(slice(app_index, app_index + 1))
        row_a = f.tfidf_app[app_index]
        grams = f.space.gram_names()
        return [self._explain(app_index, e, row_a, grams, *(c[0, e] for c in components))
                for e in expert_indexes]

    def _explain(self, app_index: int, expert_index: int, row_a: sp.csr_matrix,
                 grams: list[str], direction: float, keywords: float, text: float
                 ) -> Explanation:
        """One pair's explanation from its three precomputed components."""
        f = self._features
        app_kw, expert_kw = f.app_keywords[app_index], f.expert_keywords[expert_index]
        app_text, expert_text = f.app_texts[app_index], f.expert_texts[expert_index]
        contribution = row_a.multiply(f.tfidf_expert[expert_index]).tocoo()
        top = np.argsort(-contribution.data, kind="stable")[:5]
        best = [int(contribution.col[i]) for i in top if contribution.data[i] > 0]
        w = self.weights
        score = (w.direction * direction + w.keywords * keywords + w.text * text) / w.total
        return Explanation(
            app_id=self.app_ids[app_index], expert_id=self.expert_ids[expert_index],
            score=float(score), direction=float(direction), keywords=float(keywords),
            text=float(text),
            matched_direction=(f.app_direction[app_index] if direction > 0 else None),
            shared_keywords=tuple(k for k in app_kw if k in expert_kw),
            expert_keywords_in_application=tuple(k for k in expert_kw if k in app_text),
            application_keywords_in_profile=tuple(k for k in app_kw if k in expert_text),
            shared_terms=tuple(grams[i] for i in best),
        )


def _top_n(block: np.ndarray, top_n: int) -> tuple[np.ndarray, np.ndarray]:
    """Row and column indexes of each row's top_n positive entries."""
    if top_n < block.shape[1]:
        cols = np.argpartition(-block, top_n - 1, axis=1)[:, :top_n]
        rows = np.repeat(np.arange(block.shape[0]), top_n)
        cols = cols.ravel()
    else:
        rows, cols = np.nonzero(block >= 0)
    keep = block[rows, cols] > 0
    return rows[keep], cols[keep]


def _excluded_index(apps: Sequence[AffinityApp], experts: Sequence[AffinityExpert],
                    excluded: Iterable[tuple[str, str]]) -> dict[int, list[int]]:
    """Application index → expert indexes of the excluded pairs (unknown ids are ignored)."""
    app_index = {a.app_id: i for i, a in enumerate(apps)}
    expert_index = {e.expert_id: i for i, e in enumerate(experts)}
    found: dict[int, list[int]] = {}
    for app_id, expert_id in excluded:
        if app_id in app_index and expert_id in expert_index:
            found.setdefault(app_index[app_id], []).append(expert_index[expert_id])
    return found


def compute_affinity(apps: Sequence[AffinityApp], experts: Sequence[AffinityExpert],
                     weights: AffinityWeights | None = None, top_n: int | None = DEFAULT_TOP_N,
                     ngram: tuple[int, int] = (2, 3), max_df: float = 1.0,
                     block_size: int = BLOCK_SIZE,
                     excluded: Iterable[tuple[str, str]] = (),
                     should_stop: ShouldStop = never) -> Affinity:
    """Scores of every pair, keeping each application's top_n experts (None keeps all).

    `excluded` pairs (app_id, expert_id) are the ones that may not be assigned (conflicts):
    each application's top_n is taken among its other experts, so an application whose
    best experts are all excluded still keeps top_n candidates. Excluded pairs with a
    positive score are kept besides, so a diagnosis can still count and explain them.
    `should_stop` is polled before the features are built and before each block of
    applications; a True answer raises `assignment.stopping.Stopped`.
    """
    weights = weights or AffinityWeights()
    checkpoint(should_stop)
    features = _Features(apps, experts, ngram, max_df)
    n_apps, n_experts = len(apps), len(experts)
    keep = n_experts if top_n is None else min(top_n, n_experts)
    barred = _excluded_index(apps, experts, excluded)
    rows, cols, values = [], [], []
    for start in range(0, n_apps, block_size):
        checkpoint(should_stop)
        stop = min(start + block_size, n_apps)
        direction, keywords, text = features.components(slice(start, stop))
        block = (weights.direction * direction + weights.keywords * keywords
                 + weights.text * text) / weights.total
        if keep == 0:
            continue
        mask = np.zeros(block.shape, dtype=bool)
        for app in range(start, stop):
            mask[app - start, barred.get(app, [])] = True
        r, c = _top_n(np.where(mask, 0.0, block), keep)
        er, ec = np.nonzero(mask & (block > 0))
        r, c = np.concatenate([r, er]), np.concatenate([c, ec])
        rows.append(r + start)
        cols.append(c)
        values.append(block[r, c].astype(np.float32))
    scores = sp.csr_matrix(
        (np.concatenate(values) if values else np.zeros(0, np.float32),
         (np.concatenate(rows) if rows else np.zeros(0, np.int64),
          np.concatenate(cols) if cols else np.zeros(0, np.int64))),
        shape=(n_apps, n_experts), dtype=np.float32)
    return Affinity(tuple(a.app_id for a in apps), tuple(e.expert_id for e in experts),
                    scores, weights, features)
