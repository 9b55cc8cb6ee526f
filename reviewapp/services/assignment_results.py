"""Reads of assignment runs: the runs of a call, a run's panels and loads, comparison, export."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from statistics import median
from typing import Any

import xlsxwriter
from sqlalchemy import ColumnElement, Select, Subquery, case, func, or_, select

from reviewapp.extensions import db
from reviewapp.models import Application, Assignment, AssignmentRun, Expert, RunPair, Unit, User
from reviewapp.safe_cells import XLSX_OPTIONS, guard_text
from reviewapp.services.listing import RowsPage, contains_pattern, page_of

STATUS_ZH = {"assigned": "已分配", "invited": "已邀请", "accepted": "已接受",
             "declined": "已拒绝", "recused": "已回避", "done": "已完成"}
# A panel is weak when none of its experts works in the application's support direction,
# or when its mean affinity is under half the median panel's mean (and under this floor).
WEAK_FLOOR = 0.3
PER_PAGE = 50


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
class PanelSummary:
    """One application's panel aggregated in SQL: its row id, code, mean affinity, weakness."""

    app_row: int
    app_id: str
    mean: float
    weak: bool


@dataclass(frozen=True)
class PanelFilters:
    """What the run page's panels are narrowed to: a search text, weak panels only."""

    search: str = ""
    weak_only: bool = False


@dataclass(frozen=True)
class PanelPage:
    """One page of whole panels, paging values, and every panel's summary (counts, charts)."""

    rows: list[Panel]
    total: int
    page: int
    pages: int
    summaries: list[PanelSummary]

    @property
    def weak(self) -> int:
        """How many panels of the run are weak."""
        return sum(s.weak for s in self.summaries)


@dataclass(frozen=True)
class LoadOverview:
    """The run page's loads: the heaviest, how many are over their maximum, per load."""

    heaviest: list[Load]
    over: int
    by_load: list[tuple[int, int]]  # (load, experts with it)


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
        .where(AssignmentRun.call_id == call_id).group_by(RunPair.run_id)).tuples().all())
    rows = db.session.execute(
        select(AssignmentRun, User.username).outerjoin(User, User.id == AssignmentRun.created_by)
        .where(AssignmentRun.call_id == call_id).order_by(AssignmentRun.id.desc())).all()
    return [RunRow(run, counts.get(run.id, 0), name or "CLI") for run, name in rows]


def get_run(call_id: int, run_id: int) -> AssignmentRun | None:
    """The call's run with this id, or None."""
    run = db.session.get(AssignmentRun, run_id)
    return run if run is not None and run.call_id == call_id else None


def _matched() -> ColumnElement[int]:
    """1 when the pair's explanation names a matched support direction, else 0."""
    direction = RunPair.explanation["matched_direction"].as_string()
    return case((func.coalesce(direction, "") != "", 1), else_=0)


def panel_summaries(run: AssignmentRun) -> list[PanelSummary]:
    """Every panel of the run aggregated in SQL (size, summed affinity, direction matched).

    Ordered by application code; `weak` needs the median panel, so it is set here from
    the aggregated rows (one per application) rather than in the query.
    """
    rows = db.session.execute(
        select(Application.id, Application.app_id, func.count(), func.sum(RunPair.affinity),
               func.max(_matched()))
        .join(Application, Application.id == RunPair.application_id)
        .where(RunPair.run_id == run.id)
        .group_by(Application.id, Application.app_id).order_by(Application.app_id)).tuples().all()
    means = [float(total) / size for _row, _code, size, total, _m in rows]
    typical = median(means) if means else 0.0
    return [PanelSummary(row, code, mean, weak=not matched or (
        mean < WEAK_FLOOR and mean < typical / 2))
        for (row, code, _size, _total, matched), mean in zip(rows, means, strict=True)]


def _holds(column: Any, text: str) -> ColumnElement[Any]:
    """The position of `text` in `column` as typed, 0 when absent (SQL's LIKE ignores case)."""
    exact = func.instr if db.session.get_bind().dialect.name == "sqlite" else func.strpos
    return exact(column, text)


def _searched(run: AssignmentRun, text: str) -> set[int]:
    """Application row ids of the run whose code, title or a member's code or name holds text.

    Codes match whatever the case; titles and names as typed (the page's old rules).
    """
    pattern = contains_pattern(text.casefold())
    return set(db.session.scalars(
        select(RunPair.application_id).distinct()
        .join(Application, Application.id == RunPair.application_id)
        .join(Expert, Expert.id == RunPair.expert_id)
        .where(RunPair.run_id == run.id, or_(
            func.lower(Application.app_id).like(pattern, escape="\\"),
            _holds(Application.title, text) > 0,
            func.lower(Expert.expert_id).like(pattern, escape="\\"),
            _holds(Expert.name, text) > 0))))


def _panels_of(run: AssignmentRun, summaries: list[PanelSummary],
               whole: bool = False) -> list[Panel]:
    """The full panels (members with unit, affinity, reasons, status) of these applications.

    `whole`: the summaries are every panel of the run, so no list of ids is sent.
    """
    rows = [s.app_row for s in summaries]
    pairs = [RunPair.run_id == run.id] + ([] if whole else [RunPair.application_id.in_(rows)])
    statuses: dict[tuple[int, int], str] = {}
    if run.is_current and rows:
        statuses = {(a, e): status for a, e, status in db.session.execute(
            select(Assignment.application_id, Assignment.expert_id, Assignment.status)
            .where(Assignment.call_id == run.call_id,
                   *([] if whole else [Assignment.application_id.in_(rows)]))
            .order_by(Assignment.id)).tuples()}
    found = {s.app_row: Panel(s.app_id, "", "", weak=s.weak) for s in summaries}
    for app_row, title, direction, code, name, unit, affinity, why, expert_row in (
            db.session.execute(
                select(RunPair.application_id, Application.title, Application.direction,
                       Expert.expert_id, Expert.name, Unit.name, RunPair.affinity,
                       RunPair.explanation, Expert.id)
                .join(Application, Application.id == RunPair.application_id)
                .join(Expert, Expert.id == RunPair.expert_id)
                .outerjoin(Unit, Unit.id == Expert.unit_id)
                .where(*pairs)
                .order_by(Application.app_id, RunPair.affinity.desc(), Expert.expert_id))
            .tuples()):
        panel = found[app_row]
        panel.title, panel.direction = title, direction
        panel.members.append(Member(code, name, unit or "", affinity, why,
                                    statuses.get((app_row, expert_row))))
    return list(found.values())


def panel_page(run: AssignmentRun, filters: PanelFilters, page: int,
               per_page: int = PER_PAGE) -> PanelPage:
    """The page `page` (clamped) of the panels the filters select, with every panel's summary.

    Panels are aggregated and searched in SQL; only the page's panels are loaded whole.
    """
    summaries = panel_summaries(run)
    shown = [s for s in summaries if not filters.weak_only or s.weak]
    if filters.search:
        found = _searched(run, filters.search)
        shown = [s for s in shown if s.app_row in found]
    pages = max(1, -(-len(shown) // per_page))
    page = min(max(page, 1), pages)
    rows = _panels_of(run, shown[(page - 1) * per_page: page * per_page])
    return PanelPage(rows, len(shown), page, pages, summaries)


def panels(run: AssignmentRun) -> list[Panel]:
    """Each application's panel in the run, ordered by application code; weak ones flagged."""
    return _panels_of(run, panel_summaries(run), whole=True)


def _load_counts(run: AssignmentRun | None) -> Subquery:
    """Pairs per expert row id in the run (no rows without a run)."""
    return (select(RunPair.expert_id.label("expert"), func.count().label("load"))
            .where(RunPair.run_id == (run.id if run is not None else -1))
            .group_by(RunPair.expert_id).subquery())


def _load_rows(call_id: int, run: AssignmentRun | None) -> Select[tuple[Any, ...]]:
    """Every expert of the call with their load in the run, heaviest first, as plain columns."""
    counts = _load_counts(run)
    load = func.coalesce(counts.c.load, 0)
    return (select(Expert.expert_id, Expert.name, func.coalesce(Unit.name, ""), load,
                   Expert.min_load, Expert.max_load, Expert.available)
            .outerjoin(counts, counts.c.expert == Expert.id)
            .outerjoin(Unit, Unit.id == Expert.unit_id)
            .where(Expert.call_id == call_id).order_by(load.desc(), Expert.expert_id))


def load_page(call_id: int, run: AssignmentRun | None, search: str, page: int,
              per_page: int = PER_PAGE) -> RowsPage[Load]:
    """One page of the loads table, searched in SQL (a code whatever the case, a name or a
    unit as typed), heaviest first."""
    stmt = _load_rows(call_id, run)
    if search:
        pattern = contains_pattern(search.casefold())
        stmt = stmt.where(or_(func.lower(Expert.expert_id).like(pattern, escape="\\"),
                              _holds(Expert.name, search) > 0, _holds(Unit.name, search) > 0))
    return page_of(db.session, stmt, page, per_page,
                   lambda rows: [Load(*row) for row in db.session.execute(rows)])


def load_overview(call_id: int, run: AssignmentRun | None, heaviest: int = 10) -> LoadOverview:
    """The heaviest loads, how many experts are above their maximum, experts per load."""
    counts = _load_counts(run)
    load = func.coalesce(counts.c.load, 0)
    per_expert = (select(load.label("load"), Expert.max_load.label("max_load"))
                  .outerjoin(counts, counts.c.expert == Expert.id)
                  .where(Expert.call_id == call_id).subquery())
    by_load = db.session.execute(
        select(per_expert.c.load, func.count(),
               func.sum(case((per_expert.c.load > per_expert.c.max_load, 1), else_=0)))
        .group_by(per_expert.c.load).order_by(per_expert.c.load)).tuples().all()
    top = [Load(*row) for row in db.session.execute(_load_rows(call_id, run).limit(heaviest))]
    return LoadOverview(top, sum(int(over) for *_, over in by_load),
                        [(int(n), int(count)) for n, count, _over in by_load])


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
        .join(Expert, Expert.id == RunPair.expert_id).where(RunPair.run_id == run_id))
        .tuples().all())


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
