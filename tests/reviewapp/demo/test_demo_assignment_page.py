"""The run page's panels and loads, read in SQL, equal the old Python build on the demo call."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import select

from reviewapp.extensions import db
from reviewapp.models import AssignmentRun, RunPair
from reviewapp.services import assignment_results as results
from reviewapp.staff.common import page_number
from tests.helpers.assignment_reference import (
    reference_load_page,
    reference_loads,
    reference_page,
)

# (search, weak only, page argument): every filter, paging past the end, a bad page.
VARIANTS = [("", False, "1"), ("", False, "2"), ("", False, "4"), ("", False, "99"),
            ("", False, "x"), ("", False, "-3"), ("ZJ00", False, "1"), ("zj0001", False, "1"),
            ("2025", False, "2"), ("智", False, "1"), ("nothing", False, "1"), ("", True, "1"),
            ("", True, "2"), ("ZJ01", True, "1"), ("%", False, "1")]


def assert_same_page(run: AssignmentRun, text: str, weak: bool, page: str) -> None:
    """The service's page equals the reference's, row by row and in every count."""
    want = reference_page(run, text, weak, page)
    got = results.panel_page(run, results.PanelFilters(text, weak),
                             page_number({"page": page}))
    label = (run.id, text, weak, page)
    assert [(p.app_id, p.title, p.direction, p.weak, [
        (m.expert_id, m.name, m.unit, m.affinity, m.explanation, m.status) for m in p.members])
        for p in got.rows] == [(p.app_id, p.title, p.direction, p.weak, p.members)
                               for p in want["rows"]], label
    assert [p.mean for p in got.rows] == [p.mean for p in want["rows"]], label
    assert (got.total, got.page, got.pages, got.weak, len(got.summaries)) == (
        want["total"], want["page"], want["pages"], want["weak"], want["n_panels"]), label
    assert [s.mean for s in got.summaries] == pytest.approx(want["means"], abs=1e-12)
    weakest = sorted(got.summaries, key=lambda s: s.mean)[:10]
    assert [s.app_id for s in weakest] == [code for code, _ in want["weakest"]]


# (search, page argument) of the loads page: codes in either case, names, units, paging.
LOAD_VARIANTS = [("", "1"), ("", "3"), ("", "99"), ("", "x"), ("ZJ01", "1"), ("zj01", "2"),
                 ("大学", "1"), ("王", "1"), ("nothing", "1"), ("%", "1")]


def assert_same_loads(call_id: int, run: AssignmentRun | None) -> None:
    """The loads page, heaviest loads, experts above their maximum and per load, as before."""
    want = reference_loads(call_id, run)
    for text, page in LOAD_VARIANTS:
        old = reference_load_page(call_id, run, text, page)
        new = results.load_page(call_id, run, text, page_number({"page": page}))
        assert [tuple(vars(row).values()) for row in new.rows] == old["rows"], (text, page)
        assert (new.total, new.page, new.pages) == (old["total"], old["page"], old["pages"])
    overview = results.load_overview(call_id, run)
    assert [tuple(vars(row).values()) for row in overview.heaviest] == want[:10]
    assert overview.over == sum(1 for r in want if r[5] is not None and r[3] > r[5])
    assert overview.by_load == sorted(Counter(r[3] for r in want).items())


def weaken(run_id: int) -> None:
    """Make some panels weak: no direction matched on every 7th, low affinity on others."""
    pairs = db.session.scalars(select(RunPair).where(RunPair.run_id == run_id)
                               .order_by(RunPair.application_id, RunPair.id)).all()
    apps = sorted({p.application_id for p in pairs})
    for pair in pairs:
        if pair.application_id in apps[::7]:
            pair.explanation = pair.explanation | {"matched_direction": None}
        if pair.application_id in apps[3::11]:
            pair.affinity = pair.affinity * 0.1
    db.session.commit()


def test_run_page_reads_equal_the_python_build(fresh_app):
    """Every filter and page of the demo's runs and loads, before and after some panels turn
    weak."""
    result = fresh_app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    with fresh_app.app_context():
        runs = db.session.scalars(select(AssignmentRun).where(
            AssignmentRun.status != "infeasible").order_by(AssignmentRun.id)).all()
        current = next(run for run in runs if run.is_current)
        assert len(runs) > 1
        call_id = current.call_id
        for run in runs:
            assert_same_loads(call_id, run)
            for variant in VARIANTS:
                assert_same_page(run, *variant)
        weaken(current.id)
        assert any(p.weak for p in results.panel_summaries(current))
        for variant in VARIANTS:
            assert_same_page(current, *variant)
        assert_same_loads(call_id, None)
