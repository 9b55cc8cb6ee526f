"""The CLI's CSV outputs keep their columns, never start a formula and lose no character."""

from __future__ import annotations

import csv
import io

from reviewapp.eligibility.report import EligibilityRow, StoredOutcome, csv_text
from reviewapp.money import wan_text
from reviewapp.safe_cells import unguard_text
from reviewapp.services.conflicts import ConflictRow, conflicts_csv

AWKWARD = ("-A01", "=HYPERLINK(1)", "+86", "@cmd", "'-kept", "A02")


def read_back(text: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV text, every cell unguarded as a reader of our files does."""
    header, *rows = csv.reader(io.StringIO(text))
    return header, [[unguard_text(cell) for cell in row] for row in rows]


def starts_formula(text: str) -> bool:
    """Whether a spreadsheet would read the cell as a formula."""
    return text[:1] in ("=", "+", "-", "@", "\t", "\r")


def test_conflicts_csv_round_trips_awkward_codes():
    """app_id, expert_id, rule, evidence (with the reason): guarded, then read back whole."""
    rows = [ConflictRow(code, f"E{n}", "E名", "C1", "detected", f"-{code} 任职", reason, False,
                        "") for n, (code, reason) in enumerate(zip(AWKWARD, ("", "=x", "", "",
                                                                                "", ""),
                                                                   strict=True))]
    text = conflicts_csv(rows)
    header, cells = read_back(text)
    assert header == ["app_id", "expert_id", "rule", "evidence"]
    assert [row[0] for row in cells] == list(AWKWARD)
    assert cells[1][3] == "-=HYPERLINK(1) 任职（=x）"
    assert not any(starts_formula(cell) for row in csv.reader(io.StringIO(text)) for cell in row)


def test_eligibility_csv_round_trips_awkward_codes():
    """app_id, eligible 是/否, failed and flagged rules: guarded, then read back whole."""
    rows = [EligibilityRow(n, code, "题目", "T1", "单位",
                           (StoredOutcome("E01", "fail" if n % 2 else "pass", "", ""),
                            StoredOutcome("E20", "flag", "", "")))
            for n, code in enumerate(AWKWARD)]
    header, cells = read_back(csv_text(rows))
    assert header == ["app_id", "eligible", "failed", "flags"]
    assert [row[0] for row in cells] == list(AWKWARD)
    assert cells[0][1:] == ["是", "", "E20"] and cells[1][1:] == ["否", "E01", "E20"]


def test_wan_text_is_exact_without_trailing_zeros():
    """Evidence and form boxes show 万元 exactly: no rounding, no trailing zeros."""
    assert [wan_text(y) for y in (600_000, 500_100, 485_000, 0, 1)] == \
        ["60", "50.01", "48.5", "0", "0.0001"]
