"""The ranked lists as the `reviewapp rank` workbook (DESIGN.md), for the command and the page.

The committee's `ranking.xlsx` and `reviewapp rank CALL` both write through this module,
from the same `CallRanking`, so the page and the command give the same file.
"""

from __future__ import annotations

import io
from collections import defaultdict
from typing import Any

import xlsxwriter

from reviewapp.money import yuan_to_wan
from reviewapp.safe_cells import XLSX_OPTIONS, guard_text, guard_value
from reviewapp.services.ranking import CallRanking
from scoring.quotas import KNAPSACK_WARNING

# The ranked sheet's columns, written with their English keys as the header row.
RANK_COLUMNS = (
    "app_id", "rank", "score", "score_low", "score_high", "requested_wan", "cumulative_wan",
    "funded",
)
# Extra sheets after the track sheets; the track sheets keep exactly RANK_COLUMNS.
DETAIL_COLUMNS = (
    "app_id", "track", "awarded_wan", "cut_wan", "lottery_zone", "p_above_line",
    "expected_rank", "rank_q05", "rank_q95", "outlier_reviews",
)
SUMMARY_COLUMNS = (
    "track", "budget_wan", "spent_wan", "applications", "funded", "method", "sampler_seed",
    "lottery_seed", "max_cut_percent", "lottery", "quotas",
)
KNAPSACK_COLUMNS = (
    "track", "app_id", "rank", "score", "requested_wan", "knapsack_funded", "rank_funded",
)


def _wan(yuan: int) -> float:
    """Yuan as 万元 rounded half-up to two decimals, for a spreadsheet cell."""
    return float(yuan_to_wan(yuan) or 0)


def _yes(flag: bool) -> str:
    """是 or 否, as the workbook writes yes/no."""
    return "是" if flag else "否"


def _details(ranking: CallRanking) -> list[tuple[Any, ...]]:
    """Per application: award and cut, lottery flag, rank uncertainty, outlier reviews."""
    outliers: dict[str, int] = defaultdict(int)
    for outlier in ranking.outliers:
        outliers[outlier.app_id] += 1
    return [
        (row.app_id, track.track_id, _wan(row.awarded_yuan),
         _wan(row.requested_yuan - row.awarded_yuan if row.funded else 0),
         _yes(row.in_lottery_zone),
         None if row.p_above_line is None else round(row.p_above_line, 3),
         round(row.expected_rank, 2), row.rank_q05, row.rank_q95, outliers[row.app_id])
        for track in ranking.tracks for row in track.ranking.rows
    ]


def _summary(ranking: CallRanking) -> list[tuple[Any, ...]]:
    """Per track: budget, money spent, counts, how the line was drawn and by which seed."""
    rules = ranking.rules
    return [
        (t.track_id, None if t.budget_yuan is None else _wan(t.budget_yuan),
         _wan(t.ranking.line.spent_yuan if t.ranking.line else 0), len(t.ranking.rows),
         sum(r.funded for r in t.ranking.rows), t.ranking.line.method if t.ranking.line else "",
         ranking.sampler_seed, ranking.lottery_seed, rules.max_cut_percent, _yes(rules.lottery),
         "; ".join(q.describe() for q in t.quotas))
        for t in ranking.tracks
    ]


def _knapsack(ranking: CallRanking) -> list[tuple[Any, ...]]:
    """Per ranked application of each compared track: funded by the knapsack, funded by rank."""
    return [
        (t.track_id, row.app_id, row.rank, round(row.score, 2), _wan(row.requested_yuan),
         _yes(row.app_id in t.knapsack_funded), _yes(row.funded))
        for t in ranking.tracks if t.knapsack_funded is not None for row in t.ranking.rows
    ]


def ranking_workbook(ranking: CallRanking, details: bool = False) -> bytes:
    """The ranked lists as .xlsx: one sheet per track named by its id, then extra sheets.

    Plain rank order gives the track sheets alone, as DESIGN.md lists them. When asked,
    or when cuts, the lottery or quotas drew the line, `details` (award, cut, lottery
    zone, rank uncertainty) and `summary` (per track, with the seed and the rules)
    follow; `knapsack_comparison` comes last when it was computed, its warning on top.
    """
    target = io.BytesIO()
    # Never let an id or a name become a formula.
    book = xlsxwriter.Workbook(target, XLSX_OPTIONS)
    two_decimals = book.add_format({"num_format": "0.00"})
    header = book.add_format({"bold": True})
    for track in ranking.tracks:
        sheet = book.add_worksheet(track.track_id)
        sheet.write_row(0, 0, RANK_COLUMNS, header)
        for r, row in enumerate(track.ranking.rows, start=1):
            sheet.write_string(r, 0, guard_text(row.app_id))
            sheet.write_number(r, 1, row.rank)
            for c, value in enumerate((row.score, row.score_low, row.score_high), start=2):
                sheet.write_number(r, c, round(value, 2), two_decimals)
            sheet.write_number(r, 5, _wan(row.requested_yuan), two_decimals)
            sheet.write_number(r, 6, _wan(row.cumulative_yuan), two_decimals)
            sheet.write_string(r, 7, _yes(row.funded))
        sheet.freeze_panes(1, 0)
    extra = []
    if details or ranking.rules.active:
        extra += [("details", DETAIL_COLUMNS, _details(ranking), ""),
                  ("summary", SUMMARY_COLUMNS, _summary(ranking), "")]
    if any(t.knapsack_funded is not None for t in ranking.tracks):
        extra.append(("knapsack_comparison", KNAPSACK_COLUMNS, _knapsack(ranking),
                      KNAPSACK_WARNING))
    for name, columns, rows, warning in extra:
        sheet = book.add_worksheet(name)
        top = 0
        if warning:
            sheet.write_string(0, 0, warning, header)
            top = 1
        sheet.write_row(top, 0, columns, header)
        for r, values in enumerate(rows, start=top + 1):
            sheet.write_row(r, 0, [guard_value(v) for v in values])
        sheet.freeze_panes(top + 1, 0)
    book.close()
    return target.getvalue()
