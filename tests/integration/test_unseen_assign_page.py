"""A run started from the assignment page on the unseen workbook keeps every rule.

The workbook is imported through the service on the parametrized database (SQLite and
PostgreSQL); one application is flagged 涉密 in an extra column and must stay offline.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from reviewapp.extensions import db
from reviewapp.models import Application, AssignmentRun, Expert, RunPair
from reviewapp.services.call_import import import_call
from tests.helpers.unseen_book import write_book
from tests.helpers.unseen_cases import CASES, DEADLINE, assert_keeps_every_rule

PER_APP = 3
ELIGIBLE = sorted(case.row["app_id"] for case in CASES if case.eligible)
CLASSIFIED = ELIGIBLE[0]


def classified_book(folder: Path) -> Path:
    """The unseen Chinese workbook with a 涉密 column marking one eligible application."""
    path = write_book(folder / "unseen-classified.xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["申报项目"]
    column = sheet.max_column + 1
    sheet.cell(1, column, "涉密")
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, column, "是" if sheet.cell(row, 1).value == CLASSIFIED else "")
    book.save(path)
    return path


@pytest.fixture
def call_id(app, tmp_path) -> int:
    """The unseen call imported on the test database."""
    with app.app_context():
        result = import_call(classified_book(tmp_path), "未见过的批次", DEADLINE)
        assert result.call_id is not None, result.issues
        return result.call_id


@pytest.mark.parametrize("mode", [{"mode": "optimal"}, {"mode": "fair"},
                                  {"mode": "randomized", "max_prob": "0.6", "seed": "3"}],
                         ids=lambda m: m["mode"])
def test_page_run_keeps_every_rule(app, client, auth, call_id, mode):
    """K experts per eligible online application; no conflict, unavailable or overload."""
    auth.login_as("staff")
    page = client.get(f"/staff/calls/{call_id}/assignment").get_data(as_text=True)
    assert CLASSIFIED in page  # listed for offline handling
    response = client.post(f"/staff/calls/{call_id}/assignment/run",
                           data={"per_app": str(PER_APP), "make_current": "y", **mode})
    assert response.status_code == 302
    result = client.get(response.headers["Location"])
    assert result.status_code == 200
    with app.app_context():
        run = db.session.scalars(select(AssignmentRun)).one()
        assert run.status in ("optimal", "feasible") and run.is_current
        pairs = db.session.execute(
            select(Application.app_id, Expert.expert_id).select_from(RunPair)
            .join(Application, Application.id == RunPair.application_id)
            .join(Expert, Expert.id == RunPair.expert_id)).all()
    online = set(ELIGIBLE) - {CLASSIFIED}
    assert_keeps_every_rule(pairs, online, PER_APP)
    text = result.get_data(as_text=True)
    assert all(app_id in text for app_id in sorted(online)[:10])
