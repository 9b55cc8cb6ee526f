"""The demo call: a realistic, seed-determined call book and the demo accounts."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass

from reviewapp.call_settings_model import DIRECTIONS
from reviewapp.demo.applications import AppContext, build_application, pick_lead
from reviewapp.demo.cases import CASES, Case, case_direction
from reviewapp.demo.experts import build_experts
from reviewapp.demo.names import NameMaker
from reviewapp.demo.relations import build_avoidance, build_relations, experts_as_pis
from reviewapp.demo.units import build_units
from reviewapp.workbook.records import CallBook

# Some directions draw more applications than others, as in a real call.
POPULARITY = (4, 3, 3, 3, 5, 4, 5, 5, 2, 2, 5, 4, 6, 4, 3)
CASE_SHARE = 0.16  # ≈ 12.5 % ineligible once the soft and passing cases are counted out
STAFF_ACCOUNTS = (
    ("staff", "staff123", "staff", "演示工作人员"),
    ("committee", "committee123", "committee", "演示评审委员会"),
    ("admin", "admin123", "admin", "演示管理员"),
)
EXPERT_PASSWORD = "expert123"

Account = tuple[str, str, str, str, str | None]


@dataclass(frozen=True)
class DemoCall:
    """The demo book and which planted case each special application carries."""

    book: CallBook
    cases: dict[str, Case]  # app_id → case


def _directions(rng: random.Random, count: int) -> list[str]:
    """Every direction once, the rest by popularity, in random order."""
    if count < len(DIRECTIONS):
        return rng.sample(DIRECTIONS, count)
    directions = list(DIRECTIONS) + rng.choices(DIRECTIONS, POPULARITY,
                                                k=count - len(DIRECTIONS))
    rng.shuffle(directions)
    return directions


def _tracks(rng: random.Random, count: int) -> list[str]:
    """About 60 % T1 and 40 % T2, both present."""
    tracks = ["T1", "T2"][:count] + ["T1" if rng.random() < 0.6 else "T2"
                                    for _ in range(count - 2)]
    rng.shuffle(tracks)
    return tracks


def _place_cases(ctx: AppContext, directions: list[str]) -> dict[int, Case]:
    """Choose which application carries which case, keeping directions where possible."""
    count = len(directions)
    planned = min(count, max(len(CASES), round(count * CASE_SHARE)))
    chosen = [CASES[i % len(CASES)] for i in range(planned)]
    free = set(range(count))
    placed: dict[int, Case] = {}
    # Cases bound to a direction go first, while indices of that direction are free.
    for case in sorted(chosen, key=lambda c: case_direction(ctx, c) is None):
        wanted = case_direction(ctx, case)
        fits = sorted(i for i in free if wanted is None or directions[i] == wanted)
        index = ctx.rng.choice(fits or sorted(free))
        if wanted is not None:
            directions[index] = wanted
        free.discard(index)
        placed[index] = case
    return placed


def build_demo(seed: int = 2025, n_applications: int = 180, n_experts: int = 320) -> DemoCall:
    """Build the demo call book and its planted cases from one seed."""
    rng = random.Random(seed)
    pool = build_units(rng)
    names = NameMaker(rng)
    experts = build_experts(rng, pool, names, n_experts)
    ctx = AppContext(rng, pool, names)
    directions = _directions(rng, n_applications)
    tracks = _tracks(rng, n_applications)
    placed = _place_cases(ctx, directions)
    apps = []
    for index, (direction, track) in enumerate(zip(directions, tracks, strict=True)):
        case = placed.get(index)
        if case is None:
            apps.append(build_application(ctx, index + 1, track, direction))
            continue
        lead = None
        if case.lead and case.lead.startswith("special:"):
            lead = pool.special[case.lead.removeprefix("special:")]
        elif case.lead:
            lead = pick_lead(ctx, case.lead, direction)
        app = build_application(ctx, index + 1, case.track or track, direction, lead)
        apps.append(case.patch(ctx, app))
    cases = {apps[index].app_id: case for index, case in placed.items()}
    apps = experts_as_pis(rng, apps, experts, skip=set(cases))
    book = CallBook(
        units=tuple(pool.units), applications=tuple(apps), experts=tuple(experts),
        relations=tuple(build_relations(rng, apps, experts)),
        avoidance=tuple(build_avoidance(rng, apps, experts)),
    )
    return DemoCall(book, cases)


def generate_demo_book(seed: int = 2025, n_applications: int = 180,
                       n_experts: int = 320) -> CallBook:
    """The demo call book: deterministic for a seed, realistic, with planted problems."""
    return build_demo(seed, n_applications, n_experts).book


def demo_accounts(book: CallBook, n_experts: int = 5) -> list[Account]:
    """(username, password, role, display_name, expert_code) for each demo login."""
    accounts: list[Account] = [(*staff, None) for staff in STAFF_ACCOUNTS]
    # One expert per busiest direction, so each demo expert is likely to get work.
    busiest = [d for d, _ in Counter(a.direction for a in book.applications).most_common()]
    chosen: list[str] = []
    for direction in busiest:
        expert = next((e for e in book.experts if e.available and e.directions
                       and e.directions[0] == direction and e.expert_id not in chosen), None)
        if expert is not None and len(chosen) < n_experts:
            chosen.append(expert.expert_id)
    names = {e.expert_id: e.name for e in book.experts}
    accounts += [(f"expert{i}", EXPERT_PASSWORD, "expert", names[code], code)
                 for i, code in enumerate(chosen, start=1)]
    return accounts
