"""Spreadsheet-safe cells: no exported text ever runs as a formula, and none loses a character.

The guard is reversible: a text starting with = + - @ (or already starting with
apostrophes before one) gets one more leading apostrophe, which `unguard_text` removes.
Every export — pages, commands, CSV and Excel alike — writes through this module.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# xlsxwriter options: strings stay strings, never formulas, numbers or links.
XLSX_OPTIONS: dict[str, Any] = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}


def guard_text(text: str) -> str:
    """Text safe for a spreadsheet: one more leading ' before a formula start."""
    return "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text


def unguard_text(text: str) -> str:
    """The original of a guarded text (removes the one apostrophe `guard_text` added)."""
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS):
        return text[1:]
    return text


def guard_value(value: Any) -> Any:
    """A cell value with text guarded; numbers, dates, booleans and None pass unchanged."""
    return guard_text(value) if isinstance(value, str) else value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """CSV text (header first) with every text cell guarded; None is an empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([guard_text(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else guard_value(v) for v in row])
    return buffer.getvalue()
