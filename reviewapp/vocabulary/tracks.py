"""Tracks (项目类别) and support directions (支持方向): the call's own names, as offices write them.

Both lists are call settings, so these vocabularies are built from a call's tracks and
directions: 「T1」「t1」「援疆省市科技合作项目」「援疆省市科技合作类」, and 「生物医药和大健康」
「现代物流」「11.数字经济」 for the direction names of the 2025 call.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reviewapp.vocabulary.base import Vocabulary, normalize, without_brackets

# Words an office adds or leaves out around a name without changing what it names.
_TRACK_TAIL = re.compile(r"(项目|类|类别|专项)+$")
_DIRECTION_TAIL = re.compile(r"(产业|领域|方向|行业|产业链)+$")
_JOINERS = re.compile(r"[和与及、&+]")


def track_key(text: str) -> str:
    """A track name reduced for matching: no brackets, no trailing 项目/类."""
    return _TRACK_TAIL.sub("", normalize(without_brackets(text))) or normalize(text)


def direction_key(text: str) -> str:
    """A direction reduced for matching: no joiners (和/与/及), no trailing 产业/领域."""
    return _DIRECTION_TAIL.sub("", _JOINERS.sub("", normalize(text))) or normalize(text)


@lru_cache(maxsize=64)
def track_vocabulary(tracks: tuple[tuple[str, str, str], ...]) -> Vocabulary:
    """Track ids from (id, name, English name) triples: each spelled by id, name or a variant."""
    spellings: dict[str, str] = {}
    ids = []
    for track_id, name, name_en in tracks:
        ids.append(track_id)
        for spelling in (track_id, name, name_en):
            if spelling:
                spellings[normalize(spelling)] = track_id
                spellings[track_key(spelling)] = track_id
    return Vocabulary(key="track", label_zh="项目类别", label_en="track",
                      canonical=tuple(ids), spellings=spellings, reduce=track_key)


@lru_cache(maxsize=64)
def direction_vocabulary(directions: tuple[str, ...]) -> Vocabulary:
    """The call's directions, each spelled as written or with joiners and tails changed."""
    listed = directions
    spellings: dict[str, str] = {}
    for direction in listed:
        spellings[normalize(direction)] = direction
        spellings[direction_key(direction)] = direction
    return Vocabulary(key="direction", label_zh="支持方向", label_en="direction",
                      canonical=listed, spellings=spellings, reduce=direction_key)
