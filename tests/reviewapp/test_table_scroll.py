"""Wide tables scroll inside their own box, so no page scrolls sideways on a phone."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "reviewapp" / "templates"
# `.data-table` cells keep one line each (macros/styles.html), so the table is as wide as
# its longest row: it must open right inside a box that scrolls sideways.
TABLE = re.compile(r'<table class="data-table"')
BOX = re.compile(r'<div class="(table-scroll|table-wrap)">\s*$')


def unboxed_tables(text: str) -> list[int]:
    """Line numbers of data tables not opened right inside a scrolling box."""
    return [text.count("\n", 0, found.start()) + 1 for found in TABLE.finditer(text)
            if not BOX.search(text[:found.start()])]


def test_every_data_table_sits_in_a_scrolling_box():
    """Each template's data tables open right after `<div class="table-scroll">` (or the
    older `table-wrap`, which scrolls the same way)."""
    found = {str(path.relative_to(TEMPLATES)): unboxed_tables(path.read_text("utf-8"))
             for path in sorted(TEMPLATES.rglob("*.html"))}
    assert {name: lines for name, lines in found.items() if lines} == {}


def test_checker_finds_a_table_outside_a_box():
    """The duplicate-units table of the conflicts page, as it was, is caught."""
    old = ('<h2>Units</h2>\n{% if duplicates %}\n<table class="data-table">\n</table>\n'
           '<div class="table-scroll">\n  <table class="data-table"></table></div>\n')
    assert unboxed_tables(old) == [3]
