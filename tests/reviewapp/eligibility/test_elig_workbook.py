"""Verdicts on a workbook in the DESIGN.md format, read back through the importer's parser."""

from __future__ import annotations

import pytest

from reviewapp.call_settings_model import template_2025
from reviewapp.demo import DEMO_DEADLINE
from reviewapp.demo.generator import build_demo
from reviewapp.eligibility import RULES_BY_ID, SOFT, check_book, summarize
from reviewapp.workbook.export import export_call_book
from reviewapp.workbook.parse import parse_call_book
from reviewapp.workbook.records import CallBook
from tests.helpers.eligibility_factory import BROKEN, DEADLINE, broken_units, good_app


def _round_trip(book: CallBook) -> CallBook:
    """The book written as an .xlsx workbook and parsed back."""
    parsed = parse_call_book(export_call_book(book))
    assert parsed.book is not None, parsed.issues
    return parsed.book


def test_each_planted_defect_fails_only_its_rule_after_import() -> None:
    apps = tuple(good_app(app_id=f"X{rule_id}", **changes) for rule_id, changes in BROKEN.items())
    book = _round_trip(CallBook(units=broken_units(), applications=apps))
    results = check_book(book, template_2025(), DEADLINE)
    for rule_id in BROKEN:
        verdict = summarize(results[f"X{rule_id}"])
        expected = ((), (rule_id,)) if RULES_BY_ID[rule_id].kind == SOFT else ((rule_id,), ())
        assert (verdict.failed, verdict.flags) == expected, rule_id


@pytest.mark.slow
def test_demo_call_cases_get_their_verdicts() -> None:
    demo = build_demo(n_applications=120, n_experts=40)
    results = check_book(_round_trip(demo.book), template_2025(), DEMO_DEADLINE)
    for app_id, outcomes in results.items():
        verdict = summarize(outcomes)
        case = demo.cases.get(app_id)
        if case is None:
            assert (verdict.failed, verdict.flags) == ((), ()), app_id
        elif case.verdict == "hard":
            assert verdict.failed == (case.rule,), case.name
        elif case.verdict == "soft":
            assert (verdict.failed, verdict.flags) == ((), (case.rule,)), case.name
        else:
            assert verdict.failed == (), case.name
