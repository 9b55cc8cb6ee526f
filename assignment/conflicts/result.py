"""The output of conflict detection: a sparse set of forbidden pairs, each with its reasons."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class RemovedConflict:
    """A detected conflict that staff cleared, kept so the decision stays on record."""

    app_id: str
    expert_id: str
    rule: str
    evidence: str
    reason: str
    evidence_en: str = ""


@dataclass(frozen=True)
class PossibleMatch:
    """An expert named like a PI but under another id: for staff to check, not forbidden."""

    app_id: str
    expert_id: str
    evidence: str
    evidence_en: str = ""


@dataclass(frozen=True, eq=False)
class ConflictSet:
    """Rows (app_idx, expert_idx, rule, evidence in Chinese, evidence in English); one pair
    may appear under several rules."""

    app_ids: tuple[str, ...]
    expert_ids: tuple[str, ...]
    app_idx: np.ndarray  # int32
    expert_idx: np.ndarray  # int32
    rules: tuple[str, ...]
    evidence: tuple[str, ...]
    removed: tuple[RemovedConflict, ...] = ()
    possible: tuple[PossibleMatch, ...] = ()
    ignored: tuple[str, ...] = ()  # requests naming an unknown application or expert
    evidence_en: tuple[str, ...] = ()  # beside `evidence`, row for row

    def __len__(self) -> int:
        """The number of (pair, rule, evidence) rows."""
        return len(self.rules)

    def forbidden_pairs(self) -> np.ndarray:
        """Unique forbidden (app_idx, expert_idx) pairs as an int32 array of shape (k, 2)."""
        pairs = np.column_stack([self.app_idx, self.expert_idx]).astype(np.int32)
        return np.unique(pairs, axis=0) if len(pairs) else pairs.reshape(0, 2)

    def forbidden_mask(self) -> np.ndarray:
        """A dense boolean apps × experts matrix of forbidden pairs (small calls only)."""
        mask = np.zeros((len(self.app_ids), len(self.expert_ids)), dtype=bool)
        mask[self.app_idx, self.expert_idx] = True
        return mask

    def counts_by_rule(self) -> dict[str, int]:
        """The number of distinct forbidden pairs under each rule."""
        frame = pd.DataFrame({"a": self.app_idx, "e": self.expert_idx, "r": self.rules})
        counts = frame.drop_duplicates().groupby("r").size()
        return {str(rule): int(count) for rule, count in counts.items()}

    def reasons(self, app_index: int, expert_index: int,
                english: bool = False) -> list[tuple[str, str]]:
        """Every (rule, evidence) that forbids this pair, the evidence in Chinese (or in
        English); empty when the pair is allowed."""
        hits = np.flatnonzero((self.app_idx == app_index) & (self.expert_idx == expert_index))
        texts = self.evidence_en if english and self.evidence_en else self.evidence
        return [(self.rules[i], texts[i]) for i in hits]

    def to_frame(self) -> pd.DataFrame:
        """The rows with ids: app_id, expert_id, rule, evidence (Chinese), evidence_en."""
        return pd.DataFrame({
            "app_id": np.asarray(self.app_ids, dtype=object)[self.app_idx],
            "expert_id": np.asarray(self.expert_ids, dtype=object)[self.expert_idx],
            "rule": list(self.rules),
            "evidence": list(self.evidence),
            "evidence_en": list(self.evidence_en),
        })
