"""Keywords as sparse incidence matrices, and which keywords a text mentions (exact substrings)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import scipy.sparse as sp

from assignment.affinity.text import normalise_text


def normalise_keyword(word: str) -> str:
    """NFKC, case-folded, inner whitespace collapsed to one space, trimmed."""
    return " ".join(normalise_text(word).split())


def keyword_set(words: Iterable[str]) -> tuple[str, ...]:
    """Distinct normalised keywords in first-seen order, empty ones dropped."""
    return tuple(dict.fromkeys(k for k in (normalise_keyword(w) for w in words) if k))


class KeywordIndex:
    """A vocabulary of keywords with a fast exact 'which keywords occur in this text'."""

    def __init__(self, keyword_lists: Iterable[Sequence[str]]) -> None:
        """Collect the vocabulary; index keywords by their first two characters."""
        self.vocabulary: dict[str, int] = {}
        for words in keyword_lists:
            for word in words:
                self.vocabulary.setdefault(word, len(self.vocabulary))
        # Scanning a text, only positions whose next two characters start a keyword are
        # tried, then only the keyword lengths seen with that start.
        self.starts: dict[str, set[int]] = {}
        self.singles = {w for w in self.vocabulary if len(w) == 1}
        for word in self.vocabulary:
            if len(word) > 1:
                self.starts.setdefault(word[:2], set()).add(len(word))

    def incidence(self, keyword_lists: Sequence[Sequence[str]]) -> sp.csr_matrix:
        """A binary rows × vocabulary matrix of each row's own keywords."""
        rows, cols = [], []
        for row, words in enumerate(keyword_lists):
            for word in words:
                rows.append(row)
                cols.append(self.vocabulary[word])
        return self._binary(rows, cols, len(keyword_lists))

    def mentioned(self, text: str) -> set[str]:
        """Vocabulary keywords occurring in the (normalised) text."""
        found = {ch for ch in text if ch in self.singles}
        for pos in range(len(text) - 1):
            lengths = self.starts.get(text[pos:pos + 2])
            if lengths:
                candidates = (text[pos:pos + n] for n in lengths)
                found.update(w for w in candidates if w in self.vocabulary)
        return found

    def mentions(self, texts: Sequence[str]) -> sp.csr_matrix:
        """A binary texts × vocabulary matrix of the keywords each text mentions."""
        rows, cols = [], []
        for row, text in enumerate(texts):
            for word in self.mentioned(text):
                rows.append(row)
                cols.append(self.vocabulary[word])
        return self._binary(rows, cols, len(texts))

    def _binary(self, rows: list[int], cols: list[int], n_rows: int) -> sp.csr_matrix:
        """A float32 0/1 CSR matrix from coordinates (duplicates collapse to 1)."""
        matrix = sp.coo_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                               shape=(n_rows, len(self.vocabulary))).tocsr()
        matrix.data[:] = 1.0
        return matrix
