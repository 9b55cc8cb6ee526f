"""Money conversions and the reversible spreadsheet guard."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reviewapp.money import format_wan, parse_wan, wan_to_yuan, yuan_to_wan
from reviewapp.safe_cells import csv_text, guard_text, guard_value, unguard_text


@pytest.mark.parametrize(("typed", "yuan"), [
    ("50", 500_000), ("50.5", 505_000), ("50万", 500_000), ("50万元", 500_000),
    ("５０．５", 505_000), ("1,200", 12_000_000), ("0", 0), ("0.0001", 1),
])
def test_parse_wan_reads_what_people_type(typed, yuan):
    """Every form DESIGN.md allows for 万元 gives the same yuan."""
    assert parse_wan(typed) == yuan


@pytest.mark.parametrize("typed", ["", "五十万", "-1", "nan", "inf", "2000000"])
def test_parse_wan_refuses_what_is_not_an_amount(typed):
    """Text, negatives, non-finite and absurd amounts are refused, not guessed."""
    assert parse_wan(typed) is None


def test_wan_display_rounds_half_up_with_separators():
    """Two decimals, half-up, thousands separators; None shows as nothing."""
    assert yuan_to_wan(12_345_678) == Decimal("1234.57")
    assert format_wan(12_345_678) == "1,234.57"
    assert format_wan(None) == ""
    assert wan_to_yuan(Decimal("50.5")) == 505_000


@given(st.integers(min_value=0, max_value=10**12))
def test_yuan_survive_a_round_trip_through_wan_text(yuan):
    """Yuan shown as 万元 with all its digits parse back to the same yuan."""
    assert parse_wan(str(Decimal(yuan) / 10_000)) == yuan or yuan > 10**10


@given(st.text())
def test_guard_is_reversible_and_never_starts_a_formula(text):
    """Guarded text never starts a formula and unguards to the original."""
    guarded = guard_text(text)
    assert unguard_text(guarded) == text
    assert not guarded.startswith(("=", "+", "-", "@"))


def test_guard_keeps_numbers_and_writes_guarded_csv():
    """Only text is guarded; the CSV carries the apostrophe."""
    assert guard_value(-3) == -3
    assert guard_value("-A01") == "'-A01"
    assert csv_text(["id", "x"], [["=1+1", None]]) == "id,x\n'=1+1,\n"
