"""The demo's planted cases agree with the eligibility engine, rule by rule."""

from __future__ import annotations

from reviewapp.call_settings_model import template_2025
from reviewapp.demo import DEMO_DEADLINE, build_demo
from reviewapp.eligibility import check_book, summarize


def test_engine_finds_exactly_the_planted_cases():
    """Plain applications pass every rule; each case fails or flags its own rule."""
    demo = build_demo(seed=11, n_applications=120, n_experts=150)
    outcomes = check_book(demo.book, template_2025(), DEMO_DEADLINE)
    for app in demo.book.applications:
        verdict = summarize(outcomes[app.app_id])
        case = demo.cases.get(app.app_id)
        if case is None or case.verdict == "pass":
            assert verdict.eligible and not verdict.flags, (app.app_id, verdict)
        elif case.verdict == "hard":
            assert case.rule in verdict.failed, (app.app_id, case.name, verdict)
        else:
            assert verdict.eligible and case.rule in verdict.flags, (app.app_id, case.name)
