"""What every vocabulary shares: normalising a spelling and looking it up.

A vocabulary maps the spellings offices really write (教授, 高级工程师, 新疆维吾尔自治区 …)
to the one canonical value the rules read (正高级, 副高级, 新疆 …). A spelling it does not
know gives None: the caller reports it and never guesses.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

# Spaces, the middle dots and quotes an office pastes in, and trailing full stops.
_NOISE = re.compile(r"[\s\u3000·•'\"“”‘’`。.:：]+")
_BRACKETS = re.compile(r"[（(【\[].*?[）)】\]]")
# Enumerators before a value: 1. 1、 (一) 一、 ① …
_ENUMERATOR = re.compile(r"^(?:[（(]?[0-9一二三四五六七八九十]{1,3}[)）、.．]|[①-⑳])")
SPLIT = re.compile(r"[/／、,，;；|]+")


def normalize(text: object) -> str:
    """A spelling reduced for matching: NFKC (full-width → ASCII), lower case, no noise."""
    narrow = unicodedata.normalize("NFKC", str(text if text is not None else "")).strip()
    narrow = _ENUMERATOR.sub("", narrow)
    return _NOISE.sub("", narrow).lower()


def without_brackets(text: str) -> str:
    """The text with every bracketed part removed: 研究员（二级） → 研究员."""
    return _BRACKETS.sub("", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class Vocabulary:
    """One typed field's canonical values and every spelling known for each.

    `patterns` are tried, in order, after the exact table: (regular expression on the
    normalised text, canonical value). `refuse` matches spellings that must stay unknown
    whatever else they contain (博士在读 is no doctorate). `reduce` maps a spelling to a
    looser key also tried against the table (生物医药和大健康 → 生物医药大健康). `pick`
    chooses among the values of a cell listing several (教授/副研究员); by default they
    must agree. Words in `ignore` qualify a value without changing it (教授/博导).
    """

    key: str
    label_zh: str
    label_en: str
    canonical: tuple[str, ...]
    spellings: Mapping[str, str]
    patterns: tuple[tuple[re.Pattern[str], str], ...] = ()
    refuse: re.Pattern[str] | None = None
    reduce: Callable[[str], str] | None = field(default=None, compare=False)
    ignore: frozenset[str] = frozenset()
    pick: Callable[[list[str]], str | None] | None = field(default=None, compare=False)

    def _one(self, text: str) -> str | None:
        """The canonical value of one spelling, from the table, then the patterns."""
        key = normalize(text)
        if not key:
            return None
        if key in self.spellings:
            return self.spellings[key]
        if self.reduce is not None and (reduced := self.reduce(text)) in self.spellings:
            return self.spellings[reduced]
        for pattern, value in self.patterns:
            if pattern.search(key):
                return value
        return None

    def lookup(self, text: object) -> str | None:
        """The canonical value a cell means, or None when no spelling of it is known."""
        raw = str(text if text is not None else "")
        if self.refuse is not None and self.refuse.search(normalize(raw)):
            return None
        found = self._one(raw)
        if found is not None:
            return found
        bare = without_brackets(raw)
        if bare != raw and (found := self._one(bare)) is not None:
            return found
        pieces = [piece for piece in SPLIT.split(bare) if piece.strip()]
        parts = [piece for piece in pieces if normalize(piece) not in self.ignore]
        if len(pieces) < 2 or not parts:
            return None
        values = [value for part in parts if (value := self._one(part)) is not None]
        if len(values) != len(parts):
            return None
        if self.pick is not None:
            return self.pick(values)
        return values[0] if len(set(values)) == 1 else None

    def knows(self, text: object) -> bool:
        """Whether the vocabulary understands this spelling."""
        return self.lookup(text) is not None


def table(entries: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """A spelling table from canonical value → spellings; each canonical spells itself."""
    spellings: dict[str, str] = {}
    for canonical, written in entries.items():
        for spelling in (canonical, *written):
            spellings[normalize(spelling)] = canonical
    return spellings


def patterns(*pairs: tuple[str, str]) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Compiled (regular expression, canonical value) pairs."""
    return tuple((re.compile(expression), value) for expression, value in pairs)
