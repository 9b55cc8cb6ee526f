"""Unit name normalisation and detection of units that were probably typed twice.

Real workbooks spell one unit several ways: full-width letters and brackets, stray
spaces, 有限责任公司 for 有限公司. `normalise_unit_name` maps those spellings to one
key; `likely_duplicate_units` reports groups for staff to confirm instead of merging.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

# Bracket shapes people use interchangeably; NFKC already folds （） into ().
_BRACKETS = str.maketrans({"[": "(", "]": ")", "【": "(", "】": ")", "〔": "(", "〕": ")",
                           "{": "(", "}": ")", "「": "(", "」": ")"})
_SPACES = re.compile(r"\s+")
# 有限责任公司 and 有限公司 are the same legal form (LLC); 股份有限公司 is a joint-stock
# company, a different form, so it is kept distinct.
_SUFFIXES = (("有限责任公司", "有限公司"),)
SIMILARITY_THRESHOLD = 0.9
# Names are compared for similarity only inside blocks sharing this many leading characters.
_BLOCK_PREFIX = 2
# A block larger than this is compared only with its neighbours in sorted order.
_BLOCK_WINDOW = 50


class NamedUnit(Protocol):
    """Anything with a unit id, a name and an optional credit code."""

    @property
    def unit_id(self) -> str:
        """The unit's id."""
        ...

    @property
    def name(self) -> str:
        """The unit's name as typed."""
        ...

    @property
    def credit_code(self) -> str | None:
        """The unified social credit code, when known."""
        ...


@dataclass(frozen=True)
class DuplicateGroup:
    """Units that are probably one unit, and why we think so."""

    unit_ids: tuple[str, ...]
    names: tuple[str, ...]
    reasons: tuple[str, ...]  # "same_name", "same_credit_code", "similar_name"


def normalise_unit_name(name: str) -> str:
    """The comparison key of a unit name: NFKC, no whitespace, () brackets, one LLC suffix."""
    text = unicodedata.normalize("NFKC", name or "").translate(_BRACKETS)
    # Case-folding can leave decomposed characters; NFKC again makes the key stable.
    text = unicodedata.normalize("NFKC", _SPACES.sub("", text).casefold())
    for long_form, short_form in _SUFFIXES:
        text = text.replace(long_form, short_form)
    return text


def normalise_credit_code(code: str | None) -> str:
    """The comparison key of a credit code: NFKC, no whitespace, upper case ('' when none)."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", code or "")).upper()


class _UnionFind:
    """Disjoint sets over 0..n-1 that remember why two members were joined."""

    def __init__(self, size: int) -> None:
        """Start with every member alone."""
        self.parent = list(range(size))
        self.reasons: dict[int, set[str]] = defaultdict(set)

    def find(self, item: int) -> int:
        """The representative of item's set (with path halving)."""
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, left: int, right: int, reason: str) -> None:
        """Join the sets of left and right, recording the reason."""
        root_left, root_right = self.find(left), self.find(right)
        if root_left != root_right:
            self.parent[root_right] = root_left
            self.reasons[root_left] |= self.reasons.pop(root_right, set())
        self.reasons[root_left].add(reason)


def _join_equal(uf: _UnionFind, keys: Sequence[str], reason: str) -> None:
    """Join members whose non-empty key is equal."""
    first: dict[str, int] = {}
    for index, key in enumerate(keys):
        if key and first.setdefault(key, index) != index:
            uf.union(first[key], index, reason)


def _join_similar(uf: _UnionFind, keys: Sequence[str]) -> None:
    """Join members with different but very similar keys, comparing within prefix blocks."""
    blocks: dict[str, list[int]] = defaultdict(list)
    for index, key in enumerate(keys):
        if len(key) > _BLOCK_PREFIX:
            blocks[key[:_BLOCK_PREFIX]].append(index)
    for members in blocks.values():
        distinct = sorted({keys[i]: i for i in members}.items())
        letters = {key: Counter(key) for key, _ in distinct}
        for pos, (key, index) in enumerate(distinct):
            for other_key, other_index in distinct[pos + 1: pos + 1 + _BLOCK_WINDOW]:
                # difflib's real_quick_ratio and quick_ratio, without building a matcher:
                # each bounds the ratio from above, so most pairs stop here, cheaply.
                length = len(key) + len(other_key)
                if 2.0 * min(len(key), len(other_key)) / length < SIMILARITY_THRESHOLD:
                    continue
                shared = sum((letters[key] & letters[other_key]).values())
                if 2.0 * shared / length < SIMILARITY_THRESHOLD:
                    continue
                matcher = difflib.SequenceMatcher(None, key, other_key, autojunk=False)
                if matcher.ratio() >= SIMILARITY_THRESHOLD:
                    uf.union(index, other_index, "similar_name")


def likely_duplicate_units(units: Sequence[NamedUnit]) -> list[DuplicateGroup]:
    """Groups of two or more units that share a normalised name, a credit code or a near-name."""
    keys = [normalise_unit_name(unit.name) for unit in units]
    uf = _UnionFind(len(units))
    _join_equal(uf, keys, "same_name")
    _join_equal(uf, [normalise_credit_code(unit.credit_code) for unit in units],
                "same_credit_code")
    _join_similar(uf, keys)
    members: dict[int, list[int]] = defaultdict(list)
    for index in range(len(units)):
        members[uf.find(index)].append(index)
    groups = []
    for root, indexes in members.items():
        ids = {units[i].unit_id for i in indexes}
        if len(ids) < 2:
            continue  # one unit listed twice under one id is not a duplicate pair
        groups.append(DuplicateGroup(
            unit_ids=tuple(units[i].unit_id for i in indexes),
            names=tuple(units[i].name for i in indexes),
            reasons=tuple(sorted(uf.reasons[root])),
        ))
    return sorted(groups, key=lambda group: group.unit_ids)
