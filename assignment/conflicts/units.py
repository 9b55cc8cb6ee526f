"""Units as integer indexes grouped into legal entities, and the table of units that match.

Two units match when they are one unit (same id), one legal entity (same credit code) or
one lies on the other's parent chain (a college and its university, either way round).
Sibling units under one parent match only through a shared credit code.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from assignment.conflicts.model import Unit
from assignment.names import normalise_credit_code, normalise_unit_name

LINK_SAME = 0  # one legal entity
LINK_BELOW = 1  # the right-hand unit lies below the left-hand one
LINK_ABOVE = 2  # the right-hand unit lies above the left-hand one


class UnitIndex:
    """Every unit known to a call, plus ids only referenced elsewhere, as indexes 0..n-1."""

    def __init__(self, units: Sequence[Unit], referenced_ids: Iterable[str] = ()) -> None:
        """Index the units, group them by credit code and resolve the parent chains."""
        self.position: dict[str, int] = {}
        self.names: list[str] = []
        self.ids: list[str] = []
        records: list[Unit] = []
        unlisted = set(dict.fromkeys(referenced_ids)) - {unit.unit_id for unit in units}
        for unit in list(units) + [Unit(unit_id) for unit_id in sorted(unlisted)]:
            if unit.unit_id and unit.unit_id not in self.position:
                self.position[unit.unit_id] = len(self.ids)
                self.ids.append(unit.unit_id)
                self.names.append(unit.name or unit.unit_id)
                records.append(unit)
        # Units of the units table come first; later ones are ids referenced but not listed.
        self.listed = len({unit.unit_id for unit in units if unit.unit_id})
        self.entity = self._entities(records)
        self.by_name: dict[str, list[int]] = {}
        for index, unit in enumerate(records):
            if unit.name:
                self.by_name.setdefault(normalise_unit_name(unit.name), []).append(index)
        self.matches = self._match_table(records)

    def _entities(self, records: Sequence[Unit]) -> np.ndarray:
        """Entity number per unit: units sharing a credit code share an entity."""
        by_code: dict[str, int] = {}
        entity = np.empty(len(records), dtype=np.int64)
        for index, unit in enumerate(records):
            code = normalise_credit_code(unit.credit_code)
            entity[index] = by_code.setdefault(code, index) if code else index
        return entity

    def _match_table(self, records: Sequence[Unit]) -> pd.DataFrame:
        """Rows (left entity, right entity, link) for every matching pair of entities."""
        parents: dict[int, set[int]] = {}
        for index, unit in enumerate(records):
            parent = self.position.get(unit.parent_unit_id or "")
            if parent is not None and self.entity[parent] != self.entity[index]:
                parents.setdefault(int(self.entity[index]), set()).add(int(self.entity[parent]))
        rows = [(e, e, LINK_SAME) for e in np.unique(self.entity).tolist()]
        for entity in parents:
            seen: set[int] = set()
            stack = list(parents[entity])
            while stack:  # walk to the root; `seen` stops a cycle typed by mistake
                ancestor = stack.pop()
                if ancestor in seen or ancestor == entity:
                    continue
                seen.add(ancestor)
                stack.extend(parents.get(ancestor, ()))
                rows.append((ancestor, entity, LINK_BELOW))
                rows.append((entity, ancestor, LINK_ABOVE))
        return pd.DataFrame(rows, columns=["left_entity", "right_entity", "link"])

    def lookup(self, unit_id: str | None) -> int:
        """The index of a unit id, or -1 when the id is empty or unknown."""
        return self.position.get(unit_id or "", -1)

    def lookup_name(self, name: str) -> list[int]:
        """Indexes of units whose normalised name equals this one's."""
        return self.by_name.get(normalise_unit_name(name), []) if name.strip() else []

    def join(self, left: pd.DataFrame, right: pd.DataFrame) -> pd.DataFrame:
        """Pairs of rows whose units match; both frames carry a `unit` column of indexes.

        The result has the columns of both (suffixed `_l`/`_r` on a clash) and `link`.
        """
        left = left.assign(left_entity=self.entity[left["unit"].to_numpy(dtype=np.int64)])
        right = right.assign(right_entity=self.entity[right["unit"].to_numpy(dtype=np.int64)])
        linked = left.merge(self.matches, on="left_entity")
        joined = linked.merge(right, on="right_entity", suffixes=("_l", "_r"))
        return joined.drop(columns=["left_entity", "right_entity"])

    def describe_link(self, left_unit: int, right_unit: int, link: int,
                      english: bool = False) -> str:
        """Words (Chinese, or English) saying how the right unit relates to the left one
        (empty when they are one unit)."""
        if left_unit == right_unit:
            return ""
        left_name = self.names[left_unit]
        if english:
            return {LINK_BELOW: f" (a unit under {left_name})",
                    LINK_ABOVE: f" (the parent unit of {left_name})"}.get(
                link, f" (same credit code as {left_name})")
        if link == LINK_BELOW:
            return f"（系 {left_name} 的下属单位）"
        if link == LINK_ABOVE:
            return f"（系 {left_name} 的上级单位）"
        return f"（与 {left_name} 统一社会信用代码相同）"
