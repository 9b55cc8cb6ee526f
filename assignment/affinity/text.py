"""Character n-gram TF-IDF for Chinese (and words for Latin text), on scipy.sparse.

Chinese needs no word segmentation here: runs of CJK characters become overlapping
2- and 3-character grams, which catch shared terms ("催化裂化", "棉花采摘") whatever the
word boundaries. Latin letters and digits become lower-case words.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

# A CJK run, or a Latin/digit word; everything else separates tokens.
_RUNS = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)|([a-z0-9]+(?:[-'][a-z0-9]+)*)")


def normalise_text(text: str) -> str:
    """NFKC (full-width → half-width) and case-folded."""
    return unicodedata.normalize("NFKC", text or "").casefold()


def tokens(text: str, ngram: tuple[int, int] = (2, 3)) -> list[str]:
    """The n-grams of each CJK run (the run itself when shorter) and the Latin words."""
    low, high = ngram
    found: list[str] = []
    for run, word in _RUNS.findall(normalise_text(text)):
        if word:
            if len(word) > 1:
                found.append(word)
        elif len(run) < low:
            found.append(run)
        else:
            for size in range(low, high + 1):
                found += [run[i:i + size] for i in range(len(run) - size + 1)]
    return found


def count_matrix(texts: Sequence[str],
                 ngram: tuple[int, int] = (2, 3)) -> tuple[sp.csr_matrix, dict[str, int]]:
    """Token counts per text and the vocabulary (gram → column) they were counted in."""
    # Codes go into compact arrays as each text is read, so the grams of the whole
    # corpus never sit in memory as Python strings at once.
    vocabulary: dict[str, int] = {}
    codes = array("q")
    lengths = np.zeros(len(texts), dtype=np.int64)
    for doc, text in enumerate(texts):
        found = [vocabulary.setdefault(gram, len(vocabulary)) for gram in tokens(text, ngram)]
        codes.extend(found)
        lengths[doc] = len(found)
    counts = sp.coo_matrix(
        (np.ones(len(codes), dtype=np.float32),
         (np.repeat(np.arange(len(texts)), lengths), np.frombuffer(codes, dtype=np.int64))),
        shape=(len(texts), len(vocabulary)),
    ).tocsr()
    counts.sum_duplicates()
    return counts, vocabulary


def l2_normalise(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Rows scaled to unit length (empty rows stay empty)."""
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms) @ matrix, dtype=np.float32)


class TfidfSpace:
    """A TF-IDF space fitted on both sides' texts: sublinear tf, smoothed idf, unit rows."""

    def __init__(self, ngram: tuple[int, int] = (2, 3), max_df: float = 1.0) -> None:
        """An empty space; grams found in more than max_df of the texts will be dropped."""
        self.ngram = ngram
        self.max_df = max_df
        self.vocabulary: dict[str, int] = {}
        self.idf = np.zeros(0, dtype=np.float32)

    def fit_transform(self, corpus: Sequence[str]) -> sp.csr_matrix:
        """Learn vocabulary and idf from the corpus and return its unit-length TF-IDF rows."""
        counts, vocabulary = count_matrix(corpus, self.ngram)
        n_docs = max(len(corpus), 1)
        df = np.bincount(counts.indices, minlength=len(vocabulary))
        keep = np.flatnonzero((df > 0) & (df <= max(1.0, self.max_df * n_docs)))
        grams = list(vocabulary)
        self.vocabulary = {grams[i]: new for new, i in enumerate(keep)}
        self.idf = (np.log((1 + n_docs) / (1 + df[keep])) + 1).astype(np.float32)
        return self._weigh(sp.csr_matrix(counts[:, keep]))

    def _weigh(self, counts: sp.csr_matrix) -> sp.csr_matrix:
        """Sublinear tf times idf, rows scaled to unit length."""
        counts = counts.astype(np.float32)
        counts.data = 1 + np.log(counts.data)
        return l2_normalise(sp.csr_matrix(counts @ sp.diags(self.idf)))

    def gram_names(self) -> list[str]:
        """The grams in column order."""
        return list(self.vocabulary)
