"""Reads of assignment runs: the runs of a call, a run's panels and loads, comparison, export."""

from __future__ import annotations

import io
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from statistics import median
from typing import Any, TypeVar

import xlsxwriter
from sqlalchemy import func, select

from reviewapp.extensions import db
from reviewapp.models import Application, Assignment, AssignmentRun, Expert, RunPair, Unit, User
from reviewapp.safe_cells import XLSX_OPTIONS, guard_text

STATUS_ZH = {"assigned": "已分配", "invited": "已邀请", "accepted": "已接受",
             "declined": "已拒绝", "recused": "已回避", "done": "已完成"}
# A panel is weak when none of its experts works in the application's support direction,
# or when its mean affinity is under half the median panel's mean (and under this floor).
WEAK_FLOOR = 0.3


@dataclass(frozen=True)
class RunRow:
    """One run in the runs table."""

    run: AssignmentRun
    pairs: int
    by: str


@dataclass(frozen=True)
class Member:
    """One expert of a panel, with the affinity and the reasons the library gave."""

    expert_id: str
    name: str
    unit: str
    affinity: float
    explanation: dict[str, Any]
    status: str | None = None


@dataclass
class Panel:
    """One application's experts in a run."""

    app_id: str
    title: str
    direction: str
    members: list[Member] = field(default_factory=list)
    weak: bool = False

    @property
    def total(self) -> float:
        """The panel's summed affinity (what the optimal mode maximises)."""
        return sum(m.affinity for m in self.members)

    @property
    def mean(self) -> float:
        """The panel's mean affinity."""
        return self.total / len(self.members) if self.members else 0.0


@dataclass(frozen=True)
class Load:
    """One expert's load in a run against their limits."""

    expert_id: str
    name: str
    unit: str
    load: int
    min_load: int
    max_load: int | None
    available: bool


@dataclass(frozen=True)
class Comparison:
    """Two runs side by side: objective, worst panel, pairs only in one of them."""

    left: AssignmentRun
    right: AssignmentRun
    only_left: list[tuple[str, str]]
    only_right: list[tuple[str, str]]
    common: int
    changed_apps: list[str]


def runs_of(call_id: int) -> list[RunRow]:
    """Every run of the call, newest first, with its pair count and who started it."""
    counts = dict(db.session.execute(
        select(RunPair.run_id, func.count()).join(AssignmentRun)
        .where(AssignmentRun.call_id == call_id).group_by(RunPair.run_id)).all())
    rows = db.session.execute(
        select(AssignmentRun, User.username).outerjoin(User, User.id == AssignmentRun.created_by)
        .where(AssignmentRun.call_id == call_id).order_by(AssignmentRun.id.desc())).all()
    return [RunRow(run, counts.get(run.id, 0), name or "CLI") for run, name in rows]


def get_run(call_id: int, run_id: int) -> AssignmentRun | None:
    """The call's run with this id, or None."""
    run = db.session.get(AssignmentRun, run_id)
    return run if run is not None and run.call_id == call_id else None


def _unit_names(call_id: int) -> dict[int, str]:
    """Unit row id → unit name for the call."""
    return dict(db.session.execute(select(Unit.id, Unit.name).where(Unit.call_id == call_id))
                .all())


def panels(run: AssignmentRun) -> list[Panel]:
    """Each application's panel in the run, ordered by application code; weak ones flagged."""
    units = _unit_names(run.call_id)
    statuses = {}
    if run.is_current:
        statuses = {(a, e): s for a, e, s in db.session.execute(
            select(Assignment.application_id, Assignment.expert_id, Assignment.status)
            .where(Assignment.call_id == run.call_id))}
    rows = db.session.execute(
        select(RunPair, Application, Expert)
        .select_from(RunPair)
        .join(Application, Application.id == RunPair.application_id)
        .join(Expert, Expert.id == RunPair.expert_id)
        .where(RunPair.run_id == run.id)
        .order_by(Application.app_id, RunPair.affinity.desc(), Expert.expert_id)).all()
    found: dict[str, Panel] = {}
    for pair, application, expert in rows:
        panel = found.setdefault(application.app_id, Panel(
            application.app_id, application.title, application.direction))
        panel.members.append(Member(
            expert.expert_id, expert.name, units.get(expert.unit_id or -1, ""), pair.affinity,
            pair.explanation, statuses.get((application.id, expert.id))))
    result = list(found.values())
    if result:
        typical = median(p.mean for p in result)
        for panel in result:
            matched = any(m.explanation.get("matched_direction") for m in panel.members)
            panel.weak = not matched or (panel.mean < WEAK_FLOOR and panel.mean < typical / 2)
    return result


def loads(call_id: int, run: AssignmentRun | None) -> list[Load]:
    """Every expert of the call with their load in the run (0 without one), heaviest first."""
    counts = Counter(db.session.scalars(select(RunPair.expert_id)
                                        .where(RunPair.run_id == run.id))) if run else Counter()
    units = _unit_names(call_id)
    experts = db.session.scalars(select(Expert).where(Expert.call_id == call_id)
                                 .order_by(Expert.expert_id))
    rows = [Load(e.expert_id, e.name, units.get(e.unit_id or -1, ""), counts.get(e.id, 0),
                 e.min_load, e.max_load, e.available) for e in experts]
    return sorted(rows, key=lambda r: (-r.load, r.expert_id))


def histogram(values: list[float], edges: list[float]) -> list[tuple[str, int]]:
    """(label, count) per bin [edges[i], edges[i+1]); the last bin includes its upper edge."""
    counts = [0] * (len(edges) - 1)
    for value in values:
        for i in range(len(edges) - 1):
            last = i == len(edges) - 2
            if edges[i] <= value < edges[i + 1] or (last and value == edges[i + 1]):
                counts[i] += 1
                break
    return [(f"{edges[i]:.1f}–{edges[i + 1]:.1f}", n) for i, n in enumerate(counts)]


def _pair_codes(run_id: int) -> set[tuple[str, str]]:
    """The run's pairs as (app_id, expert_id) codes."""
    return set(db.session.execute(
        select(Application.app_id, Expert.expert_id)
        .select_from(RunPair)
        .join(Application, Application.id == RunPair.application_id)
        .join(Expert, Expert.id == RunPair.expert_id).where(RunPair.run_id == run_id)).all())


def compare(left: AssignmentRun, right: AssignmentRun) -> Comparison:
    """What changed between two runs of one call."""
    a, b = _pair_codes(left.id), _pair_codes(right.id)
    changed = sorted({app for app, _ in a ^ b})
    return Comparison(left, right, sorted(a - b), sorted(b - a), len(a & b), changed)


def export_run(run: AssignmentRun) -> bytes:
    """The run's pairs as an .xlsx with Chinese headers, every text cell formula-safe."""
    headers = ["项目编号", "项目名称", "支持方向", "专家编号", "专家姓名", "工作单位", "匹配度",
               "方向匹配", "共同关键词", "状态"]
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, XLSX_OPTIONS) as book:
        sheet = book.add_worksheet("分配结果")
        bold = book.add_format({"bold": True})
        for col, header in enumerate(headers):
            sheet.write_string(0, col, header, bold)
        line = 1
        for panel in panels(run):
            for m in panel.members:
                why = m.explanation
                words = dict.fromkeys(list(why.get("shared_keywords", ()))
                                      + list(why.get("expert_keywords_in_application", ()))
                                      + list(why.get("application_keywords_in_profile", ())))
                texts = [panel.app_id, panel.title, panel.direction, m.expert_id, m.name, m.unit]
                for col, text in enumerate(texts):
                    sheet.write_string(line, col, guard_text(text or ""))
                sheet.write_number(line, 6, round(m.affinity, 4))
                sheet.write_string(line, 7, guard_text(why.get("matched_direction") or ""))
                sheet.write_string(line, 8, guard_text("、".join(words)))
                sheet.write_string(line, 9, STATUS_ZH.get(m.status or "", ""))
                line += 1
        sheet.freeze_panes(1, 0)
    return buffer.getvalue()


def panel_counts(run: AssignmentRun) -> dict[str, int]:
    """Experts per application code in the run."""
    counts: dict[str, int] = defaultdict(int)
    for app_id in db.session.scalars(
            select(Application.app_id).join(RunPair, RunPair.application_id == Application.id)
            .where(RunPair.run_id == run.id)):
        counts[app_id] += 1
    return dict(counts)


PER_PAGE = 50
T = TypeVar("T")


def page_of(rows: list[T], args: Any) -> dict[str, Any]:
    """The `page` argument's slice of the rows, with the template's paging values."""
    pages = max(1, -(-len(rows) // PER_PAGE))
    try:
        page = min(max(int(args.get("page", "1")), 1), pages)
    except ValueError:
        page = 1
    return {"rows": rows[(page - 1) * PER_PAGE: page * PER_PAGE], "total": len(rows),
            "page": page, "pages": pages}
