"""Conflicts of interest planted in the demo: relations, experts as PIs, avoidance requests."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import replace
from datetime import date

from reviewapp.demo.applications import random_date
from reviewapp.workbook.records import (
    ApplicationRecord,
    AvoidanceRecord,
    ExpertRecord,
    RelationRecord,
)

RECENT = (date(2022, 6, 1), date(2025, 3, 31))  # inside the 3-year window before the deadline
LONG_AGO = (date(2014, 1, 1), date(2021, 12, 31))
AVOID_REASONS = (
    "该专家与项目团队存在学术竞争关系",
    "该专家曾公开质疑本项目引进成果的技术路线",
    "该单位与申报单位存在同业竞争关系",
    "该单位与本项目引进成果存在知识产权纠纷",
)


def _by_direction(experts: list[ExpertRecord]) -> dict[str, list[ExpertRecord]]:
    """Experts listed under each of their directions."""
    index: dict[str, list[ExpertRecord]] = defaultdict(list)
    for expert in experts:
        for direction in expert.directions:
            index[direction].append(expert)
    return index


def _peer(rng: random.Random, index: dict[str, list[ExpertRecord]],
          app: ApplicationRecord) -> ExpertRecord:
    """An expert of the application's direction, not working at its lead unit."""
    peers = [e for e in index[app.direction] if e.unit_id != app.lead_unit_id]
    # A tiny pool may lack the direction; any outsider to the lead then stands in.
    return rng.choice(peers or [e for d in sorted(index) for e in index[d]
                                if e.unit_id != app.lead_unit_id])


def experts_as_pis(rng: random.Random, apps: list[ApplicationRecord],
                   experts: list[ExpertRecord], skip: set[str],
                   count: int = 2) -> list[ApplicationRecord]:
    """Make `count` pool experts PIs of applications led by their own unit (conflict C3)."""
    by_unit: dict[str, list[ExpertRecord]] = defaultdict(list)
    for expert in experts:
        if expert.title == "正高级":
            by_unit[expert.unit_id or ""].append(expert)
    chosen = [i for i, app in enumerate(apps)
              if app.app_id not in skip and by_unit.get(app.lead_unit_id)]
    apps = list(apps)
    used: set[str] = set()
    for i in rng.sample(chosen, min(count, len(chosen))):
        free = [e for e in by_unit[apps[i].lead_unit_id] if e.expert_id not in used]
        if free:
            expert = rng.choice(free)
            used.add(expert.expert_id)
            apps[i] = replace(apps[i], pi_id=expert.expert_id, pi_name=expert.name,
                              pi_title="正高级")
    return apps


def build_relations(rng: random.Random, apps: list[ApplicationRecord],
                    experts: list[ExpertRecord]) -> list[RelationRecord]:
    """Past employment, collaborations, relatives and advisors, some beyond three years."""
    index = _by_direction(experts)
    relations: dict[tuple[str, str, str], RelationRecord] = {}
    n = len(apps)

    def add(person: str, kind: str, other: str, until: date | None) -> None:
        """Keep one relation per (person, kind, other)."""
        relations.setdefault((person, kind, other), RelationRecord(person, kind, other, until))

    for _ in range(max(4, n // 4)):
        app = rng.choice(apps)
        expert = _peer(rng, index, app)
        until = random_date(rng, *(RECENT if rng.random() < 0.7 else LONG_AGO))
        # Either side may be written first; a relation holds both ways.
        if rng.random() < 0.2:
            add(app.pi_id, "合作", expert.expert_id, until)
        else:
            add(expert.expert_id, "合作", app.pi_id, until)
    for _ in range(max(3, n // 7)):
        app = rng.choice(apps)
        unit = rng.choice((app.lead_unit_id, *app.partner_unit_ids))
        candidates = [e for e in index[app.direction] if e.unit_id != unit]
        expert = rng.choice(candidates or [e for e in experts if e.unit_id != unit])
        add(expert.expert_id, "曾任职", unit,
            random_date(rng, *(RECENT if rng.random() < 0.6 else LONG_AGO)))
    for _ in range(max(2, n // 25)):
        app = rng.choice(apps)
        add(_peer(rng, index, app).expert_id, "亲属", app.pi_id, None)
    for _ in range(max(3, n // 12)):
        app = rng.choice(apps)
        expert = _peer(rng, index, app)
        if rng.random() < 0.3:
            add(app.pi_id, "师生", expert.expert_id, None)
        else:
            add(expert.expert_id, "师生", app.pi_id, None)
    return list(relations.values())


def build_avoidance(rng: random.Random, apps: list[ApplicationRecord],
                    experts: list[ExpertRecord]) -> list[AvoidanceRecord]:
    """Applicants' requests to avoid an expert or a whole unit (申请回避)."""
    index = _by_direction(experts)
    requests = []
    for app in rng.sample(apps, min(len(apps), max(3, len(apps) // 25))):
        expert = _peer(rng, index, app)
        if rng.random() < 0.5:
            requests.append(AvoidanceRecord(app.app_id, expert_id=expert.expert_id,
                                            reason=rng.choice(AVOID_REASONS[:2])))
        else:
            requests.append(AvoidanceRecord(app.app_id, unit_id=expert.unit_id,
                                            reason=rng.choice(AVOID_REASONS[2:])))
    return requests
