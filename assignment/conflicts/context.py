"""Conflict inputs turned into indexes and small frames that the rules join on."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import numpy as np
import pandas as pd

from assignment.conflicts.model import ConflictInputs
from assignment.conflicts.units import UnitIndex
from assignment.stopping import ShouldStop, checkpoint, never

ROLE_NAMES = ("申报单位", "合作单位", "参与单位")  # lead, partner, participant
ROLE_NAMES_EN = ("lead unit", "partner unit", "participating unit")
PERSON_KINDS = ("合作", "亲属", "师生")
EMPLOYMENT_KIND = "曾任职"


def typed_frame(rows: Sequence[tuple[object, ...]], columns: dict[str, type]) -> pd.DataFrame:
    """A frame with fixed column dtypes, so that empty frames still join (ints, or object)."""
    return pd.DataFrame(rows, columns=list(columns)).astype(columns)


def person_name_key(name: str) -> str:
    """A person's name compared loosely: NFKC without whitespace."""
    return "".join(unicodedata.normalize("NFKC", name or "").split())


class Context:
    """Ids as indexes and the frames every rule starts from, built once per detection."""

    def __init__(self, inputs: ConflictInputs, should_stop: ShouldStop = never) -> None:
        """Index applications, experts and units and build the join frames (`should_stop`
        is polled between the parts)."""
        self.inputs = inputs
        self.app_ids = tuple(dict.fromkeys(app.app_id for app in inputs.applications))
        self.expert_ids = tuple(dict.fromkeys(e.expert_id for e in inputs.experts))
        self.app_pos = {app_id: i for i, app_id in enumerate(self.app_ids)}
        self.expert_pos = {expert_id: i for i, expert_id in enumerate(self.expert_ids)}
        self.expert_names = [""] * len(self.expert_ids)
        for expert in inputs.experts:
            self.expert_names[self.expert_pos[expert.expert_id]] = expert.name or expert.expert_id
        self.pi_names = [""] * len(self.app_ids)
        for app in reversed(inputs.applications):  # the first record of a repeated id wins
            self.pi_names[self.app_pos[app.app_id]] = app.pi_name or app.pi_id
        checkpoint(should_stop)
        self.jobs = self._past_jobs_raw()
        checkpoint(should_stop)
        self.units = UnitIndex(inputs.units, self._referenced_unit_ids())
        checkpoint(should_stop)
        self.app_units = self._app_units()
        self.expert_units = self._expert_units()

    def _referenced_unit_ids(self) -> list[str]:
        """Unit ids named by applications, experts, past jobs and avoidance requests."""
        ids: list[str] = []
        for app in self.inputs.applications:
            ids.append(app.lead_unit_id)
            ids.extend(app.partner_unit_ids)
            ids.extend(app.participant_unit_ids)
        ids.extend(e.unit_id or "" for e in self.inputs.experts)
        ids.extend(self.jobs["unit_id"].tolist())
        ids.extend(a.unit_id or "" for a in self.inputs.avoidance)
        return [unit_id for unit_id in ids if unit_id]

    def _app_units(self) -> pd.DataFrame:
        """Rows (app, unit, role) for every unit an application names, role 0/1/2."""
        rows: list[tuple[int, int, int]] = []
        for app in self.inputs.applications:
            app_index = self.app_pos[app.app_id]
            roles = ((app.lead_unit_id,), app.partner_unit_ids, app.participant_unit_ids)
            for role, unit_ids in enumerate(roles):
                rows.extend((app_index, self.units.lookup(u), role) for u in unit_ids if u)
        return typed_frame(rows, {"app": np.int64, "unit": np.int64, "role": np.int64})

    def _expert_units(self) -> pd.DataFrame:
        """Rows (expert, unit, by_name): by id, and by normalised name when the id is unlisted."""
        rows = []
        for expert in self.inputs.experts:
            index = self.expert_pos[expert.expert_id]
            unit = self.units.lookup(expert.unit_id)
            if unit >= 0:
                rows.append((index, unit, 0))
            if unit < 0 or unit >= self.units.listed:
                rows.extend((index, match, 1) for match in self.units.lookup_name(expert.unit_name)
                            if match != unit)
        return typed_frame(rows, {"expert": np.int64, "unit": np.int64, "by_name": np.int64})

    def _past_jobs_raw(self) -> pd.DataFrame:
        """Rows (expert, unit_id, until) of 曾任职 relations whose person is an expert."""
        rows = []
        for rel in self.inputs.relations:
            if rel.kind != EMPLOYMENT_KIND:
                continue
            person, unit_id = rel.person_id, rel.other_id
            if person not in self.expert_pos and unit_id in self.expert_pos:
                person, unit_id = unit_id, person  # written unit-first
            if person in self.expert_pos and unit_id:
                rows.append((self.expert_pos[person], unit_id, rel.until))
        return typed_frame(rows, {"expert": np.int64, "unit_id": object, "until": object})

    def person_pairs(self) -> pd.DataFrame:
        """Rows (expert, app, kind, until) for each person relation between an expert and a PI.

        A relation counts in both directions, so each is tried as (expert, PI) both ways.
        """
        rels = [(r.person_id, r.other_id, r.kind, r.until)
                for r in self.inputs.relations if r.kind in PERSON_KINDS]
        frame = typed_frame(rels, {"a": object, "b": object, "kind": object, "until": object})
        both = pd.concat([frame, frame.rename(columns={"a": "b", "b": "a"})], ignore_index=True)
        experts = typed_frame(list(zip(self.expert_ids, range(len(self.expert_ids)), strict=True)),
                              {"a": object, "expert": np.int64})
        pis = self.pi_frame().rename(columns={"pi_id": "b"})
        joined = both.merge(experts, on="a").merge(pis, on="b")
        return joined[["expert", "app", "kind", "until"]].drop_duplicates()

    def pi_frame(self) -> pd.DataFrame:
        """Rows (app, pi_id, pi_name) of applications that name a PI id."""
        rows = [(self.app_pos[a.app_id], a.pi_id, a.pi_name)
                for a in self.inputs.applications if a.pi_id]
        frame = typed_frame(rows, {"app": np.int64, "pi_id": object, "pi_name": object})
        return frame.drop_duplicates(subset=["app"])
