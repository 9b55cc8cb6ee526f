"""Eligible demo applications: units by role, PI facts, money, text and demonstration."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from reviewapp.demo.names import XJ_SITES, NameMaker
from reviewapp.demo.units import UnitPool
from reviewapp.demo.vocab import ACTIONS, OUTPUT_TYPES, TITLE_PATTERNS, VOCAB
from reviewapp.workbook.records import ApplicationRecord

DEMO_DEADLINE = date(2025, 4, 30)
MEDICAL = "医疗卫生机构"
BIO = "生物医药与大健康"
ACHIEVEMENT_TYPES = ("发明专利", "专利", "省部级科技进步奖", "国家技术发明奖二等奖")


@dataclass
class AppContext:
    """What building applications needs: the random source, units, names, titles used."""

    rng: random.Random
    pool: UnitPool
    names: NameMaker
    titles: set[str] = field(default_factory=set)


def random_date(rng: random.Random, first: date, last: date) -> date:
    """A day drawn uniformly between `first` and `last`, both included."""
    return date.fromordinal(rng.randint(first.toordinal(), last.toordinal()))


def lead_kind(rng: random.Random, direction: str) -> str:
    """The type of unit that leads an application in this direction."""
    if direction == BIO:
        return rng.choices((MEDICAL, "企业", "高校", "科研院所"), (40, 30, 20, 10))[0]
    return rng.choices(("企业", "高校", "科研院所"), (55, 28, 17))[0]


def pick_lead(ctx: AppContext, kind: str, direction: str) -> str:
    """A Xinjiang unit of this kind suited to the direction."""
    if kind == "企业":
        return ctx.rng.choice(ctx.pool.enterprises[direction])
    return ctx.rng.choice(ctx.pool.suited(ctx.pool.xj[kind], direction))


def pick_partner(ctx: AppContext, track: str, direction: str) -> str:
    """An out-of-region partner that satisfies the track's partner rule."""
    ids = ctx.pool.t1_partners if track == "T1" else ctx.pool.t2_partners
    return ctx.rng.choice(ctx.pool.suited(ids, direction))


def pick_participants(ctx: AppContext, lead: str, direction: str) -> tuple[str, ...]:
    """Xinjiang participants; universities and institutes always bring an enterprise (E22)."""
    kind, rng, pool = ctx.pool.get(lead).unit_type, ctx.rng, ctx.pool
    if kind in ("高校", "科研院所"):
        return (rng.choice(pool.enterprises[direction]),)
    if kind == "企业" and rng.random() < 0.3:
        research = pool.xj["高校"] + pool.xj["科研院所"]
        return (rng.choice(pool.suited(research, direction)),)
    if kind == MEDICAL and rng.random() < 0.4:
        return (rng.choice([uid for uid in pool.xj[MEDICAL] if uid != lead]),)
    return ()


def pi_facts(ctx: AppContext, number: int, lead: str) -> dict[str, Any]:
    """An eligible PI at the lead unit: title or doctorate, age, time, aid-staff letters."""
    rng, enterprise = ctx.rng, ctx.pool.get(lead).unit_type == "企业"
    sex = "男" if rng.random() < 0.7 else "女"
    name, _ = ctx.names.person(sex, minority_share=0.2)
    # Young enough to be far from retirement when the project ends in 2027.
    first = date(1970, 1, 1) if sex == "男" else date(1978, 1, 1)
    weights = (30, 40, 30) if enterprise else (50, 40, 10)
    title = rng.choices(("正高级", "副高级", "中级"), weights)[0]
    degree = rng.choices(("博士", "硕士", "学士"), (50, 35, 15))[0]
    if title == "中级" and not enterprise:
        degree = "博士"
    aid = rng.random() < 0.08
    return {
        "pi_id": f"PI{number:04d}", "pi_name": name, "pi_sex": sex,
        "pi_birth_date": random_date(rng, first, date(1990, 12, 31)),
        "pi_title": title, "pi_degree": degree, "pi_employed_by_lead": True,
        "pi_months_per_year": float(rng.choice((6, 6, 8, 8, 9, 10, 12))),
        "pi_aid_staff": aid,
        "pi_service_end": rng.choice((date(2027, 12, 31), date(2028, 7, 31))) if aid else None,
        "pi_letters": aid,
    }


def money(rng: random.Random, medical: bool) -> dict[str, Any]:
    """Requested, self-raised and passed-out funds in yuan, within the rules."""
    wan = rng.choices(range(20, 51), [1 if w < 30 else 3 for w in range(20, 51)])[0]
    requested = wan * 10_000 + (5_000 if wan < 50 and rng.random() < 0.2 else 0)
    # Medical leads name adoption units instead of matching funds (E09 replaces E07).
    ratio = rng.uniform(0.3, 1.0) if medical else rng.uniform(2.0, 4.0)
    self_funding = math.ceil(requested * ratio / 10_000) * 10_000
    if not medical:
        self_funding = max(self_funding, 2 * requested)
    share = rng.choice((0, 0.1, 0.15, 0.2, 0.25, 0.3))
    return {
        "requested_yuan": requested, "self_funding_yuan": self_funding,
        "outsourced_yuan": int(requested * share) // 1_000 * 1_000,
    }


def scale_text(rng: random.Random, direction: str) -> str:
    """The demonstration scale, a round number in the direction's unit."""
    vocab = VOCAB[direction]
    n = rng.randint(*vocab.scale_range)
    return vocab.scale.format(n=round(n, -2) if vocab.scale_range[1] >= 1000 else n)


def quantified(rng: random.Random) -> str:
    """Quantified outputs (量化产出指标) as the forms write them."""
    return (f"申请发明专利{rng.randint(1, 5)}项，制定技术标准{rng.randint(1, 3)}项，"
            f"培训技术人员{rng.randint(3, 30) * 10}人次，"
            f"新增销售收入{rng.randint(10, 300) * 10}万元")


def texts(ctx: AppContext, direction: str, partner: str) -> dict[str, Any]:
    """Title, keywords, abstract and demonstration, all from the direction's vocabulary."""
    rng, vocab = ctx.rng, VOCAB[direction]
    for attempt in range(1, 1000):
        keywords = tuple(rng.sample(vocab.keywords, rng.randint(3, 5)))
        obj = rng.choice(vocab.objects)
        # "矿山装备智能农机装备…" reads badly: skip a keyword that repeats the object's ending.
        if obj[-2:] in keywords[0]:
            continue
        title = rng.choice(TITLE_PATTERNS).format(kw=keywords[0], obj=obj,
                                                  act=rng.choice(ACTIONS))
        # Very large demo books run out of combinations; then a phase number tells apart.
        if attempt > 100:
            title += f"（{attempt}期）"
        if title not in ctx.titles:
            ctx.titles.add(title)
            break
    site, scale = rng.choice(XJ_SITES), scale_text(rng, direction)
    facts = quantified(rng)
    sentences = [
        f"针对{obj}{rng.choice(vocab.problems)}等问题，项目联合{ctx.pool.get(partner).name}"
        f"引进其在{keywords[0]}方面的科技成果。",
        f"重点开展{keywords[1]}、{keywords[2]}等关键技术的本地化适配与集成示范。",
    ]
    if rng.random() < 0.8:
        sentences.append(f"项目拟在{site}开展{scale}的应用示范，{facts.split('，')[0]}。")
    if rng.random() < 0.5:
        sentences.append("项目实施将带动当地产业提质增效，培养一支本地技术骨干队伍。")
    return {
        "title": title, "keywords": keywords, "abstract": "".join(sentences),
        "demo_site": site, "demo_scale": scale, "quantified_outputs": facts,
    }


def adoption(ctx: AppContext, lead: str, direction: str) -> tuple[str, ...]:
    """Units that will adopt the results: required of medical leads (E09), common elsewhere."""
    pool, rng = ctx.pool, ctx.rng
    if pool.get(lead).unit_type == MEDICAL:
        others = [uid for uid in pool.xj[MEDICAL] if uid != lead]
        return tuple(pool.get(uid).name for uid in rng.sample(others, rng.randint(2, 3)))
    if rng.random() < 0.5:
        firms = [uid for uid in pool.enterprises[direction] if uid != lead]
        return tuple(pool.get(uid).name for uid in rng.sample(firms, rng.randint(1, 2)))
    return ()


def build_application(ctx: AppContext, number: int, track: str, direction: str,
                      lead: str | None = None) -> ApplicationRecord:
    """One application that passes every eligibility rule of the 2025 call."""
    rng = ctx.rng
    lead = lead or pick_lead(ctx, lead_kind(rng, direction), direction)
    partner = pick_partner(ctx, track, direction)
    n_achievements = rng.choice((1, 1, 2))
    return ApplicationRecord(
        app_id=f"2025YJ{number:04d}", track=track, direction=direction,
        lead_unit_id=lead, partner_unit_ids=(partner,),
        participant_unit_ids=pick_participants(ctx, lead, direction),
        agreements_signed=True, achievement_count=n_achievements,
        achievement_types=tuple(sorted({rng.choice(ACHIEVEMENT_TYPES)
                                        for _ in range(n_achievements)})),
        achievement_ip_clear=True,
        duration_months=24,
        stage=rng.choices(("中试", "产业化示范", "推广应用"), (40, 40, 20))[0],
        output_types=tuple(rng.sample(OUTPUT_TYPES, rng.randint(2, 4)))
        + (("论文",) if rng.random() < 0.3 else ()),
        adoption_units=adoption(ctx, lead, direction),
        **pi_facts(ctx, number, lead),
        **money(rng, ctx.pool.get(lead).unit_type == MEDICAL),
        **texts(ctx, direction, partner),
    )
