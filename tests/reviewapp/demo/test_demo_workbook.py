"""The demo book survives the call workbook: export, then import, gives it back."""

from __future__ import annotations

import io

from reviewapp.demo import generate_demo_book
from reviewapp.workbook.export import export_call_book
from reviewapp.workbook.parse import parse_call_book


def test_demo_book_round_trips_through_the_workbook():
    """Staff can export the demo call and import it again without a single issue."""
    book = generate_demo_book(seed=3, n_applications=60, n_experts=90)
    result = parse_call_book(io.BytesIO(export_call_book(book)))
    assert result.issues == []
    assert result.book == book
