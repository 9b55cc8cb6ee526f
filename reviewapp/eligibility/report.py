"""Stored verdicts as report rows: overall verdict after overrides, counts, filters, exports.

Plain data only: the service fills `EligibilityRow`s from the database; pages, the CSV
command and the Excel export read them.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import xlsxwriter

from reviewapp.eligibility.engine import RULES, RULES_BY_ID, SOFT
from reviewapp.safe_cells import XLSX_OPTIONS, guard_text
from reviewapp.safe_cells import csv_text as csv_cells

YES, NO = "是", "否"
CSV_HEADER = ("app_id", "eligible", "failed", "flags")
STATUSES = ("eligible", "ineligible", "flagged", "overridden", "unchecked")


@dataclass(frozen=True)
class StoredOutcome:
    """One rule's stored verdict on one application, with any staff override."""

    rule_id: str
    verdict: str
    evidence_zh: str
    evidence_en: str
    override_verdict: str | None = None
    override_reason: str | None = None
    overridden_by: str | None = None
    overridden_at: datetime | None = None

    @property
    def effective(self) -> str:
        """The override when staff set one, else the engine's verdict."""
        return self.override_verdict or self.verdict

    @property
    def kind(self) -> str:
        """hard or soft, from the rule table (hard for a rule id the table lacks)."""
        rule = RULES_BY_ID.get(self.rule_id)
        return rule.kind if rule else "hard"


@dataclass(frozen=True)
class EligibilityRow:
    """One application's stored outcomes and what they add up to."""

    application_id: int
    app_id: str
    title: str
    track: str
    lead_unit: str
    outcomes: tuple[StoredOutcome, ...]
    # A report page loads only the outcomes it shows (fails, flags, overrides), so it says
    # here whether any rule ran; None: `outcomes` holds every stored outcome.
    rules_ran: bool | None = None

    @property
    def checked(self) -> bool:
        """Whether the rules have run on this application."""
        return bool(self.outcomes) if self.rules_ran is None else self.rules_ran

    @property
    def failed(self) -> tuple[str, ...]:
        """Rule ids failing after overrides."""
        return tuple(o.rule_id for o in self.outcomes if o.effective == "fail")

    @property
    def flags(self) -> tuple[str, ...]:
        """Rule ids flagged after overrides."""
        return tuple(o.rule_id for o in self.outcomes if o.effective == "flag")

    @property
    def overridden(self) -> tuple[StoredOutcome, ...]:
        """Outcomes staff overrode."""
        return tuple(o for o in self.outcomes if o.override_verdict)

    @property
    def eligible(self) -> bool:
        """Checked and no hard rule fails after overrides."""
        return self.checked and not self.failed

    def outcome(self, rule_id: str) -> StoredOutcome | None:
        """The stored outcome of one rule, if it ran."""
        return next((o for o in self.outcomes if o.rule_id == rule_id), None)


@dataclass(frozen=True)
class RuleCount:
    """How many applications one rule fails, flags, and how many of its verdicts staff overrode."""

    rule_id: str
    kind: str
    message_zh: str
    message_en: str
    fail: int
    flag: int
    overridden: int


def rule_counts(rows: Iterable[EligibilityRow]) -> list[RuleCount]:
    """Per rule of the table: fails and flags after overrides, and overrides made."""
    listed = list(rows)
    counts = []
    for rule in RULES:
        outcomes = [o for row in listed if (o := row.outcome(rule.rule_id)) is not None]
        counts.append(RuleCount(
            rule.rule_id, rule.kind, rule.message_zh, rule.message_en,
            fail=sum(o.effective == "fail" for o in outcomes),
            flag=sum(o.effective == "flag" for o in outcomes),
            overridden=sum(bool(o.override_verdict) for o in outcomes),
        ))
    return counts


def row_status(row: EligibilityRow) -> str:
    """The row's headline: unchecked, ineligible, flagged or eligible."""
    if not row.checked:
        return "unchecked"
    if row.failed:
        return "ineligible"
    return "flagged" if row.flags else "eligible"


def filter_rows(
    rows: Iterable[EligibilityRow],
    status: str = "",
    rule: str = "",
    verdict: str = "",
    track: str = "",
    search: str = "",
) -> list[EligibilityRow]:
    """Rows matching every given filter; `rule` with `verdict` selects e.g. E07 failing."""
    needle = search.strip().lower()
    kept = []
    for row in rows:
        if status == "overridden":
            if not row.overridden:
                continue
        elif status and row_status(row) != status:
            continue
        if rule:
            outcome = row.outcome(rule)
            if outcome is None or (verdict and outcome.effective != verdict):
                continue
        if track and row.track != track:
            continue
        if needle and needle not in row.app_id.lower() and needle not in row.title.lower():
            continue
        kept.append(row)
    return kept


def csv_text(rows: Iterable[EligibilityRow]) -> str:
    """The CSV `app_id,eligible,failed,flags` (是/否; rule ids joined by `;`)."""
    return csv_cells(CSV_HEADER, ((row.app_id, YES if row.eligible else NO,
                                   ";".join(row.failed), ";".join(row.flags)) for row in rows))


SUMMARY_HEADERS = ("项目编号 app_id", "项目名称 title", "项目类别 track", "申报单位 lead unit",
                   "是否合格 eligible", "未通过 failed", "提示 flags", "人工改判 overrides")
DETAIL_HEADERS = ("项目编号 app_id", "规则 rule", "类型 kind", "规则说明 rule text",
                  "判定 verdict", "改判 override", "改判理由 reason", "依据 evidence",
                  "evidence (en)")


def _detail_lines(rows: Sequence[EligibilityRow]) -> list[tuple[str, ...]]:
    """One line per failed, flagged or overridden outcome, for the evidence sheet."""
    lines: list[tuple[str, ...]] = []
    for row in rows:
        for o in row.outcomes:
            if o.verdict in ("fail", "flag") or o.override_verdict:
                rule = RULES_BY_ID.get(o.rule_id)
                lines.append((row.app_id, o.rule_id, "软性" if o.kind == SOFT else "硬性",
                              rule.message_zh if rule else "", o.verdict, o.override_verdict or "",
                              o.override_reason or "", o.evidence_zh, o.evidence_en))
    return lines


def xlsx_bytes(rows: Sequence[EligibilityRow]) -> bytes:
    """An Excel workbook: one summary line per application, one evidence line per finding."""
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, XLSX_OPTIONS) as book:
        bold = book.add_format({"bold": True})
        summary = book.add_worksheet("形式审查")
        summary.write_row(0, 0, SUMMARY_HEADERS, bold)
        for line, row in enumerate(rows, start=1):
            overrides = "；".join(f"{o.rule_id}→{o.override_verdict}：{o.override_reason or ''}"
                                 for o in row.overridden)
            values = (row.app_id, row.title, row.track, row.lead_unit,
                      YES if row.eligible else NO, ";".join(row.failed), ";".join(row.flags),
                      overrides)
            for col, value in enumerate(values):
                summary.write_string(line, col, guard_text(value))
        summary.freeze_panes(1, 0)
        detail = book.add_worksheet("依据 evidence")
        detail.write_row(0, 0, DETAIL_HEADERS, bold)
        for line, details in enumerate(_detail_lines(rows), start=1):
            for col, value in enumerate(details):
                detail.write_string(line, col, guard_text(value))
        detail.freeze_panes(1, 0)
    return buffer.getvalue()
