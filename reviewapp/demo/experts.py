"""The demo expert pool: Xinjiang and out-of-region experts at units of the book."""

from __future__ import annotations

import random

from reviewapp.call_settings_model import DIRECTIONS
from reviewapp.demo.names import NameMaker
from reviewapp.demo.units import UnitPool
from reviewapp.demo.vocab import EXPERT_TITLES, VOCAB
from reviewapp.workbook.records import ExpertRecord

OUTSIDE_SHARE = 0.45


def _home_unit(pool: UnitPool, rng: random.Random) -> str:
    """A Xinjiang employer: mostly universities and institutes, some hospitals and firms."""
    kind = rng.choices(("高校", "科研院所", "医疗卫生机构", "企业", "学院"), (38, 25, 12, 18, 7))[0]
    if kind == "企业":
        return rng.choice(pool.enterprises[rng.choice(DIRECTIONS)])
    if kind == "学院":
        return rng.choice(pool.colleges)
    return rng.choice(pool.xj[kind])


def _outside_unit(pool: UnitPool, rng: random.Random) -> str:
    """An out-of-region employer, from the aid provinces or the western partners."""
    ids = pool.t1_partners if rng.random() < 0.65 else pool.t2_partners
    if rng.random() < 0.9:
        ids = [uid for uid in ids if pool.get(uid).unit_type != "企业"]
    return rng.choice(ids)


def _directions(pool: UnitPool, rng: random.Random, unit_id: str) -> tuple[str, ...]:
    """One to three directions, the first one among those the unit is known for."""
    tags = pool.tags[unit_id]
    first = rng.choice(tags) if tags else rng.choice(DIRECTIONS)
    if pool.get(unit_id).unit_type == "医疗卫生机构":
        return (first,)
    others = [d for d in DIRECTIONS if d != first]
    return (first, *rng.sample(others, rng.choices((0, 1, 2), (35, 45, 20))[0]))


def _keywords(rng: random.Random, directions: tuple[str, ...]) -> tuple[str, ...]:
    """Research keywords: several from the main direction, one or two from the others."""
    words = rng.sample(VOCAB[directions[0]].keywords, rng.randint(3, 5))
    for direction in directions[1:]:
        words += rng.sample(VOCAB[direction].keywords, rng.randint(1, 2))
    return tuple(words)


def build_experts(rng: random.Random, pool: UnitPool, names: NameMaker,
                  count: int) -> list[ExpertRecord]:
    """`count` experts, about 45 % of them outside Xinjiang, a few unavailable."""
    outside = set(rng.sample(range(count), round(count * OUTSIDE_SHARE)))
    experts = []
    for index in range(count):
        is_out = index in outside
        unit_id = _outside_unit(pool, rng) if is_out else _home_unit(pool, rng)
        unit = pool.get(unit_id)
        sex = "男" if rng.random() < 0.7 else "女"
        name, latin = names.person(sex, minority_share=0.0 if is_out else 0.25)
        title, level = rng.choice(EXPERT_TITLES[unit.unit_type])
        directions = _directions(pool, rng, unit_id)
        keywords = _keywords(rng, directions)
        profile = (f"{unit.name}{title}，长期从事{'、'.join(keywords[:3])}等方向的研究与应用，"
                   f"主持国家及省部级科研项目{rng.randint(2, 15)}项。")
        experts.append(ExpertRecord(
            expert_id=f"ZJ{index + 1:04d}", name=name, unit_id=unit_id, unit_name=unit.name,
            province=unit.province, title=level, directions=directions, keywords=keywords,
            profile=profile, max_load=rng.randint(5, 10), available=rng.random() > 0.04,
            email=names.email(latin, pool.domains[unit_id]),
        ))
    return experts
